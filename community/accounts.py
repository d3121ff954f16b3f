"""How allauth creates and signs in people here."""

from allauth.account.adapter import DefaultAccountAdapter

from . import roles


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a Customer; a verified company address adds Worker later.
            roles.grant_role(user, roles.CUSTOMER)
        return user
