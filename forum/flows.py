"""What people do in the forums, as plain functions that views, the admin,
commands and tests share.

Every function checks permission itself, so no caller can forget to. Counters
on threads and forums change in the same transaction as the rows they count,
with database-side arithmetic (F expressions) or under the thread's row lock,
so concurrent requests never lose an update.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from community import markdown
from community.people import can_write
from community.ratelimit import consume

from .models import ForumPage, Post, PostRevision, Reaction, Subscription, Thread

TITLE_MAX = Thread._meta.get_field("title").max_length
BODY_MAX = 20_000


REPLY_REFUSED = "This thread is locked, so it takes no new replies."


class NotAllowed(Exception):
    """The person may not do this; the message says why, in words they understand."""


# --- Who may do what ----------------------------------------------------------------

def is_moderator(user):
    return user.is_authenticated and user.has_perm("forum.moderate_forum")


def check_can_write(user):
    if not user.is_authenticated:
        raise NotAllowed("Please sign in first.")
    if not can_write(user):
        raise NotAllowed("Your account is suspended, so you cannot post for now.")


def can_reply(user, thread):
    return can_write(user) and not thread.is_hidden and (not thread.is_locked or is_moderator(user))


def can_edit(user, post):
    if is_moderator(user):
        return True
    return can_write(user) and post.author_id == user.pk and not post.is_hidden


def can_mark_solution(user, thread):
    return is_moderator(user) or (can_write(user) and thread.author_id == user.pk)


# --- Rendering ----------------------------------------------------------------------

def render_body(body):
    """HTML for a post, with @mentions of existing people linked."""
    from community.models import User

    handles = markdown.mentioned_handles(body)
    people = User.objects.filter(handle__in=handles, is_active=True) if handles else []
    return markdown.render(body, mentions={p.handle: p.get_absolute_url() for p in people})


# --- Threads and posts ------------------------------------------------------------------

def start_thread(*, forum, author, title, body, tags=(), journey_stage=None):
    check_can_write(author)
    _check_new_account_limit(author)
    consume(author, "forum.start_thread")
    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            forum=forum, author=author, title=title, slug=_slug(title),
            journey_stage=journey_stage, created_at=now, last_activity_at=now, posts_made=1,
        )
        post = Post.objects.create(
            thread=thread, author=author, number=1, body=body, body_html=render_body(body),
            created_at=now,
        )
        Thread.objects.filter(pk=thread.pk).update(last_post=post)
        thread.last_post = post
        if tags:
            thread.tags.set(list(tags))
        ForumPage.objects.filter(pk=forum.pk).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1,
            last_activity_at=now, last_post=post,
        )
        subscribe(thread, author)
        _announce(post)
    return thread


def post_reply(*, thread, author, body):
    check_can_write(author)
    if not can_reply(author, thread):
        raise NotAllowed(REPLY_REFUSED)
    consume(author, "forum.reply")
    now = timezone.now()
    with transaction.atomic():
        # The row lock hands out post numbers one at a time, however many reply at
        # once, and the locked row is the truth: a moderator may have locked, hidden
        # or moved the thread since the caller loaded it.
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if not can_reply(author, thread):
            raise NotAllowed(REPLY_REFUSED)
        number = thread.posts_made + 1
        post = Post.objects.create(
            thread=thread, author=author, number=number, body=body, body_html=render_body(body),
            created_at=now,
        )
        Thread.objects.filter(pk=thread.pk).update(
            posts_made=number, reply_count=F("reply_count") + 1, last_activity_at=now,
            last_post=post,
        )
        ForumPage.objects.filter(pk=thread.forum_id).update(
            post_count=F("post_count") + 1, last_activity_at=now, last_post=post
        )
        subscribe(thread, author)
        _announce(post)
    return post


def edit_post(*, post, editor, body, title=None):
    """Change a post's text, keeping the old text as a revision. `title` renames
    the thread when the post is its opening post."""
    if not can_edit(editor, post):
        raise NotAllowed("You can only edit your own posts.")
    with transaction.atomic():
        if body != post.body:
            PostRevision.objects.create(post=post, body=post.body, editor=editor)
            post.body = body
            post.body_html = render_body(body)
            post.edited_at = timezone.now()
            post.save(update_fields=["body", "body_html", "edited_at"])
            _announce(post)
        if title is not None and post.is_opening and title != post.thread.title:
            Thread.objects.filter(pk=post.thread_id).update(title=title, slug=_slug(title))
    return post


def delete_post(*, post, user):
    """The author's soft delete; moderators can restore it."""
    if not can_edit(user, post):
        raise NotAllowed("You can only delete your own posts.")
    _change_visibility(post, deleted=True)


