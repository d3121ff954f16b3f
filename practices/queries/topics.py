"""The reads behind the topic pages: everything tagged with one journey stage or
one barrier, gathered from the forums, the ideas board and the practice library.

Each section is the head of the list it comes from, read through that list's
own query (the board's, the library's, the forum's way of loading a thread
row), so a topic shows what those lists would show and hides what they hide.
A topic page costs the same few queries however many items it gathers.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import get_object_or_404

from community.models import Barrier, JourneyStage
from community.people import with_people
from forum import queries as forum_queries
from forum.models import Thread

from . import board, library

THREADS_SHOWN = 10
IDEAS_SHOWN = 10
# As many as one page of the library, where "see all" leads.
PRACTICES_SHOWN = library.PRACTICES_PER_PAGE

# The index counts every visible thread, idea and practice by term: on a large
# forum that is a scan of the whole thread table, so the counts are kept a few
# minutes rather than read on every visit. Topic pages count their own term
# afresh, which the indexes on the terms' foreign keys make cheap.
COUNTS_CACHE_KEY = "topics:counts"
COUNTS_SECONDS = 5 * 60


@dataclass(frozen=True)
class Kind:
    """A kind of taxonomy term. `slug` is both its address segment and the name
    of the board's and the library's filter argument for it."""

    slug: str
    model: type
    label: str
    plural: str
    # The field naming the term on threads, ideas and practices alike.
    relation: str
    # Threads carry a journey stage but no barriers.
    has_threads: bool

    @property
    def url_name(self):
        """The topic page's URL name (practices/taxonomy_urls.py), given a term's slug."""
        return f"topics:{self.slug}"


STAGE = Kind("stage", JourneyStage, "Journey stage", "Journey stages", "journey_stage",
             has_threads=True)
BARRIER = Kind("barrier", Barrier, "Barrier removed", "Barriers removed", "barriers",
               has_threads=False)
KINDS = (STAGE, BARRIER)


@dataclass(frozen=True)
class Counts:
    threads: int = 0
    ideas: int = 0
    practices: int = 0


@dataclass
class Section:
    """The first items of one list, and how many the whole list holds."""

    items: list
    total: int

    @property
    def more(self):
        return self.total > len(self.items)


def visible_threads():
    """Threads anyone may read: not hidden, in a published forum (the rule of
    forum.flows.thread_in_sight, as a filter)."""
    return Thread.objects.filter(is_hidden=False, forum__live=True)


def term_for(kind, slug):
    """The term of `kind` with `slug`; an unknown one is a missing page."""
    return get_object_or_404(kind.model, slug=slug)


def topic(kind, term, user):
    """What `term` gathers, as {"threads", "ideas", "practices": Section}; there is
    no "threads" for a barrier. Ideas are the board's top-voted, practices the
    library's newest with retired ones last, threads the latest active."""
    sections = {}
    if kind.has_threads:
        sections["threads"] = _section(stage_threads(term), THREADS_SHOWN)
    sections["ideas"] = _section(
        board.board_ideas(user, "top", **{kind.slug: term}), IDEAS_SHOWN)
    sections["practices"] = _section(
        library.library_practices(**{kind.slug: term}), PRACTICES_SHOWN)
    return sections


def stage_threads(stage):
    """Visible threads at `stage`, latest activity first, loaded as a forum's
    thread list loads its rows."""
    threads = (
        visible_threads().filter(journey_stage=stage)
        .order_by(*forum_queries.SORTS["latest"])
        .select_related("journey_stage").prefetch_related("tags")
    )
    return with_people(threads, "author", "last_post__author")


def _section(items, shown):
    return Section(items=list(items[:shown]), total=items.count())


def topics_index():
    """Every term of each kind, in the editors' order, with its counts:
    [(kind, [(term, Counts)])]."""
    counts = topic_counts()
    return [
        (kind, [(term, counts[kind.slug].get(term.pk, Counts()))
                for term in kind.model.objects.all()])
        for kind in KINDS
    ]


def topic_counts():
    """{kind slug: {term pk: Counts}}, kept for COUNTS_SECONDS."""
    return cache.get_or_set(COUNTS_CACHE_KEY, _count_topics, COUNTS_SECONDS)


def _count_topics():
    # "On the board" and "readable" are the board's and the library's own
    # definitions; ordering is cleared so it does not join the grouping.
    ideas = board.board_ideas(None)
    practices = library.readable_practices()
    counts = {}
    for kind in KINDS:
        field = kind.relation
        threads = _count_by(visible_threads(), field) if kind.has_threads else {}
        by_idea, by_practice = _count_by(ideas, field), _count_by(practices, field)
        counts[kind.slug] = {
            pk: Counts(threads.get(pk, 0), by_idea.get(pk, 0), by_practice.get(pk, 0))
            for pk in {*threads, *by_idea, *by_practice} if pk is not None
        }
    return counts


def _count_by(queryset, field):
    """{term pk: rows of `queryset` tagged with it}, in one grouped query."""
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))
