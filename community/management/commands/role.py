from django.core.management.base import BaseCommand, CommandError

from community import roles
from community.models import User


class Command(BaseCommand):
    help = "Grant, revoke or list the roles of people, by e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("email")
        parser.add_argument(
            "role", nargs="?", help=f"one of: {', '.join(roles.ROLES_BY_SLUG)}"
        )

    def handle(self, action, email, role=None, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No one is registered with the address {email}")
        if action == "list":
            names = [r.slug for r in roles.roles_of(user)]
            self.stdout.write(f"{user.email}: {', '.join(names) or 'no roles'}")
            return
        if not role:
            raise CommandError(f"Say which role to {action}: {', '.join(roles.ROLES_BY_SLUG)}")
        try:
            the_role = roles.get_role(role)
        except roles.UnknownRole as exc:
            raise CommandError(str(exc)) from exc
        if action == "grant":
            changed = roles.grant_role(user, the_role)
            self.stdout.write(
                f"{user.email} is now {the_role.slug}" if changed
                else f"{user.email} was already {the_role.slug}"
            )
        else:
            changed = roles.revoke_role(user, the_role)
            self.stdout.write(
                f"{user.email} is no longer {the_role.slug}" if changed
                else f"{user.email} was not {the_role.slug}"
            )
