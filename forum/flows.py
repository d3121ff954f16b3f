"""What people do in the forums, as plain functions that views, the admin,
commands and tests share.

Every function checks permission itself, so no caller can forget to. Counters
on threads and forums change in the same transaction as the rows they count,
with database-side arithmetic (F expressions) or under the thread's row lock,
so concurrent requests never lose an update.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.expressions import Star
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from community import pagecache
from community.counting import toggle_row
from community.ratelimit import consume
from community.refusals import NotAllowed, refuse
from community.resubmit import earlier_submit
from community.roles import is_moderator
from community.writing import check_can_write, render_body, write_refusal
from search.indexing import index_later

from .cached_pages import thread_changed
from .models import Flag, ForumPage, Post, PostRevision, Reaction, Subscription, Thread

TITLE_MAX = Thread._meta.get_field("title").max_length


LOCKED = "This thread is locked, so it takes no new replies."
POST_GONE = "This post has already been taken down."


# --- Who may do what ----------------------------------------------------------------
# Each `*_refusal` function says why someone may not do a thing, or None when they
# may; the flows raise that reason, and the pages ask the `can_*` forms of the same
# rules, so what a page offers and what the server allows never drift apart. They
# read only the objects given (with a post's thread and forum, when loaded) and the
# user's cached permissions, so a page can ask them for every post it shows.

def thread_in_sight(thread):
    """Whether people who do not moderate can see `thread` (with its forum loaded)."""
    return not thread.is_hidden and thread.forum.live


def reply_refusal(user, thread):
    if reason := write_refusal(user):
        return reason
    if thread.is_hidden:
        return "This thread has been taken down, so it takes no replies."
    if thread.is_locked and not is_moderator(user):
        return LOCKED
    return None


def can_reply(user, thread):
    return reply_refusal(user, thread) is None


def edit_refusal(user, post):
    """Editing and deleting share this rule: what the author may still change."""
    if is_moderator(user):
        return None
    if reason := write_refusal(user):
        return reason
    if post.author_id != user.pk:
        return "You can only change your own posts."
    if post.is_deleted:
        return "You deleted this post, so it can no longer be changed."
    if post.is_hidden:
        return "A moderator hid this post, so it can no longer be changed."
    return None


def can_edit(user, post):
    return edit_refusal(user, post) is None


def takes_down(user, post):
    """Whether `user` deleting `post` is a moderator removing someone else's post,
    which is moderation (hidden, logged) rather than the author's own delete."""
    return is_moderator(user) and post.author_id != user.pk


def solution_refusal(user, thread, post):
    if not is_moderator(user):
        if reason := write_refusal(user):
            return reason
        if thread.author_id != user.pk:
            return "Only the person who asked, or a moderator, can choose the solution."
    if post.thread_id != thread.pk or post.is_opening or not post.is_visible:
        return "Only a visible reply in this thread can be the solution."
    return None


def can_mark_solution(user, thread, post):
    return solution_refusal(user, thread, post) is None


def reaction_refusal(user, post):
    if reason := write_refusal(user):
        return reason
    if post.author_id == user.pk:
        return "You cannot mark your own post as helpful."
    if not post.is_visible:
        return POST_GONE
    return None


def can_react(user, post):
    return reaction_refusal(user, post) is None


def flag_refusal(user, post):
    """Whether `user` may flag `post` at all; moderation.check_can_flag adds the
    one rule that needs the database: no second open flag from the same person."""
    if reason := write_refusal(user):
        return reason
    if post.author_id == user.pk:
        return "This is your own post: you can edit or delete it instead of flagging it."
    if not post.is_visible or post.thread.is_hidden:
        return POST_GONE
    if not post.thread.forum.live:
        return "This forum is closed, so its posts cannot be flagged."
    return None


def can_flag(user, post):
    return flag_refusal(user, post) is None


def can_follow(user):
    return write_refusal(user) is None


# --- Rendering ----------------------------------------------------------------------

# --- Threads and posts ------------------------------------------------------------------

def thread_slug(title):
    """The slug in a thread's address; the demo content and imports use it too."""
    return slugify(title, allow_unicode=True)[:200] or "thread"


