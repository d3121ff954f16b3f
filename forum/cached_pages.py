"""What the forums' pages show, in the page cache's scopes (community/pagecache.py),
and the changes that make them stale.

"thread:<id>" is everything on a thread's page; "forum:<id>" a forum's list of
threads; "forums" every list across forums (the forum index, the home page's
newest threads, topic pages). A change to a thread or to one of its posts makes
all three stale. Threads and posts saved through the models are seen here; the
flows that change rows with update(), which sends no signal, call
thread_changed() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from community import pagecache
from community.models import HomePage

from .models import ForumIndexPage, ForumPage, Post, Thread

FORUMS = "forums"

# Sent with `thread_id` when a thread's title, or whether anyone may see it,
# changed: other apps' pages that link to threads by title listen for it.
thread_renamed = Signal()


def thread_scope(pk):
    return f"thread:{pk}"


def forum_scope(pk):
    return f"forum:{pk}"


def thread_page(pk, slug=None):
    """What the thread page at t/<pk>/ shows, known from its address (forum/urls.py)."""
    return [thread_scope(pk)]


pagecache.cache_page_type(ForumIndexPage, lambda page: [FORUMS])
pagecache.cache_page_type(ForumPage, lambda page: [forum_scope(page.pk)])
# The home page lists the newest threads (forum/activity.py).
pagecache.cache_page_type(HomePage, lambda page: [FORUMS])


def thread_changed(thread_id, *forum_ids, renamed=False):
    """Forget the cached pages that show thread `thread_id`: its own, the lists
    of its forum (`forum_ids`, looked up when not given: a move names both) and
    the lists across forums. `renamed`: its title or its visibility changed too."""
    if not forum_ids:
        forum_ids = Thread.objects.filter(pk=thread_id).values_list("forum_id", flat=True)
    pagecache.pages_changed(thread_scope(thread_id), FORUMS, *map(forum_scope, forum_ids))
    if renamed:
        thread_renamed.send(sender=Thread, thread_id=thread_id)


@receiver(post_save, sender=Thread)
@receiver(post_delete, sender=Thread)
def _thread_saved(sender, instance, created=False, **kwargs):
    thread_changed(instance.pk, instance.forum_id, renamed=not created)


@receiver(post_save, sender=Post)
@receiver(post_delete, sender=Post)
def _post_saved(sender, instance, created=False, **kwargs):
    # The flows hand over posts with their thread loaded, except where they
    # re-read a post under lock; then the forum is looked up.
    forum_ids = [instance.thread.forum_id] if Post.thread.is_cached(instance) else []
    # Hiding or deleting the opening post takes its thread out of sight.
    thread_changed(instance.thread_id, *forum_ids, renamed=instance.is_opening and not created)
