"""Flags and what moderators do about them, as plain functions that the site, the
Wagtail admin and tests share.

People flag posts; moderators work the open flags post by post: hide the post,
dismiss the flags, or suspend the author. Every decision closes all open flags
on the post at once, so the queue never shows a post twice.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Prefetch
from django.utils import timezone
from wagtail.log_actions import log

from community import people
from community.ratelimit import consume
from community.roles import is_moderator

from .. import flows
from ..flows import NotAllowed
from ..models import Flag, Post

SUSPENSION_DAYS = (1, 7, 30)


class AlreadyFlagged(NotAllowed):
    """This person already has an open flag on this post."""

    def __init__(self):
        super().__init__("You have already flagged this post. A moderator will look at it.")


# --- Who may do what ----------------------------------------------------------------

def check_can_flag(user, post):
    if reason := flows.flag_refusal(user, post):
        raise NotAllowed(reason)
    if Flag.objects.filter(post=post, reporter=user, status=Flag.Status.OPEN).exists():
        raise AlreadyFlagged


def can_suspend(user):
    return is_moderator(user) and user.has_perm("community.suspend_user")


# --- Flagging -----------------------------------------------------------------------

def flag_post(*, post, reporter, reason, note=""):
    check_can_flag(reporter, post)
    # A repeat is refused before it costs one of the person's flags.
    consume(reporter, "forum.flag")
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, reporter=reporter, reason=reason, note=note)
    except IntegrityError:  # a double submit won the race; the first flag stands
        raise AlreadyFlagged from None


# --- The queue ----------------------------------------------------------------------

def open_flag_count():
    return Flag.objects.filter(status=Flag.Status.OPEN).count()


def flagged_posts():
    """One row per post with open flags, the longest-waiting first. Rows are
    `{"post": id, "flag_count": n, "first_flagged_at": when}`; the flag_queue
    index on (status, created_at) serves it without reading the posts table."""
    return (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .values("post")
        .annotate(flag_count=Count("id"), first_flagged_at=Min("created_at"))
        .order_by("first_flagged_at", "post")
    )


def posts_for_queue(rows):
    """The posts behind one page of flagged_posts(), in its order, each with
    `flag_count`, `first_flagged_at` and `open_flags` (oldest first, with
    reporters), in a constant number of queries however long the page."""
    open_flags = Flag.objects.filter(status=Flag.Status.OPEN).select_related("reporter")
    posts = Post.objects.select_related("thread__forum", "author").prefetch_related(
        Prefetch("flags", queryset=open_flags.order_by("created_at", "pk"), to_attr="open_flags")
    ).in_bulk([row["post"] for row in rows])
    queue = []
    for row in rows:
        post = posts.get(row["post"])
        if post is None:  # deleted since the page was counted
            continue
        post.flag_count = row["flag_count"]
        post.first_flagged_at = row["first_flagged_at"]
        queue.append(post)
    return queue


# --- Decisions ----------------------------------------------------------------------

def resolve_flags(*, post, moderator, outcome):
    """Hide the post or dismiss its flags; either way every open flag on it is
    closed with that outcome. Returns how many flags were closed."""
    if outcome not in (Flag.Status.HIDDEN, Flag.Status.DISMISSED):
        raise ValueError(f"A flag is resolved as hidden or dismissed, not {outcome!r}")
    if not is_moderator(moderator):
        raise NotAllowed("Only moderators can do that.")
    with transaction.atomic():
        open_flags = Flag.objects.select_for_update().filter(post=post, status=Flag.Status.OPEN)
        reasons = sorted(
            {Flag.Reason(reason).label for reason in open_flags.values_list("reason", flat=True)}
        )
        closed = open_flags.update(
            status=outcome, resolved_by=moderator, resolved_at=timezone.now()
        )
        if outcome == Flag.Status.HIDDEN:
            if not post.is_hidden:
                flows.hide_post(post=post, moderator=moderator, reason=", ".join(reasons))
        elif closed:
            log(instance=post, action="forum.dismiss_flags", user=moderator,
                data={"flags": closed, "reasons": reasons})
    return closed


def suspend_author(*, post, moderator, days, reason=""):
    """Suspend the post's author for `days` days; the post is hidden and its
    flags closed, since a suspension says the post broke the rules."""
    if not can_suspend(moderator):
        raise NotAllowed("Only moderators who may suspend people can do that.")
    if days not in SUSPENSION_DAYS:
        *shorter, longest = SUSPENSION_DAYS
        raise NotAllowed(f"A suspension lasts {', '.join(map(str, shorter))} or {longest} days.")
    author = post.author
    if author is None:
        raise NotAllowed("This post's author has left, so there is no one to suspend.")
    if author.pk == moderator.pk:
        raise NotAllowed("You cannot suspend yourself.")
    if author.is_superuser or is_moderator(author):
        raise NotAllowed("Moderators and administrators cannot be suspended here.")
    until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        people.suspend(author, until=until, moderator=moderator, reason=reason)
        resolve_flags(post=post, moderator=moderator, outcome=Flag.Status.HIDDEN)
    return until


def lift_suspension(*, person, moderator):
    """Let a suspended person write again; returns False when they were not suspended."""
    if not can_suspend(moderator):
        raise NotAllowed("Only moderators who may suspend people can do that.")
    if not person.is_suspended:
        return False
    people.restore(person, moderator=moderator)
    return True