def start_thread(*, forum, author, title, body, tags=(), journey_stage=None):
    """Start a thread with its opening post. The same thread sent twice in a
    moment (a double click) is started once: the second gets the first back."""
    check_can_write(author)
    with transaction.atomic():
        if earlier := earlier_submit(author, _visible_posts().select_related("thread").filter(
            number=1, thread__forum=forum, thread__title=title, body=body,
        )):
            return earlier.thread
        # After the repeat is found: sending it again is not starting another.
        _check_new_account_limit(author)
        consume(author, "forum.start_thread")
        now = timezone.now()
        thread = Thread.objects.create(
            forum=forum, author=author, title=title, slug=thread_slug(title),
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
            thread_count=F("thread_count") + 1, post_count=F("post_count") + 1
        )
        _touch_forum(forum.pk, post)
        subscribe(thread, author)
        _announce(post, new=True)
    return thread


def post_reply(*, thread, author, body):
    """Reply to `thread`. The same reply sent twice in a moment is posted once."""
    refuse(reply_refusal(author, thread))
    with transaction.atomic():
        # The author's row is locked before the thread's, as start_thread locks it
        # before the forum's counters: always in that order, so never a deadlock.
        if earlier := earlier_submit(author, _visible_posts().filter(
            thread=thread.pk, number__gt=1, body=body,
        )):
            return earlier
        consume(author, "forum.reply")
        # The row lock hands out post numbers one at a time, however many reply at
        # once, and the locked row is the truth: a moderator may have locked, hidden
        # or moved the thread since the caller loaded it.
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        refuse(reply_refusal(author, thread))
        # Read after the lock, so a thread's posts are in time order as in number order.
        now = timezone.now()
        number = thread.posts_made + 1
        post = Post.objects.create(
            thread=thread, author=author, number=number, body=body, body_html=render_body(body),
            created_at=now,
        )
        Thread.objects.filter(pk=thread.pk).update(
            posts_made=number, reply_count=F("reply_count") + 1, last_activity_at=now,
            last_post=post,
        )
        ForumPage.objects.filter(pk=thread.forum_id).update(post_count=F("post_count") + 1)
        _touch_forum(thread.forum_id, post)
        subscribe(thread, author)
        _announce(post, new=True)
    return post


def edit_post(*, post, editor, body, title=None):
    """Change a post's text, keeping the old text as a revision. `title` renames
    the thread when the post is its opening post."""
    refuse(edit_refusal(editor, post))
    with transaction.atomic():
        if body != post.body:
            PostRevision.objects.create(post=post, body=post.body, editor=editor)
            post.body = body
            post.body_html = render_body(body)
            post.edited_at = timezone.now()
            post.save(update_fields=["body", "body_html", "edited_at"])
            _announce(post, new=False)
        if title is not None and post.is_opening and title != post.thread.title:
            Thread.objects.filter(pk=post.thread_id).update(title=title, slug=thread_slug(title))
            thread_changed(post.thread_id, post.thread.forum_id, renamed=True)
            # Its replies are found as "Re: <title>", so they are indexed again too.
            index_later(post.thread)
    return post


def delete_post(*, post, user):
    """The author's soft delete, which moderators can restore. A moderator deleting
    someone else's post takes it down as moderation instead: hidden, its flags
    closed and the audit log told, so nobody reads it as the author's own doing."""
    refuse(edit_refusal(user, post))
    if takes_down(user, post):
        from .moderation import resolve_flags

        resolve_flags(post=post, moderator=user, outcome=Flag.Status.HIDDEN)
        return
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
    refuse(solution_refusal(user, thread, post))
    solution = None if thread.solution_id == post.pk else post
    Thread.objects.filter(pk=thread.pk).update(solution=solution)
    thread.solution = solution
    thread_changed(thread.pk, thread.forum_id)
    # Solved threads rank higher; the replies are unchanged.
    index_later(thread, related=False)
    if solution and post.author_id != user.pk:
        from community.notifications.service import notify

        transaction.on_commit(lambda: notify(
            [post.author], "forum.solution", target=post, actor=user,
            title=f"Your reply was marked as the solution to “{thread.title}”",
        ))
    return solution


def toggle_helpful(*, post, user):
    """Add or take back a "helpful" reaction; returns (reacted, new count)."""
    refuse(reaction_refusal(user, post))
    consume(user, "forum.react")
    with transaction.atomic():
        # Locked and re-read: a moderator may have hidden the post since it was loaded,
        # and a hidden post's reactions must not count on its thread.
        post = Post.objects.select_for_update().get(pk=post.pk)
        if not post.is_visible:
            raise NotAllowed(POST_GONE)
        change = toggle_row(Reaction, post=post, user=user).change
        if change:
            Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + change)
            Thread.objects.filter(pk=post.thread_id).update(
                helpful_count=F("helpful_count") + change
            )
            thread_changed(post.thread_id)
            # The post's helpful count ranks it, and its thread's ranks the thread.
            index_later(post)
    count = Post.objects.values_list("helpful_count", flat=True).get(pk=post.pk)
    return change >= 0, count