def undelete_post(*, post, moderator):
    _require_moderator(moderator)
    _change_visibility(post, deleted=False)
    log(instance=post, action="forum.restore_post", user=moderator)


def hide_post(*, post, moderator, reason=""):
    _require_moderator(moderator)
    _change_visibility(post, hidden=True)
    log(instance=post, action="forum.hide_post", user=moderator, data={"reason": reason})


def unhide_post(*, post, moderator):
    _require_moderator(moderator)
    _change_visibility(post, hidden=False)
    log(instance=post, action="forum.unhide_post", user=moderator)


def mark_solution(*, thread, post, user):
    """Mark `post` as the thread's solution, or unmark it if it already is."""
    if not can_mark_solution(user, thread):
        raise NotAllowed("Only the person who asked, or a moderator, can choose the solution.")
    if post.thread_id != thread.pk or post.is_opening or not post.is_visible:
        raise NotAllowed("Only a visible reply in this thread can be the solution.")
    solution = None if thread.solution_id == post.pk else post
    Thread.objects.filter(pk=thread.pk).update(solution=solution)
    thread.solution = solution
    if solution and post.author_id != user.pk:
        from community.notifications.service import notify

        transaction.on_commit(lambda: notify(
            [post.author], "forum.solution", target=post, actor=user,
            title=f"Your reply was marked as the solution to “{thread.title}”",
        ))
    return solution


def toggle_helpful(*, post, user):
    """Add or take back a "helpful" reaction; returns (reacted, new count)."""
    check_can_write(user)
    if post.author_id == user.pk:
        raise NotAllowed("You cannot mark your own post as helpful.")
    if not post.is_visible:
        raise NotAllowed("This post is not available.")
    consume(user, "forum.react")
    with transaction.atomic():
        # Locked and re-read: a moderator may have hidden the post since it was loaded,
        # and a hidden post's reactions must not count on its thread.
        post = Post.objects.select_for_update().get(pk=post.pk)
        if not post.is_visible:
            raise NotAllowed("This post is not available.")
        removed, _ = Reaction.objects.filter(post=post, user=user).delete()
        if removed:
            change = -1
        else:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, user=user)
                change = 1
            except IntegrityError:  # a double click won the race; it counted once
                change = 0
        if change:
            Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + change)
            Thread.objects.filter(pk=post.thread_id).update(
                helpful_count=F("helpful_count") + change
            )
    count = Post.objects.values_list("helpful_count", flat=True).get(pk=post.pk)
    return not removed, count


def subscribe(thread, user):
    Subscription.objects.bulk_create([Subscription(thread=thread, user=user)], ignore_conflicts=True)


def unsubscribe(thread, user):
    Subscription.objects.filter(thread=thread, user=user).delete()


# --- Moderating threads -------------------------------------------------------------

def set_locked(*, thread, locked, moderator):
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    log(instance=thread, action="forum.lock" if locked else "forum.unlock", user=moderator)


def set_pinned(*, thread, pinned, moderator):
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(is_pinned=pinned)
    thread.is_pinned = pinned
    log(instance=thread, action="forum.pin" if pinned else "forum.unpin", user=moderator)


def move_thread(*, thread, forum, moderator):
    _require_moderator(moderator)
    if forum.pk == thread.forum_id:
        return
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        old_forum_id = thread.forum_id
        Thread.objects.filter(pk=thread.pk).update(forum=forum)
        if not thread.is_hidden:
            posts = 1 + thread.reply_count
            changes = {old_forum_id: -1, forum.pk: 1}
            # In id order, so two moves in opposite directions cannot deadlock.
            for forum_id in sorted(changes):
                sign = changes[forum_id]
                ForumPage.objects.filter(pk=forum_id).update(
                    thread_count=F("thread_count") + sign, post_count=F("post_count") + sign * posts
                )
        _refresh_forum_latest(old_forum_id)
        _refresh_forum_latest(forum.pk)
    log(instance=thread, action="forum.move", user=moderator,
        data={"from": old_forum_id, "to": forum.pk})


# --- Repairs ------------------------------------------------------------------------

