"""Topic pages: one journey stage or barrier, and what the forums, the board
and the library hold about it. Reads are in queries/topics.py."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..queries import topics
from .ideas import mark_votes


@require_safe
def index(request):
    return render(request, "practices/taxonomy/index.html", {"kinds": topics.topics_index()})


@require_safe
def stage(request, slug):
    return _topic(request, topics.STAGE, slug)


@require_safe
def barrier(request, slug):
    return _topic(request, topics.BARRIER, slug)


def _topic(request, kind, slug):
    term = topics.term_for(kind, slug)
    sections = topics.topic(kind, term, request.user)
    # Idea rows vote as they do on the board, so they are marked the board's way.
    mark_votes(request.user, sections["ideas"].items)
    return render(request, "practices/taxonomy/topic.html", {
        "kind": kind, "term": term, **sections,
    })