def follow(thread, user):
    """Follow a thread by choice; the flows that write subscribe their authors themselves."""
    check_can_write(user)
    subscribe(thread, user)


def subscribe(thread, user):
    Subscription.objects.bulk_create([Subscription(thread=thread, user=user)], ignore_conflicts=True)


def unsubscribe(thread, user):
    Subscription.objects.filter(thread=thread, user=user).delete()


# --- Moderating threads -------------------------------------------------------------

def set_locked(*, thread, locked, moderator):
    _set_thread_state(thread, "is_locked", locked, moderator,
                      "forum.lock" if locked else "forum.unlock")


def set_pinned(*, thread, pinned, moderator):
    _set_thread_state(thread, "is_pinned", pinned, moderator,
                      "forum.pin" if pinned else "forum.unpin")


def _set_thread_state(thread, field, value, moderator, action):
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(**{field: value})
    setattr(thread, field, value)
    thread_changed(thread.pk, thread.forum_id)
    log(instance=thread, action=action, user=moderator)


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
        thread_changed(thread.pk, old_forum_id, forum.pk, renamed=True)
        # The thread and its replies are found under their forum.
        index_later(thread)
    log(instance=thread, action="forum.move", user=moderator,
        data={"from": old_forum_id, "to": forum.pk})


# --- Forum pages ---------------------------------------------------------------------

def page_deletion_refusal(page):
    """Why the Wagtail page `page` cannot be deleted, or None: threads hold on to
    their forum, so a forum with threads, or a page above one, has to wait until
    those threads are moved elsewhere."""
    if Thread.objects.filter(forum__path__startswith=page.path).exists():
        return (f"“{page.title}” holds forum threads (hidden ones too), so it cannot be "
                "deleted. Move or delete its threads first, or unpublish it instead.")
    return None


# --- Repairs ------------------------------------------------------------------------

RECOUNT_BATCH = 1000


def recount_forum(forum, batch_size=RECOUNT_BATCH, progress=None):
    """Recompute the counters of `forum` and of each of its threads from the rows
    they count: after rows were written without these flows (demo content,
    imports), or to repair counters that drifted.

    Threads are recounted `batch_size` at a time in id order, each batch in a
    transaction of its own, so however big the forum, no row stays locked for
    long and people go on posting meanwhile; the forum's own counters come last.
    `progress(done, total)` hears how many threads are done after each batch.
    Returns how many threads were recounted."""
    threads = Thread.objects.filter(forum=forum).order_by("pk")
    total, done, last = threads.count(), 0, 0
    while batch := list(threads.filter(pk__gt=last).values_list("pk", flat=True)[:batch_size]):
        _recount_threads(forum, batch[0], batch[-1])
        done, last = done + len(batch), batch[-1]
        if progress:
            progress(done, total)
    with transaction.atomic():
        # Locked while counted: a reply meanwhile waits, then adds itself to the count.
        _lock(ForumPage.objects.filter(pk=forum.pk))
        shown = Thread.objects.filter(forum=forum, is_hidden=False)
        ForumPage.objects.filter(pk=forum.pk).update(
            thread_count=shown.count(),
            post_count=Post.objects.filter(
                thread__in=shown, is_deleted=False, is_hidden=False
            ).count(),
        )
        _refresh_forum_latest(forum.pk)
        # Any count on any of its threads' pages may have moved.
        pagecache.everything_changed()
    return done


