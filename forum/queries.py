"""The reads behind the forum pages. Each list is one query plus a fixed number of
prefetches, whatever its length, and filters and orders the way the partial
indexes on Thread are built, so the database can walk an index instead of sorting.
A forum's thread list pages by keyset (community/keyset.py), so its deep pages
walk the same index from where the page before ended.
"""

from django.http import Http404

from community import keyset
from community.counting import marked_ids
from community.paging import get_page
from community.people import with_people
from community.roles import is_moderator

from .flows import thread_in_sight
from .models import POSTS_PER_PAGE, ForumPage, Post, Reaction, Subscription, Thread

# Each filter matches the condition of one partial index ("thread_unanswered", ...).
FILTERS = {
    "all": {},
    "unanswered": {"reply_count": 0},
    "solved": {"solution__isnull": False},
    "mine": None,  # needs the reader; see forum_threads()
}
FILTER_LABELS = {"all": "All", "unanswered": "Unanswered", "solved": "Solved", "mine": "Mine"}

# Each order is the order of an index, so a page is read straight off it. The
# primary key breaks ties (helpful counts tie all the time, times now and then),
# so every thread has one place in the list and pages end between two threads.
SORTS = {
    "latest": ("-last_activity_at", "-pk"),
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-pk"),
}
SORT_LABELS = {"latest": "Latest activity", "newest": "Newest", "helpful": "Most helpful"}
# The orders whose pages are "newer" and "older" than each other.
SORTS_BY_TIME = {"latest", "newest"}


def forums_in(index):
    """The live forums under `index`, each with its latest post, thread and poster."""
    forums = ForumPage.objects.child_of(index).live().select_related("last_post__thread")
    return with_people(forums, "last_post__author")


def forum_threads(forum, user, show="all", sort="latest"):
    """The visible threads of `forum` for the list, filtered by `show` and ordered by `sort`."""
    threads = Thread.objects.filter(forum=forum, is_hidden=False)
    if show == "mine":
        threads = threads.filter(pk__in=Post.objects.filter(author=user).values("thread_id"))
    else:
        threads = threads.filter(**FILTERS[show])
    threads = threads.order_by(*_order(show, sort))
    threads = threads.select_related("journey_stage").prefetch_related("tags")
    return with_people(threads, "author", "last_post__author")


def list_cursor(thread, sort="latest"):
    """The cursor (`?after=`) of the page of `thread`'s forum list, sorted by
    `sort`, that begins right after `thread`; it serves the filtered lists too."""
    return keyset.cursor(Thread.objects.order_by(*_order("all", sort)), thread)


def _order(show, sort):
    if show == "all" and sort == "latest":
        # Pinned threads lead the default list only, as index "thread_latest" is built.
        return ("-is_pinned", *SORTS[sort])
    return SORTS[sort]


def thread_for(user, pk):
    """The thread `pk` as its page shows it; hidden threads, and threads in
    unpublished forums, exist only for moderators."""
    threads = with_people(
        Thread.objects.select_related("forum", "journey_stage"), "author", "solution__author"
    ).prefetch_related("tags")
    thread = threads.filter(pk=pk).first()
    if thread is None or (not thread_in_sight(thread) and not is_moderator(user)):
        raise Http404("No such thread")
    return thread


def similar_threads(title, exclude=None, limit=5):
    """Threads anyone may read whose titles share words with `title`, closest
    first and the best known among equals; `exclude` is the thread being read.
    The search answers (it holds only what anyone may read); the rows are read
    in one query."""
    from search.query import similar

    skip = [("thread", exclude.pk)] if exclude is not None else []
    hits = similar(title or "", kinds=("thread",), limit=limit, exclude=skip)
    threads = Thread.objects.filter(is_hidden=False, forum__live=True).only(
        "pk", "title", "slug", "reply_count", "solution_id").in_bulk([hit.pk for hit in hits])
    return [threads[hit.pk] for hit in hits if hit.pk in threads]


def post_for(user, pk):
    """The post `pk` with its thread, seen as thread_for() sees the thread."""
    post = Post.objects.select_related("thread", "thread__forum", "author").filter(pk=pk).first()
    if post is None or (not thread_in_sight(post.thread) and not is_moderator(user)):
        raise Http404("No such post")
    return post


def page_of_posts(thread, page):
    """The Django page `page` of `thread` (bad numbers become the first or last page)
    and its posts.

    A page is a range of post numbers, never an OFFSET: page N holds numbers
    (N-1)*POSTS_PER_PAGE+1 to N*POSTS_PER_PAGE, so deep pages cost what the first does.
    Numbers are never reused, so posts_made is how many numbers there are."""
    page_obj = get_page(range(thread.posts_made), POSTS_PER_PAGE, page)
    first = (page_obj.number - 1) * POSTS_PER_PAGE + 1
    posts = list(with_people(
        Post.objects.filter(thread=thread, number__range=(first, first + POSTS_PER_PAGE - 1)),
        "author",
    ).order_by("number"))
    for post in posts:
        # The thread as loaded, forum included: asking a post about its thread costs no query.
        post.thread = thread
    return page_obj, posts


def last_page_number(thread):
    return (max(thread.posts_made, 1) - 1) // POSTS_PER_PAGE + 1


def helpful_post_ids(user, posts):
    """Which of `posts` `user` marked helpful, in one query."""
    return marked_ids(Reaction, user, "post", posts)


def is_following(user, thread):
    return user.is_authenticated and Subscription.objects.filter(thread=thread, user=user).exists()


def quotable_post(thread, pk):
    """A visible post of `thread` to quote, or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Post.objects.select_related("author")
        .filter(thread=thread, pk=pk, is_deleted=False, is_hidden=False)
        .first()
    )

