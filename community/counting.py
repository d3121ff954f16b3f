"""Counters kept equal to the rows they count."""

from django.db import IntegrityError, transaction


def toggle_row(model, **fields):
    """Remove the row of `model` with `fields`, or add it when there is none.

    Returns the change to make to the counter of those rows: -1, +1, or 0 when a
    concurrent insert of the same row won the race (a unique constraint on
    `fields` keeps one, and it was counted once). Call it in the transaction that
    updates the counter, under the counted row's lock."""
    removed, _ = model.objects.filter(**fields).delete()
    if removed:
        return -1
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:  # a double click won the race
        return 0
    return 1


def marked_ids(model, user, field, items):
    """Which of `items` `user` marked with a row of `model` (a vote, a helpful
    mark), by the row's foreign key `field`: one query for a whole page."""
    if not user.is_authenticated or not items:
        return set()
    return set(model.objects.filter(user=user, **{f"{field}__in": [item.pk for item in items]})
               .values_list(f"{field}_id", flat=True))