def _recount_threads(forum, first, last):
    """Recount the threads of `forum` with ids from `first` to `last`, and their
    posts, in one short transaction. Each counter is a subquery on an index of
    the rows it counts, and only rows whose counters are wrong are locked and
    written: recounting a forum that is mostly right reads it and hardly
    writes. Posts come before threads, the order toggle_helpful locks them in."""
    visible = Post.objects.filter(thread=OuterRef("pk"), is_deleted=False, is_hidden=False)
    latest = visible.order_by("-number")
    helpful = _count(Reaction.objects.filter(post=OuterRef("pk")))
    counters = {
        "reply_count": _count(visible.filter(number__gt=1)),
        # From the posts' counts, set just before (and locked where they changed).
        "helpful_count": Coalesce(_over(visible, Func("helpful_count", function="SUM")), 0),
        "posts_made": Coalesce(
            _over(Post.objects.filter(thread=OuterRef("pk")), Func("number", function="MAX")), 0),
        "last_activity_at": Coalesce(Subquery(latest.values("created_at")[:1]), F("created_at")),
    }
    last_post = Subquery(latest.values("pk")[:1])
    # Ids start at 1, so 0 stands for "no post" on both sides.
    same_last_post = Exact(Coalesce("last_post", 0), Coalesce(last_post, 0))
    threads = Thread.objects.filter(forum=forum, pk__gte=first, pk__lte=last)
    # The bounds again, so the database finds the posts by their thread index.
    posts = Post.objects.filter(thread_id__gte=first, thread_id__lte=last, thread__in=threads)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Compiling these statements to machine code, as PostgreSQL does for
            # plans it thinks costly, takes longer than running them.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        if wrong := _lock(posts.exclude(helpful_count=helpful)):
            Post.objects.filter(pk__in=wrong).update(helpful_count=helpful)
        if wrong := _lock(threads.exclude(same_last_post, **counters)):
            Thread.objects.filter(pk__in=wrong).update(last_post=last_post, **counters)


def _lock(rows):
    """Lock `rows` in id order and return their ids. What is written next is
    counted by a statement of its own, which sees every change committed while
    the locks were awaited (a reply, a reaction), so none is counted out."""
    return list(rows.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))


def take_back_reactions(user):
    """Take `user`'s helpful reactions off the counters, as toggling each one off
    would, before their account and its reactions are deleted. Two statements
    however many reactions; posts before threads, the order toggle_helpful locks in."""
    reactions = Reaction.objects.filter(user=user)
    counted = reactions.filter(post__is_deleted=False, post__is_hidden=False)
    with transaction.atomic():
        Post.objects.filter(pk__in=reactions.values("post_id")).update(
            helpful_count=F("helpful_count") - 1
        )
        Thread.objects.filter(pk__in=counted.values("post__thread_id")).update(
            helpful_count=F("helpful_count")
            - _count(counted.filter(post__thread=OuterRef("pk")))
        )


def _count(rows):
    """A subquery counting `rows` (correlated with OuterRef), 0 when there are none."""
    return _over(rows, Func(Star(), function="COUNT", output_field=IntegerField()))


def _over(rows, function):
    """A subquery of `function`, an SQL aggregate, over the correlated `rows`. No
    GROUP BY: the database answers with one row, a count from an index alone."""
    return Subquery(rows.order_by().annotate(value=function).values("value"))


# --- Internals ------------------------------------------------------------------------


def _require_moderator(user):
    if not is_moderator(user):
        raise NotAllowed("Only moderators can do that.")


def _visible_posts():
    return Post.objects.filter(is_deleted=False, is_hidden=False)


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
        # In or out of the search with it: the post, and its thread's helpful count
        # and solution; an opening post takes its whole thread, replies and all.
        index_later(post)
        index_later(thread, related=post.is_opening)
        if not post.is_visible:
            from community.notifications.service import withdraw

            withdraw(post)


def _refresh_thread_latest(thread_id):
    latest = (
        Post.objects.filter(thread_id=thread_id, is_deleted=False, is_hidden=False)
        .order_by("-number").first()
    )
    Thread.objects.filter(pk=thread_id).update(last_post=latest)


def _touch_forum(forum_id, post):
    """Make `post` the forum's latest unless a newer one got there first: posts in
    different threads commit in any order, and the last to commit is not always
    the newest."""
    ForumPage.objects.filter(pk=forum_id).filter(
        Q(last_activity_at__isnull=True) | Q(last_activity_at__lte=post.created_at)
    ).update(last_activity_at=post.created_at, last_post=post)


def _refresh_forum_latest(forum_id):
    latest = (
        Thread.objects.filter(forum_id=forum_id, is_hidden=False)
        .order_by("-last_activity_at").values("last_post_id", "last_activity_at").first()
    )
    ForumPage.objects.filter(pk=forum_id).update(
        last_post_id=latest["last_post_id"] if latest else None,
        last_activity_at=latest["last_activity_at"] if latest else None,
    )


def _announce(post, *, new):
    """Tell subscribers (of a `new` reply) and mentioned people, after commit, in
    the background. Whether the post is new is decided now: by the time the task
    runs, the author may already have edited it."""
    from .tasks import announce_post

    transaction.on_commit(lambda: announce_post.enqueue(post.pk, new=new))
