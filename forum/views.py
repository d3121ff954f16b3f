"""Forum pages and the actions on them. Views read through queries.py and change
things only through flows.py, which checks every permission; a refusal comes
back as a 403 (or 429 when rate limited) carrying the flow's own words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from community import keyset
from community.people import can_write
from community.refusals import REFUSALS
from community.web import answers_refusals, is_htmx, submitted
from community.writing import BODY_MAX, render_body

from . import flows, queries
from .forms import EditPostForm, ReplyForm, ThreadForm
from .models import THREADS_PER_PAGE
from .thread_page import quote, thread_context


# --- Forum pages (served by ForumPage's routes) ---------------------------------------

def thread_list(request, forum):
    show = request.GET.get("filter") if request.GET.get("filter") in queries.FILTERS else "all"
    sort = request.GET.get("sort") if request.GET.get("sort") in queries.SORTS else "latest"
    if show == "mine" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if old_page := keyset.old_page_link(request):
        return redirect(old_page)
    threads = queries.forum_threads(forum, request.user, show, sort)
    page_obj = keyset.page(threads, THREADS_PER_PAGE,
                           after=request.GET.get("after"), before=request.GET.get("before"))
    return forum.render(request, context_overrides={
        "page_obj": page_obj,
        "show": show,
        "sort": sort,
        "by_time": sort in queries.SORTS_BY_TIME,
        "filters": queries.FILTER_LABELS,
        "sorts": queries.SORT_LABELS,
    })


def start_thread(request, forum):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form, preview = _composed(request, ThreadForm)
    thread, status = submitted(form, lambda: flows.start_thread(
        forum=forum, author=request.user, **form.cleaned_data
    ))
    if thread:
        return redirect(thread)
    response = forum.render(request, template="forum/thread_new.html", context_overrides={
        "form": form, "preview": preview, "can_write": can_write(request.user),
    })
    response.status_code = status
    return response


# --- Threads and posts ----------------------------------------------------------------

@require_safe
def thread(request, pk, slug=None):
    thread = queries.thread_for(request.user, pk)
    if slug != (thread.slug or "-"):
        query = request.GET.urlencode()
        return redirect(thread.get_absolute_url() + (f"?{query}" if query else ""))
    quoted = queries.quotable_post(thread, request.GET.get("quote"))
    form = ReplyForm(initial={"body": quote(quoted)} if quoted else None)
    return render(request, "forum/thread.html",
                  thread_context(request, thread, request.GET.get("page"), form))


@require_safe
def post_permalink(request, pk):
    return redirect(_location(queries.post_for(request.user, pk)))


@login_required
@require_POST
def reply(request, pk):
    thread = queries.thread_for(request.user, pk)
    form, preview = _composed(request, ReplyForm)
    post, status = submitted(form, lambda: flows.post_reply(
        thread=thread, author=request.user, body=form.cleaned_data["body"]
    ))
    if post:
        return redirect(_location(post))
    # Back to the last page, where the reply box is, with everything typed still in it.
    last_page = queries.last_page_number(thread)
    context = thread_context(request, thread, last_page, form, preview)
    return render(request, "forum/thread.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def edit_post(request, pk):
    post = _editable_post(request, pk)
    initial = {"body": post.body, "title": post.thread.title}
    form, preview = _composed(request, EditPostForm, initial=initial, with_title=post.is_opening)
    edited, status = submitted(form, lambda: flows.edit_post(
        post=post, editor=request.user, body=form.cleaned_data["body"],
        title=form.cleaned_data.get("title"),
    ))
    if edited:
        messages.success(request, "Your changes are saved.")
        # The permalink, not the thread address: a new title means a new slug.
        return redirect(post.get_absolute_url())
    context = {"post": post, "thread": post.thread, "form": form, "preview": preview}
    return render(request, "forum/post_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@answers_refusals
def delete_post(request, pk):
    post = _editable_post(request, pk)
    takedown = flows.takes_down(request.user, post)
    if request.method != "POST":
        context = {"post": post, "thread": post.thread, "takedown": takedown}
        return render(request, "forum/post_delete.html", context)
    flows.delete_post(post=post, user=request.user)
    if takedown:
        messages.success(request, "The post is hidden, and any flags on it are closed.")
        return redirect(_location(post))
    if post.is_opening:
        messages.success(request, "Your thread was deleted.")
        return redirect(post.thread.forum.url)
    messages.success(request, "Your post was deleted.")
    return redirect(_location(post))


@login_required
@require_POST
@answers_refusals
def mark_solution(request, pk):
    post = queries.post_for(request.user, pk)
    solution = flows.mark_solution(thread=post.thread, post=post, user=request.user)
    if solution:
        messages.success(request, "Marked as the solution. It now shows right under the question.")
    else:
        messages.success(request, "That reply is no longer marked as the solution.")
    return redirect(_location(post))


@login_required
@require_POST
@answers_refusals
def toggle_helpful(request, pk):
    post = queries.post_for(request.user, pk)
    if not is_htmx(request):
        flows.toggle_helpful(post=post, user=request.user)
        return redirect(_location(post))
    post.can_react, error = True, None
    try:
        post.marked_helpful, post.helpful_count = flows.toggle_helpful(post=post, user=request.user)
    except REFUSALS as refusal:
        # HTMX leaves the page alone on an error status, so the refusal comes back
        # as a normal answer: the button as it was, with the reason beside it.
        post.marked_helpful = post.pk in queries.helpful_post_ids(request.user, [post])
        error = str(refusal)
    return render(request, "forum/_helpful.html", {"post": post, "error": error})


@login_required
@require_POST
@answers_refusals
def follow(request, pk, following):
    thread = queries.thread_for(request.user, pk)
    change = flows.follow if following else flows.unsubscribe
    if not is_htmx(request):
        change(thread, request.user)
        if following:
            messages.success(
                request, "You are following this thread: we will tell you about new replies."
            )
        else:
            messages.success(request, "You no longer follow this thread.")
        return redirect(thread)
    error = None
    try:
        change(thread, request.user)
    except REFUSALS as refusal:
        # As with "helpful": the button as it was, with the reason beside it.
        following, error = not following, str(refusal)
    context = {"thread": thread, "following": following, "error": error,
               "can_follow": flows.can_follow(request.user)}
    return render(request, "forum/_follow.html", context)


@login_required
@require_POST
def preview(request):
    return render(request, "forum/_preview.html", {"preview": _render_preview(request)})


# --- Helpers ------------------------------------------------------------------------------

def _composed(request, form_class, initial=None, **form_kwargs):
    """The form for a composing page, and its preview when "Preview" was pressed.

    A preview keeps what was typed but does not validate it yet, so nobody is
    told off for a missing title while they are still writing. Returns
    (form, preview HTML or None)."""
    if request.method != "POST":
        return form_class(initial=initial, **form_kwargs), None
    if "preview" in request.POST:
        form = form_class(initial=request.POST.dict(), **form_kwargs)
        return form, _render_preview(request)
    return form_class(request.POST, **form_kwargs), None


def _render_preview(request):
    # Cut at the longest post allowed, so a preview costs no more than posting would.
    return render_body(request.POST.get("body", "")[:BODY_MAX])


def _editable_post(request, pk):
    post = queries.post_for(request.user, pk)
    if reason := flows.edit_refusal(request.user, post):
        raise flows.NotAllowed(reason)
    return post


def _location(post):
    """Where `post` sits: its thread's page and the post's anchor."""
    page = post.page_number
    query = f"?page={page}" if page > 1 else ""
    return f"{post.thread.get_absolute_url()}{query}#post-{post.pk}"
