"""The reads behind the ideas board and the roadmap. Each list is one query
plus a fixed number of prefetches, whatever its length, and orders the way the
partial indexes on Idea are built, so the database walks an index instead of
sorting. The board pages by keyset (community/keyset.py): a deep page walks the
same index from where the page before ended."""

from datetime import timedelta

from django.utils import timezone

from community import keyset
from community.counting import marked_ids
from community.models import Barrier, JourneyStage
from community.terms import by_terms

from ..models import Idea, Vote

IDEAS_PER_PAGE = 25
# The roadmap shows the busiest ideas of each column; the board's status filter
# lists the rest.
ROADMAP_COLUMN_MAX = 30
RECENTLY_DONE = timedelta(days=90)

# Each order is the order of one of Idea's indexes; scores and counts tie all the
# time, and times now and then, so the primary key breaks ties, or an idea could
# show on two pages.
SORTS = {
    "trending": ("-trending_score", "-pk"),
    "top": ("-vote_count", "-pk"),
    "new": ("-created_at", "-pk"),
    "updated": ("-updated_at", "-pk"),
}
SORT_LABELS = {"trending": "Trending", "top": "Top", "new": "New", "updated": "Recently updated"}
# The orders whose pages are "newer" and "older" than each other.
SORTS_BY_TIME = {"new", "updated"}


def board_ideas(user, sort="trending", status=None, stage=None, barrier=None, tag=None,
                voted=False):
    """The ideas on the board, merged ones never among them."""
    ideas = by_terms(Idea.objects.filter(merged_into__isnull=True), stage, barrier, tag)
    if status:
        ideas = ideas.filter(status=status)
    if voted:
        ideas = ideas.filter(pk__in=Vote.objects.filter(user=user).values("idea_id"))
    return ideas.order_by(*SORTS[sort]).select_related("journey_stage")


def board_cursor(idea, sort="trending"):
    """The cursor (`?after=`) of the page of the board, sorted by `sort`, that
    begins right after `idea`, whatever the filters."""
    return keyset.cursor(Idea.objects.order_by(*SORTS[sort]), idea)


def board_filters():
    """The choices the board filters by, for its filter form."""
    return {
        "statuses": Idea.Status.choices,
        "stages": list(JourneyStage.objects.all()),
        "barriers": list(Barrier.objects.all()),
    }


def voted_idea_ids(user, ideas):
    """Which of `ideas` `user` voted for, in one query."""
    return marked_ids(Vote, user, "idea", ideas)


def roadmap(now=None):
    """The roadmap's columns as (status, label, ideas, more): what is planned, in
    progress, and done in the last 90 days, `more` saying the column was cut short.
    One query per column, however many ideas there are."""
    now = now or timezone.now()
    on_board = Idea.objects.filter(merged_into__isnull=True).only(
        "pk", "title", "slug", "status", "vote_count", "updated_at")
    columns = [
        (Idea.Status.PLANNED, on_board.filter(status=Idea.Status.PLANNED)
         .order_by(*SORTS["top"])),
        (Idea.Status.IN_PROGRESS, on_board.filter(status=Idea.Status.IN_PROGRESS)
         .order_by(*SORTS["top"])),
        (Idea.Status.DONE, on_board.filter(status=Idea.Status.DONE,
                                           updated_at__gte=now - RECENTLY_DONE)
         .order_by(*SORTS["updated"])),
    ]
    labels = {Idea.Status.DONE: "Recently done"}
    result = []
    for status, ideas in columns:
        # One more than shown, to know whether there are more without counting.
        found = list(ideas[:ROADMAP_COLUMN_MAX + 1])
        result.append((status, labels.get(status, status.label), found[:ROADMAP_COLUMN_MAX],
                       len(found) > ROADMAP_COLUMN_MAX))
    return result
