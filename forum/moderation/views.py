"""Flagging and the moderator tools on the site.

Each view checks who is asking before it reads the form, calls one function in
forum/moderation/flows.py or forum/flows.py (which check again), and sends the
moderator back where they were: the thread page or the flag queue.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.models import User
from community.next_url import posted_next
from community.ratelimit import RateLimited
from community.roles import is_moderator
from community.paging import get_page
from community.refusals import NotAllowed

from .. import flows, moderation
from ..models import Flag, Post, Thread
from .forms import FlagForm, MoveThreadForm, SuspendForm
from ..queries import post_for

FLAG_TEMPLATE = "forum/moderation/flag.html"
REVISIONS_PER_PAGE = 20


# --- Flagging, for everyone who can write ---------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def flag_post(request, pk):
    # Read as the thread page reads it: what that page hides does not exist here either.
    post = post_for(request.user, pk)
    if not post.is_visible:
        raise Http404
    form = FlagForm(request.POST or None)
    try:
        moderation.check_can_flag(request.user, post)
        if request.method == "POST" and form.is_valid():
            moderation.flag_post(post=post, reporter=request.user, **form.cleaned_data)
            messages.success(request, "Thank you. A moderator will look at this post.")
            return redirect(post)
    except moderation.AlreadyFlagged as repeat:
        # Not an error: the first flag stands, and saying so is all there is to do.
        return render(request, FLAG_TEMPLATE, {"post": post, "already_flagged": repeat})
    except NotAllowed as refusal:
        return render(request, FLAG_TEMPLATE, {"post": post, "refusal": refusal}, status=403)
    except RateLimited as limited:
        # The bound form goes back with the note as typed, to send again later.
        form.add_error(None, str(limited))
        response = render(request, FLAG_TEMPLATE, {"post": post, "form": form}, status=429)
        response["Retry-After"] = str(int(limited.retry_after) + 1)
        return response
    return render(request, FLAG_TEMPLATE, {"post": post, "form": form})


# --- Moderating posts -----------------------------------------------------------------

def moderator_action(may_act=is_moderator):
    """A signed-in POST from someone `may_act` allows; anyone else gets a 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        @require_POST
        def checked(request, *args, **kwargs):
            if not may_act(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorate


def _hide(post, moderator):
    moderation.resolve_flags(post=post, moderator=moderator, outcome=Flag.Status.HIDDEN)
    return "The post is hidden, and any flags on it are closed."


def _unhide(post, moderator):
    flows.unhide_post(post=post, moderator=moderator)
    return "The post is shown again."


def _restore(post, moderator):
    flows.undelete_post(post=post, moderator=moderator)
    return "The post its author deleted is restored."


def _dismiss_flags(post, moderator):
    closed = moderation.resolve_flags(
        post=post, moderator=moderator, outcome=Flag.Status.DISMISSED
    )
    if not closed:
        return "Those flags were already handled."
    return f"Dismissed {closed} flag{'' if closed == 1 else 's'}; the post stays up."


# URL name: (the address's last part under moderate/post/<pk>/, what it does).
# urls.py makes one route of each.
POST_ACTIONS = {
    "hide_post": ("hide", _hide),
    "unhide_post": ("unhide", _unhide),
    "restore_post": ("restore", _restore),
    "dismiss_flags": ("dismiss-flags", _dismiss_flags),
}


@moderator_action()
def post_action(request, pk, action):
    post = get_object_or_404(Post, pk=pk)
    _slug, act = POST_ACTIONS[action]
    messages.success(request, act(post, request.user))
    return redirect(_back(request, post))


@login_required
@require_GET
def post_history(request, pk):
    if not is_moderator(request.user):
        raise PermissionDenied
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=pk)
    revisions = post.revisions.select_related("editor").prefetch_related("editor__groups")
    page = get_page(revisions, REVISIONS_PER_PAGE, request.GET.get("page"))
    return render(request, "forum/moderation/history.html", {"post": post, "page_obj": page})


# --- Moderating threads ---------------------------------------------------------------

# URL name: (the address's last part under moderate/thread/<pk>/, the flow, its
# arguments, what to tell the moderator). urls.py makes one route of each.
THREAD_ACTIONS = {
    "lock_thread": ("lock", flows.set_locked, {"locked": True},
                    "The thread is locked: only moderators can reply."),
    "unlock_thread": ("unlock", flows.set_locked, {"locked": False},
                      "The thread is open for replies again."),
    "pin_thread": ("pin", flows.set_pinned, {"pinned": True},
                   "The thread is pinned to the top of its forum."),
    "unpin_thread": ("unpin", flows.set_pinned, {"pinned": False},
                     "The thread is no longer pinned."),
}


@moderator_action()
def thread_action(request, pk, action):
    thread = get_object_or_404(Thread, pk=pk)
    _slug, change, arguments, done = THREAD_ACTIONS[action]
    change(thread=thread, moderator=request.user, **arguments)
    messages.success(request, done)
    return redirect(_back(request, thread))


@moderator_action()
def move_thread(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("forum"), pk=pk)
    form = MoveThreadForm(request.POST)
    if form.is_valid():
        forum = form.cleaned_data["forum"]
        flows.move_thread(thread=thread, forum=forum, moderator=request.user)
        messages.success(request, f"The thread is now in {forum.title}.")
    else:
        messages.error(request, "Choose a forum that is live to move the thread to.")
    return redirect(_back(request, thread))


# --- Suspending people ----------------------------------------------------------------

@moderator_action(moderation.can_suspend)
def suspend_author(request, pk):
    post = get_object_or_404(Post.objects.select_related("author"), pk=pk)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how many days the suspension lasts.")
        return redirect(_back(request, post))
    try:
        until = moderation.suspend_author(post=post, moderator=request.user, **form.cleaned_data)
    except NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        until = date_format(timezone.localtime(until), "j F Y, H:i")
        messages.success(
            request, f"{post.author.name} is suspended until {until}. The post is hidden."
        )
    return redirect(_back(request, post))


@moderator_action(moderation.can_suspend)
def lift_suspension(request, pk):
    person = get_object_or_404(User, pk=pk)
    if moderation.lift_suspension(person=person, moderator=request.user):
        messages.success(request, f"{person.name} can post again.")
    else:
        messages.info(request, f"{person.name} was not suspended.")
    return redirect(_back(request, person))


# --- Helpers --------------------------------------------------------------------------

def _back(request, fallback):
    """The page the form was posted from, when it is on this site; else `fallback`."""
    return posted_next(request) or fallback.get_absolute_url()
