"""Rules about people that views, commands and tests share."""

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Skill, User

HANDLE_LENGTH = 40


def set_skills(user, names):
    """Replace the user's skills with `names`, reusing existing skills whatever their case."""
    user.skills.set([skill_named(name) for name in names])


def skill_named(name):
    skill = Skill.objects.filter(name__iexact=name).first()
    if skill:
        return skill
    try:
        with transaction.atomic():
            return Skill.objects.create(name=name)
    except IntegrityError:
        # Someone created it between our look and our insert.
        return Skill.objects.get(name__iexact=name)


def free_handle(name, exclude_pk=None):
    """An unused @handle made from `name`: "Nina Patel" -> "nina-patel", then "nina-patel-2"."""
    base = (slugify(name) or "member")[: HANDLE_LENGTH - 6]
    taken = set(
        User.objects.filter(handle__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("handle", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def suspend(user, *, until, moderator, reason=""):
    """Stop `user` from writing until `until`. Logged for the admins."""
    from wagtail.log_actions import log

    user.suspended_until = until
    user.save(update_fields=["suspended_until"])
    log(instance=user, action="community.suspend", user=moderator,
        data={"until": until.isoformat(), "reason": reason})


def restore(user, *, moderator):
    """Lift a suspension."""
    from wagtail.log_actions import log

    user.suspended_until = None
    user.save(update_fields=["suspended_until"])
    log(instance=user, action="community.restore", user=moderator)


def can_write(user):
    """Whether `user` may post, reply, react, vote or flag at all."""
    return user.is_authenticated and user.is_active and not user.is_suspended


def with_people(queryset, *paths):
    """`queryset` with the people at `paths` joined in and their role badges prefetched."""
    return queryset.select_related(*paths).prefetch_related(*(f"{p}__groups" for p in paths))
