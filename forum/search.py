"""What the forums put in the search: threads (title and opening post) and
replies. Only what anyone may read is findable: no hidden threads or posts, no
deleted posts, nothing in an unpublished forum."""

from django.db.models import F, OuterRef, Subquery
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from search.documents import Address, DocumentType, SearchDocument, named_list, plain, register
from search.indexing import remove_later

from .models import ForumPage, Post, Thread

# Whole posts, not excerpts; the index keeps what it needs.
TEXT_MAX = 100_000
# Thread.get_absolute_url and Post.get_absolute_url, for a million at a time.
THREAD_URL = Address("forum:thread")
POST_URL = Address("forum:post")


# Each reads only what its document needs, in one query per batch: the forum
# and the stage by name (not as pages), and a post's text as already rendered.

def findable_threads():
    opening = Post.objects.filter(thread=OuterRef("pk"), number=1)
    return (
        Thread.objects.filter(is_hidden=False, forum__live=True)
        .only("title", "slug", "created_at", "helpful_count", "solution_id")
        .annotate(forum_title=F("forum__title"), stage_name=F("journey_stage__name"),
                  opening_body=Subquery(opening.values("body")[:1]),
                  opening_html=Subquery(opening.values("body_html")[:1]))
        .prefetch_related(named_list("tags"))
    )


def thread_document(thread):
    return SearchDocument(
        kind="thread", pk=thread.pk, url=THREAD_URL(thread.pk, thread.slug or "-"),
        title=thread.title,
        body=plain(thread.opening_body, thread.opening_html, length=TEXT_MAX),
        created_at=thread.created_at,
        facets={
            "forum": [thread.forum_title],
            "stage": [thread.stage_name] if thread.stage_name else [],
            "tag": [tag.name for tag in thread.tag_list],
        },
        helpful=thread.helpful_count, solved=thread.solution_id is not None,
    )


def thread_related(thread):
    # A thread's replies carry its title, forum and visibility.
    return [(Post, pk) for pk in Post.objects.filter(thread=thread, number__gt=1)
            .values_list("pk", flat=True)]


def findable_posts():
    # The opening post is its thread's document, so only replies are posts here.
    return (
        Post.objects.filter(number__gt=1, is_deleted=False, is_hidden=False,
                            thread__is_hidden=False, thread__forum__live=True)
        .only("body", "body_html", "created_at", "helpful_count", "thread_id")
        .annotate(thread_title=F("thread__title"), forum_title=F("thread__forum__title"))
    )


def post_document(post):
    return SearchDocument(
        kind="post", pk=post.pk, url=POST_URL(post.pk), title=f"Re: {post.thread_title}",
        own_title=False, body=plain(post.body, post.body_html, length=TEXT_MAX),
        created_at=post.created_at, facets={"forum": [post.forum_title]},
        helpful=post.helpful_count,
    )


def post_related(post):
    # Its thread's helpful count and solution change with it; an opening post is
    # the thread's text.
    return [(Thread, post.thread_id)]


register(DocumentType(
    kind="thread", label="Threads", model=Thread, findable=findable_threads,
    document=thread_document, related=thread_related,
))
register(DocumentType(
    kind="post", label="Replies", model=Post, findable=findable_posts,
    document=post_document, related=post_related,
))


# --- Forums opening and closing ---------------------------------------------------
# Publishing or unpublishing a forum saves no thread, yet decides whether all of
# them may be found.

@receiver(page_published, sender=ForumPage, dispatch_uid="forum.search.published")
@receiver(page_unpublished, sender=ForumPage, dispatch_uid="forum.search.unpublished")
def _forum_opened_or_closed(sender, instance, **kwargs):
    for thread_pk in Thread.objects.filter(forum=instance).values_list("pk", flat=True):
        remove_later(Thread, thread_pk)  # removed unless findable when the task runs
    for post_pk in Post.objects.filter(thread__forum=instance, number__gt=1).values_list(
            "pk", flat=True):
        remove_later(Post, post_pk)
