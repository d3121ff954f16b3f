"""How allauth creates and signs in people here."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from . import roles
from .site import site_name


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a Customer; a verified company address adds Worker later.
            roles.grant_role(user, roles.CUSTOMER)
        return user

    def send_mail(self, template_prefix, email, context):
        # allauth signs its e-mails with the Django "sites" name; ours is in the site settings.
        request = allauth_context.request
        domain = request.get_host() if request else ""
        context = {"current_site": SimpleNamespace(name=site_name(request), domain=domain), **context}
        super().send_mail(template_prefix, email, context)