def recount_forum(forum):
    """Recompute the counters of `forum` and of each of its threads from the rows
    they count: after rows were written without these flows (demo content,
    imports), or to repair counters that drifted."""
    visible = Post.objects.filter(thread=OuterRef("pk"), is_deleted=False, is_hidden=False)
    latest = visible.order_by("-number")
    with transaction.atomic():
        Post.objects.filter(thread__forum=forum).update(
            helpful_count=_count(Reaction.objects.filter(post=OuterRef("pk")), "post")
        )
        Thread.objects.filter(forum=forum).update(
            reply_count=_count(visible.filter(number__gt=1), "thread"),
            helpful_count=_count(
                Reaction.objects.filter(
                    post__thread=OuterRef("pk"), post__is_deleted=False, post__is_hidden=False
                ),
                "post__thread",
            ),
            posts_made=Coalesce(
                Subquery(Post.objects.filter(thread=OuterRef("pk")).order_by("-number")
                         .values("number")[:1]),
                Value(0),
            ),
            last_post=Subquery(latest.values("pk")[:1]),
            last_activity_at=Coalesce(Subquery(latest.values("created_at")[:1]), F("created_at")),
        )
        threads = Thread.objects.filter(forum=forum, is_hidden=False)
        ForumPage.objects.filter(pk=forum.pk).update(
            thread_count=threads.count(),
            post_count=Post.objects.filter(
                thread__in=threads, is_deleted=False, is_hidden=False
            ).count(),
        )
        _refresh_forum_latest(forum.pk)


def _count(rows, group_by):
    """A subquery counting `rows` (correlated with OuterRef), 0 when there are none."""
    counted = rows.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), Value(0))


# --- Internals ------------------------------------------------------------------------

def _require_moderator(user):
    if not is_moderator(user):
        raise NotAllowed("Only moderators can do that.")


def _slug(title):
    return slugify(title, allow_unicode=True)[:200] or "thread"


def _check_new_account_limit(author):
    day_ago = timezone.now() - timedelta(days=1)
    if author.date_joined < day_ago or is_moderator(author):
        return
    started = Thread.objects.filter(author=author, created_at__gte=day_ago).count()
    if started >= settings.FORUM_NEW_ACCOUNT_THREADS:
        raise NotAllowed(
            f"New members can start {settings.FORUM_NEW_ACCOUNT_THREADS} threads on their "
            "first day. You can still reply to others, and start more threads tomorrow."
        )


def _change_visibility(post, *, deleted=None, hidden=None):
    """Delete, hide or restore a post, keeping every counter equal to what it counts."""
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        was_visible = post.is_visible
        if deleted is not None:
            post.is_deleted = deleted
        if hidden is not None:
            post.is_hidden = hidden
        post.save(update_fields=["is_deleted", "is_hidden"])
        if was_visible == post.is_visible:
            return
        sign = 1 if post.is_visible else -1
        if post.is_opening:
            # The opening post carries its thread: hiding it hides the whole thread.
            Thread.objects.filter(pk=thread.pk).update(
                is_hidden=not post.is_visible, helpful_count=F("helpful_count") + sign * post.helpful_count
            )
            ForumPage.objects.filter(pk=thread.forum_id).update(
                thread_count=F("thread_count") + sign,
                post_count=F("post_count") + sign * (1 + thread.reply_count),
            )
        else:
            changes = {
                "reply_count": F("reply_count") + sign,
                "helpful_count": F("helpful_count") + sign * post.helpful_count,
            }
            if not post.is_visible and thread.solution_id == post.pk:
                changes["solution"] = None
            Thread.objects.filter(pk=thread.pk).update(**changes)
            if not thread.is_hidden:
                ForumPage.objects.filter(pk=thread.forum_id).update(post_count=F("post_count") + sign)
        _refresh_thread_latest(thread.pk)
        _refresh_forum_latest(thread.forum_id)


def _refresh_thread_latest(thread_id):
    latest = (
        Post.objects.filter(thread_id=thread_id, is_deleted=False, is_hidden=False)
        .order_by("-number").first()
    )
    Thread.objects.filter(pk=thread_id).update(last_post=latest)


def _refresh_forum_latest(forum_id):
    latest = (
        Thread.objects.filter(forum_id=forum_id, is_hidden=False)
        .order_by("-last_activity_at").values("last_post_id", "last_activity_at").first()
    )
    ForumPage.objects.filter(pk=forum_id).update(
        last_post_id=latest["last_post_id"] if latest else None,
        last_activity_at=latest["last_activity_at"] if latest else None,
    )


def _announce(post):
    """Tell subscribers and mentioned people, after commit, in the background."""
    from .tasks import announce_post

    transaction.on_commit(lambda: announce_post.enqueue(post.pk))
