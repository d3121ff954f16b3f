"""The ideas board, idea pages, submitting and voting. Views read through
queries/ and change things only through flows/, which checks every
permission; refusals come back as forum refusals do (forum/views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from community import keyset, markdown
from community.next_url import posted_next
from community.refusals import REFUSALS
from community.roles import is_moderator
from community.web import answers_refusals, is_htmx, submitted
from community.paging import get_page
from forum.models import Thread
from forum.queries import similar_threads, thread_for

from .. import flows, queries
from ..cached_pages import showing_ideas
from ..forms import CiteForm, CommentForm, IdeaForm
from ..models import Idea, IdeaComment, IdeasBoardPage

SUBMIT_TEMPLATE = "practices/idea_form.html"
VOTE_FIELDS = ("title", "slug", "status", "merged_into", "vote_count")
CITE_CHOICES = 10


# --- The board (served by IdeasBoardPage's routes) ------------------------------------

def board(request, page):
    choices = queries.board_filters()
    sort = request.GET.get("sort") if request.GET.get("sort") in queries.SORTS else "trending"
    status = request.GET.get("status") if request.GET.get("status") in Idea.Status.values else ""
    stage = _chosen(choices["stages"], request.GET.get("stage"))
    barrier = _chosen(choices["barriers"], request.GET.get("barrier"))
    tag = request.GET.get("tag", "")
    voted = request.GET.get("voted") == "1"
    if voted and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if old_page := keyset.old_page_link(request):
        return redirect(old_page)
    ideas = queries.board_ideas(request.user, sort, status, stage, barrier, tag, voted)
    page_obj = keyset.page(ideas, queries.IDEAS_PER_PAGE,
                           after=request.GET.get("after"), before=request.GET.get("before"))
    mark_votes(request.user, page_obj.object_list)
    return page.render(request, context_overrides={
        "page_obj": page_obj, "sort": sort, "sorts": queries.SORT_LABELS, "status": status,
        "by_time": sort in queries.SORTS_BY_TIME,
        "stage": stage, "barrier": barrier, "tag": tag, "voted": voted,
        "can_submit": flows.can_submit(request.user), **choices,
    })


@answers_refusals
def submit(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _refuse_submit(request.user)
    form = IdeaForm(request.POST or None)
    idea, status = submitted(form, lambda: flows.submit_idea(request.user, **form.cleaned_data))
    if idea:
        return redirect(idea)
    response = page.render(request, template=SUBMIT_TEMPLATE, context_overrides={
        "form": form, **_similar_to(form["title"].value()),
    })
    response.status_code = status
    return response


@require_safe
@answers_refusals
def similar(request):
    """What already exists like the title being typed into the idea form, so a
    duplicate is caught before it is made (HTMX fetches it as the title changes).
    Only for those who may submit: it reads every thread title."""
    _refuse_submit(request.user)
    title = request.GET.get("title", "")[: Idea._meta.get_field("title").max_length]
    promoted = request.GET.get("thread", "")
    # Only the id is needed to leave that thread out, so a stale or made-up one is
    # harmless; one wider than the database's integers is ignored.
    fits = promoted.isascii() and promoted.isdigit() and len(promoted) < 19
    thread = Thread(pk=int(promoted)) if fits else None
    return render(request, "practices/_similar.html", _similar_to(title, thread))


def roadmap(request, page):
    return page.render(request, template="practices/roadmap.html", context_overrides={
        "columns": queries.roadmap(),
        "recent_days": queries.RECENTLY_DONE.days,
    })


# --- Ideas --------------------------------------------------------------------------

@require_safe
def idea(request, pk, slug=None):
    idea = queries.idea_for(pk)
    if idea.merged_into_id is not None:
        return redirect(idea.merged_into)
    if slug != (idea.slug or "-"):
        return redirect(idea)
    return _idea_page(request, idea)


def _idea_page(request, idea, form=None, status=200):
    mark_votes(request.user, [idea])
    comments = get_page(queries.comments(idea), queries.COMMENTS_PER_PAGE, request.GET.get("page"))
    return render(request, "practices/idea.html", {
        "idea": idea,
        "texts": [(heading, markdown.render(text)) for heading, text in (
            ("The problem", idea.problem), ("The proposal", idea.proposal),
            ("The outcome", idea.outcome))],
        "timeline": queries.timeline(idea),
        "evidence": queries.evidence_threads(idea),
        "similar_ideas": showing_ideas(request, queries.similar_ideas(idea.title, exclude=idea)),
        "board": _board(),
        "comments": comments,
        "comment_form": form or CommentForm(),
        "comment_refusal": flows.comment_refusal(request.user, idea),
        "is_moderator": is_moderator(request.user),
    }, status=status)


@login_required
@answers_refusals
def _comment(request, pk):
    idea = queries.idea_for(pk)
    form = CommentForm(request.POST)
    comment, status = submitted(
        form, lambda: flows.add_comment(idea, request.user, form.cleaned_data["body"]))
    if comment:
        return redirect(comment)
    # The idea page again, with everything typed still in the box and the reason above it.
    return _idea_page(request, idea, form, status=status)


@login_required
@require_POST
@answers_refusals
def hide_comment(request, pk):
    comment = get_object_or_404(IdeaComment.objects.select_related("idea"), pk=pk)
    flows.hide_comment(comment, request.user, reason=request.POST.get("reason", ""))
    return redirect(comment)


def _idea_action(slug, post_view):
    """The view at ideas/<pk>/<slug>/, an action taken by POST. An idea titled
    like the action has the same address as its slug variant, so a GET answers
    as the idea page."""

    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request, pk):
        if request.method != "POST":
            return idea(request, pk, slug)
        return post_view(request, pk)

    return view


@login_required
@answers_refusals
def _vote(request, pk):
    # What the refusal, the answer and the way back read; never the idea's long texts.
    idea = get_object_or_404(Idea.objects.only(*VOTE_FIELDS), pk=pk)
    if not is_htmx(request):
        flows.toggle_vote(idea, request.user)
        # Back where the button was pressed, the board as often as the idea page.
        return redirect(posted_next(request) or idea)
    error = None
    try:
        idea.voted, idea.vote_count = flows.toggle_vote(idea, request.user)
    except REFUSALS as refusal:
        # HTMX leaves the page alone on an error status, so the refusal comes back
        # as a normal answer: the button as it was, with the reason beside it.
        idea.voted = idea.pk in queries.voted_idea_ids(request.user, [idea])
        error = str(refusal)
    idea.can_vote = flows.can_vote(request.user, idea)
    return render(request, "practices/_vote.html", {"idea": idea, "error": error})


vote = _idea_action("vote", _vote)
comment = _idea_action("comment", _comment)


@answers_refusals
def promote(request, thread_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _refuse_submit(request.user)
    thread = thread_for(request.user, thread_id)
    form = IdeaForm(request.POST or None, initial=flows.prefill_from_thread(thread), thread=thread)
    idea, status = submitted(
        form, lambda: flows.promote_thread(thread, request.user, **form.cleaned_data))
    if idea:
        return redirect(idea)
    context = {"form": form, "thread": thread, "page": _board(),
               **_similar_to(form["title"].value(), thread)}
    return render(request, SUBMIT_TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_refusals
def cite(request, thread_id):
    """Add a thread as evidence to an idea already on the board: the ideas like
    the thread come first, and a search finds the others."""
    _refuse_submit(request.user)
    thread = thread_for(request.user, thread_id)
    form = CiteForm(request.POST or None)
    added, status = submitted(
        form, lambda: flows.add_evidence(form.cleaned_data["idea"], thread, request.user))
    if status == 200 and form.is_bound and form.is_valid():
        idea = form.cleaned_data["idea"]
        messages.success(request, f"This thread now backs “{idea.title}”." if added
                         else f"This thread already backed “{idea.title}”.")
        return redirect(thread)
    asked = request.GET.get("q", "")[: Idea._meta.get_field("title").max_length]
    context = {
        "thread": thread, "form": form, "asked": asked,
        "ideas": queries.similar_ideas(asked or thread.title, limit=CITE_CHOICES),
        "cited": {idea.pk for idea in queries.ideas_citing(thread)},
    }
    return render(request, "practices/cite.html", context, status=status)


# --- Helpers ------------------------------------------------------------------------

def _refuse_submit(user):
    if reason := flows.submit_refusal(user):
        raise flows.NotAllowed(reason)


def _similar_to(title, thread=None):
    title = title or ""
    return {"similar_ideas": queries.similar_ideas(title),
            "similar_threads": similar_threads(title, exclude=thread),
            "similar_for": title}


def mark_votes(user, ideas):
    voted = queries.voted_idea_ids(user, ideas)
    for item in ideas:
        item.voted = item.pk in voted
        item.can_vote = flows.can_vote(user, item)


def _chosen(terms, slug):
    return next((term for term in terms if term.slug == slug), None)


def _board():
    return IdeasBoardPage.objects.live().first()
