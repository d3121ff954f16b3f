"""One submit, one object. A double click, or a form sent again after a slow
answer, reaches the server as two identical submits a moment apart; the second
finds what the first made and answers with it, so nothing shows twice and no
counter or notification counts it twice.

The flows that make threads, replies and ideas ask `earlier_submit` first,
inside the transaction that would make the new object and before counting it
against any rate limit.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

# Long enough for an impatient second click or a browser resending; short enough
# that someone posting the same words again on purpose ("Same here") can.
REPEAT_WINDOW = timedelta(seconds=10)


def earlier_submit(author, same):
    """The object `author` made within the last few seconds among `same` (a
    queryset of the kind being submitted, narrowed to the same content), or None.

    It locks the author's row first, so of two identical submits at once the
    second waits until the first has committed, and then finds its object. Call
    it inside a transaction (select_for_update needs one on PostgreSQL)."""
    # Evaluated for the lock alone; SQLite has no row locks, and there its
    # IMMEDIATE transactions already let one writer in at a time.
    list(get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk"))
    since = timezone.now() - REPEAT_WINDOW
    return same.filter(author=author, created_at__gte=since).order_by("-created_at", "-pk").first()
