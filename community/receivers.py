from allauth.account.signals import email_confirmed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import roles
from .models import User, mark_email_verified


@receiver(email_confirmed)
def grant_roles_on_verification(sender, request, email_address, **kwargs):
    roles.grant_roles_for_verified_email(email_address.user, email_address.email)


@receiver(post_save, sender=User)
def verify_fixture_users(sender, instance, created, raw, **kwargs):
    # Fixtures save users raw, bypassing the manager; nobody will click a link for them.
    if raw:
        mark_email_verified(instance)
