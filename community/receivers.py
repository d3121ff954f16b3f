from allauth.account.signals import email_confirmed
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save
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


@receiver(m2m_changed, sender=User.groups.through)
def announce_new_roles(sender, instance, action, reverse, pk_set, **kwargs):
    # Roles are groups, so they can be given from either side of the relation:
    # user.groups.add(...) in code and the admin's user form, group.user_set.add(...) elsewhere.
    if action != "post_add" or not pk_set:
        return
    if reverse:
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    for user, group in pairs:
        role = roles.ROLES_BY_GROUP.get(group.name)
        if role:
            roles.announce_role(user, role)
