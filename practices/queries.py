"""The reads behind the ideas board and idea pages. Each list is one query plus a
fixed number of prefetches, whatever its length, and orders the way the partial
indexes on Idea are built, so the database walks an index instead of sorting.
The board pages by keyset (community/keyset.py): a deep page walks the same
index from where the page before ended."""

from datetime import timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from community import keyset
from community.counting import marked_ids
from community.models import Barrier, JourneyStage
from community.people import with_people
from community.terms import by_terms
from forum.models import Thread

from .models import Idea, IdeaComment, StatusChange, Vote

IDEAS_PER_PAGE = 25
COMMENTS_PER_PAGE = 50
# The roadmap shows the busiest ideas of each column; the board's status filter
# lists the rest.
ROADMAP_COLUMN_MAX = 30
RECENTLY_DONE = timedelta(days=90)
SIMILAR_MAX = 5

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


def similar_ideas(title, exclude=None, limit=SIMILAR_MAX):
    """Ideas on the board whose titles share words with `title`, closest first and
    the most wanted among equals; `exclude` is the idea being read. The search
    answers (it holds no merged ideas); the rows are read in one query."""
    from search.query import similar

    skip = [("idea", exclude.pk)] if exclude is not None else []
    hits = similar(title or "", kinds=("idea",), limit=limit, exclude=skip)
    ideas = Idea.objects.filter(merged_into__isnull=True).only(
        "pk", "title", "slug", "status", "vote_count").in_bulk([hit.pk for hit in hits])
    return [ideas[hit.pk] for hit in hits if hit.pk in ideas]


def voted_idea_ids(user, ideas):
    """Which of `ideas` `user` voted for, in one query."""
    return marked_ids(Vote, user, "idea", ideas)


def idea_for(pk):
    """The idea `pk` as its page shows it, merged ones included (they redirect)."""
    ideas = with_people(Idea.objects.select_related("journey_stage"), "author")
    idea = ideas.prefetch_related("barriers", "tags").filter(pk=pk).first()
    if idea is None:
        raise Http404("No such idea")
    return idea


def timeline(idea):
    """The idea's public status changes, oldest first, with the merges of the
    ideas folded into it: a duplicate's voters follow their notice here, and
    read the response there."""
    merged_here = Q(idea__merged_into=idea, to_status=Idea.Status.DUPLICATE)
    changes = StatusChange.objects.filter(Q(idea=idea) | merged_here).select_related("idea")
    return list(with_people(changes, "changed_by"))


def evidence_threads(idea):
    """The threads backing `idea` that anyone may see; taken-down ones stay out
    even for moderators, as this is a public page."""
    return list(
        Thread.objects.filter(evidence__idea=idea, is_hidden=False, forum__live=True)
        .order_by("evidence__created_at", "evidence__id")
    )


def ideas_citing(thread):
    """The board's ideas that cite `thread` as evidence, in one query."""
    return list(
        Idea.objects.filter(evidence__thread=thread, merged_into__isnull=True)
        .only("pk", "title", "slug").order_by("-vote_count", "-pk")
    )


def comments(idea):
    """The idea's comments, oldest first, with their authors' badges; hidden ones
    keep their place so page numbers and links stay put."""
    return with_people(IdeaComment.objects.filter(idea=idea), "author").order_by("created_at", "pk")


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
