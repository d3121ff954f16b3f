"""Rules about people that views, commands and tests share."""

from django.db import IntegrityError, transaction

from .models import Skill


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
