"""Rules about people that views, commands and tests share."""

from .models import Skill


def set_skills(user, names):
    """Replace the user's skills with `names`, reusing existing skills whatever their case."""
    skills = []
    for name in names:
        skill = Skill.objects.filter(name__iexact=name).first()
        skills.append(skill or Skill.objects.create(name=name))
    user.skills.set(skills)
