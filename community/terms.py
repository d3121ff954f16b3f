"""Journey stages, barriers and tags as filters: the one way the ideas board,
the practice library and whatever lists them next narrow by them."""

from django.utils.text import slugify


def by_terms(items, stage=None, barrier=None, tag=""):
    """`items` (ideas, practices: anything with a journey stage, barriers and
    tags) at `stage`, removing `barrier` and tagged `tag`, each when given."""
    if stage:
        items = items.filter(journey_stage=stage)
    if barrier:
        items = items.filter(barriers=barrier)
    if tag:
        # Typed into a text box, so "Opening hours" finds the tag "opening-hours" too.
        items = items.filter(tags__slug=slugify(tag, allow_unicode=True))
    return items
