"""The five roles of the community, as Django groups, and the rules that grant them.

Groups are the single source of truth: permissions hang off them, and the role
badge next to a person's name is read from them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction


@dataclass(frozen=True)
class Role:
    slug: str
    group: str
    badge: str  # shown next to the person's name; empty for no badge


CUSTOMER = Role("customer", "Customers", "")
WORKER = Role("worker", "Workers", "Worker")
OPERATIONS = Role("ops", "Operations", "Ops")
MODERATOR = Role("moderator", "Moderators", "Moderator")
EDITOR = Role("editor", "Editors", "")

ROLES = (CUSTOMER, WORKER, OPERATIONS, MODERATOR, EDITOR)
ROLES_BY_SLUG = {role.slug: role for role in ROLES}
ROLES_BY_GROUP = {role.group: role for role in ROLES}


class UnknownRole(ValueError):
    pass


def get_role(slug):
    try:
        return ROLES_BY_SLUG[slug]
    except KeyError:
        raise UnknownRole(
            f"Unknown role {slug!r}; choose from {', '.join(ROLES_BY_SLUG)}"
        ) from None


def has_role(user, role):
    """Whether `user` holds `role`. Reads `user.groups.all()`, so prefetching
    `groups` keeps lists of people to a constant number of queries."""
    if not user.is_authenticated:
        return False
    return any(group.name == role.group for group in user.groups.all())


def roles_of(user):
    """The user's roles in the order of ROLES, so badges always read the same way."""
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLES if role.group in names]


def grant_role(user, role):
    """Give `user` the role; returns False when they already had it.
    (However a role is given, here or in the admin, the holder is told: see receivers.)"""
    group = Group.objects.get(name=role.group)
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    return True


def announce_role(user, role):
    """Tell `user` about a role that shows next to their name, once the grant is committed."""
    if not role.badge:
        return
    # Imported here: notifications depend on community, not the other way round.
    from community.notifications.service import notify

    transaction.on_commit(
        lambda: notify(
            [user], "community.role_granted", target=user,
            title=f"You are now a {role.badge} in the community",
        )
    )


def revoke_role(user, role):
    """Take the role away; returns False when they did not have it."""
    group = Group.objects.get(name=role.group)
    if not user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.remove(group)
    return True


def is_worker_email(email):
    domain = email.rsplit("@", 1)[-1].lower()
    return domain in settings.WORKER_EMAIL_DOMAINS


def grant_roles_for_verified_email(user, email):
    """A verified address on a company domain makes its owner a Worker."""
    if is_worker_email(email):
        return grant_role(user, WORKER)
    return False


def is_moderator(user):
    """Whether `user` moderates: the forums' posts and threads, and comments on ideas."""
    return user.is_authenticated and user.has_perm("forum.moderate_forum")
