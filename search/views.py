"""The site search page and the header box's suggestions. Both ask the one
entry point, search.query; what may be found was decided when it was indexed."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from community.forms import one_line

from . import query
from .documents import FACETS, types

FACET_LABELS = {
    "kind": "Type", "forum": "Forum", "status": "Status", "stage": "Journey stage",
    "barrier": "Barrier removed", "tag": "Tag",
}
QUERY_MAX = 200
# What may already answer a new thread: another thread, or a practice.
BEFORE_YOU_POST = ("thread", "practice")
# More values of one facet than anyone ticks by hand: the rest is ignored.
CHOSEN_MAX = 10


@require_safe
def results(request):
    text = _text(request)
    filters = {name: values[:CHOSEN_MAX] for name in FACETS
               if (values := [v for v in map(one_line, request.GET.getlist(name)) if v])}
    found = query.search(text, filters, page=_number(request.GET.get("page"))) if text else None
    kinds = _kind_labels()
    return render(request, "search/results.html", {
        "q": text,
        "results": found,
        "hits": [(hit, kinds.get(hit.kind, hit.kind)) for hit in found.hits] if found else [],
        "facets": _facets(found, kinds),
        "page_obj": _pages(found),
    })


@require_safe
def suggestions(request):
    text = _text(request)
    found = query.suggest(text) if text else []
    kinds = _kind_labels()
    return render(request, "search/_suggestions.html", {
        "suggestions": [(item, kinds.get(item.kind, item.kind)) for item in found], "q": text,
    })


@require_safe
def before_you_post(request):
    """Threads and practices like the title of a thread being written, so the
    answer is found before the question is asked again (HTMX, as the title changes)."""
    title = one_line(request.GET.get("title", ""))[:QUERY_MAX]
    hits = query.similar(title, kinds=BEFORE_YOU_POST, limit=5) if title else []
    kinds = _kind_labels()
    return render(request, "search/_before_you_post.html", {
        "hits": [(hit, kinds.get(hit.kind, hit.kind)) for hit in hits],
    })


def _text(request):
    # On one line, without control characters: PostgreSQL refuses a NUL in any text.
    return one_line(request.GET.get("q", ""))[:QUERY_MAX]


def _number(value):
    # Anything that is not a sensible page number is the first page; the entry
    # point clamps one past the end.
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 7 else 1


def _kind_labels():
    # A kind's own words for it in the singular would need another field; the
    # registered plural labels read well as a facet and as a tag over a hit.
    return {t.kind: t.label for t in types()}


def _facets(found, kinds):
    """The facets to show, in a fixed order: (name, label, [(value, shown as,
    count, chosen, at least)]); empty ones left out. "At least": counted among
    the first results only, so the page shows "1,000+"."""
    if found is None:
        return []
    return [
        (name, FACET_LABELS[name], [
            (value.label, kinds.get(value.label, value.label) if name == "kind" else value.label,
             value.count, value.selected, value.count_is_lower_bound)
            for value in found.facets[name]])
        for name in FACETS if found.facets.get(name)
    ]


def _pages(found):
    """A Django page for the result list's links. The paginator counts a range,
    not rows: the backend already returned only this page's hits. Past the
    results cap there are no pages: the total is the cap then."""
    if found is None or not found.total:
        return None
    page_obj = Paginator(range(found.total), found.query.per_page).get_page(found.query.page)
    # The page links around this one, as the shared pagination shows them.
    page_obj.elided_range = list(page_obj.paginator.get_elided_page_range(page_obj.number))
    return page_obj
