"""The practice library and practice pages, served by their pages' routes. Views
read through library.py and change things only through ratings.py, which
checks every permission."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from community import keyset
from community.refusals import REFUSALS, refusal_status
from community.web import is_htmx

from ..queries import library
from ..flows import ratings, publishing


def library_page(request, page):
    """The library: practices filtered by stage, barrier and tag; values that name
    no term or sort, and cursors of no page, are ignored rather than refused."""
    choices = library.library_filters()
    sort = request.GET.get("sort")
    sort = sort if sort in library.SORTS else library.DEFAULT_SORT
    stage = library.chosen_term(choices["stages"], request.GET.get("stage"))
    barrier = library.chosen_term(choices["barriers"], request.GET.get("barrier"))
    tag = request.GET.get("tag", "").strip()
    if old_page := keyset.old_page_link(request):
        return redirect(old_page)
    practices = library.library_practices(sort, stage, barrier, tag)
    page_obj = keyset.page(practices, library.PRACTICES_PER_PAGE,
                           after=request.GET.get("after"), before=request.GET.get("before"))
    return page.render(request, context_overrides={
        "page_obj": page_obj, "sort": sort, "sorts": library.SORT_LABELS,
        "by_time": sort in library.SORTS_BY_TIME,
        "stage": stage, "barrier": barrier, "tag": tag, **choices,
        "can_propose": publishing.can_propose(request.user),
    })


def practice(request, page, error=None, status=200):
    response = page.render(request, context_overrides={
        "contributors": library.contributors(page),
        "evidence": library.evidence_threads(page),
        "library": page.get_parent(),
        "rated": library.has_rated(request.user, page),
        "rate_refusal": ratings.rate_refusal(request.user, page),
        "rating_error": error,
    })
    response.status_code = status
    return response


def helpful(request, page):
    """Toggle "helpful" by POST. HTMX swaps in the button; a plain form comes back
    to the practice, or to it with the reason beside the button when refused."""
    if request.method != "POST":
        # The address a sign-in sends people back to: answer with the practice.
        return redirect(page.get_url(request))
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    error, status = None, 200
    try:
        rated, count = ratings.toggle_helpful_practice(page, request.user)
        page.helpful_count = count
    except REFUSALS as refusal:
        rated, error = library.has_rated(request.user, page), str(refusal)
        status = refusal_status(refusal)
    if is_htmx(request):
        # HTMX leaves the page alone on an error status, so a refusal comes back as
        # a normal answer: the button as it was, with the reason beside it.
        return render(request, "practices/library/_helpful.html", {
            "page": page, "rated": rated, "rating_error": error,
            "rate_refusal": ratings.rate_refusal(request.user, page),
        })
    if error:
        return practice(request, page, error=error, status=status)
    return redirect(page.get_url(request) + "#helpful")
