"""Marking practices helpful: what readers do in the practice library.

Each function checks permission itself. The helpful count changes in the same
transaction as the rating rows it counts, under the practice's row lock, so
concurrent clicks never lose an update.
"""

from django.db import transaction
from django.db.models import F

from community.counting import toggle_row
from community.ratelimit import consume
from community.refusals import NotAllowed, refuse
from search.indexing import index_later

from ..cached_pages import practice_changed
from ..models import PracticePage, PracticeRating
from ..permissions import can_rate, rate_refusal  # noqa: F401  (the library's pages ask them here)

__all__ = ["NotAllowed"]  # re-exported: the one refusal every flow raises

# Marking a practice helpful is as cheap to repeat as marking a post helpful, and
# both are the reader's "helpful" reactions, so they share one allowance.
RATE_LIMIT = "forum.react"


def toggle_helpful_practice(practice, user):
    """Mark `practice` helpful, or take the mark back; returns (rated, helpful_count)."""
    refuse(rate_refusal(user, practice))
    consume(user, RATE_LIMIT)
    with transaction.atomic():
        # Locked and re-read: an editor may have unpublished or retired the practice
        # since it was loaded, and the locked row's count is the one to add to.
        locked = (PracticePage.objects.select_for_update(of=("self",))
                  .only("live", "retired", "helpful_count").get(pk=practice.pk))
        refuse(rate_refusal(user, locked))
        change = toggle_row(PracticeRating, practice=locked, user=user).change
        if change:
            PracticePage.objects.filter(pk=locked.pk).update(
                helpful_count=F("helpful_count") + change)
            practice_changed(locked.pk)
            index_later(locked)  # helpful practices rank higher
    return change >= 0, locked.helpful_count + change


def take_back_ratings(user):
    """Take `user`'s ratings off the counts before the person is deleted; the
    deletion would remove the rows (CASCADE) behind the counters' back."""
    rated = PracticeRating.objects.filter(user=user)
    PracticePage.objects.filter(pk__in=rated.values("practice_id")).update(
        helpful_count=F("helpful_count") - 1)
    rated.delete()


def recount_helpful(practice):
    """Set the practice's helpful count from its rating rows; returns the count."""
    count = PracticeRating.objects.filter(practice=practice).count()
    PracticePage.objects.filter(pk=practice.pk).update(helpful_count=count)
    practice.helpful_count = count
    practice_changed(practice.pk)
    index_later(practice)
    return count


