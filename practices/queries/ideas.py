"""The reads behind an idea's page: the idea with its people, its public
timeline, evidence and comments, and the ideas like a title being typed."""

from django.db.models import Q
from django.http import Http404

from community.people import with_people
from forum.models import Thread

from ..models import Idea, IdeaComment, StatusChange

COMMENTS_PER_PAGE = 50
SIMILAR_MAX = 5


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
