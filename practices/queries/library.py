"""The reads behind the practice library and practice pages. A list is one query
plus a fixed number of prefetches, whatever its length; a practice page reads
each of its relations once, however many contributors, barriers or tags it has.

Practices the public may read are live pages without a view restriction. Retired
practices stay listed, after the current ones and marked, so old links and
bookmarks still lead somewhere that names the replacement.
"""

from django.db.models import F

from community.models import Barrier, JourneyStage
from community.people import with_people
from community.terms import by_terms

from ..models import PracticePage, PracticeRating
from . import ideas

PRACTICES_PER_PAGE = 20

# "Retired" leads each order so current practices come first; the page id breaks
# ties, or a practice could show on two pages of one list. "helpful" is the
# order of index practice_helpful. A page made live without being published
# has no first_published_at; it goes last on every database alike.
SORTS = {
    "newest": ("retired", F("first_published_at").desc(nulls_last=True), "-pk"),
    "helpful": ("retired", "-helpful_count", "-pk"),
}
SORT_LABELS = {"newest": "Newest", "helpful": "Most helpful"}
# The orders whose pages are "newer" and "older" than each other.
SORTS_BY_TIME = {"newest"}
DEFAULT_SORT = "newest"


def readable_practices():
    """Practices anyone may read: published and not behind a view restriction."""
    return PracticePage.objects.live().public()


def library_practices(sort=DEFAULT_SORT, stage=None, barrier=None, tag=""):
    """The library's list, filtered by terms chosen from library_filters() and a
    tag as typed; what the cards show is loaded with it."""
    return (
        by_terms(readable_practices(), stage, barrier, tag).order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
        .select_related("journey_stage", "replaced_by")
        .prefetch_related("barriers", "tags")
    )


def library_filters():
    """The terms the library filters by, for its filter form."""
    return {"stages": list(JourneyStage.objects.all()), "barriers": list(Barrier.objects.all())}


def chosen_term(terms, slug):
    """The term of `terms` with `slug`, or None: an unknown slug filters nothing."""
    return next((term for term in terms if term.slug == slug), None)


def contributors(practice):
    """The people credited on `practice`, in the editor's order, with their badges.
    A preview shows the editor's unsaved rows, through the same calls."""
    return list(with_people(practice.contributors.all(), "user"))


def evidence_threads(practice):
    """The forum threads behind the idea `practice` was born from, those anyone may see."""
    if practice.source_idea_id is None:
        return []
    return ideas.evidence_threads(practice.source_idea_id)


def has_rated(user, practice):
    return (user.is_authenticated
            and PracticeRating.objects.filter(practice_id=practice.pk, user=user).exists())

