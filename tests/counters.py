"""Checks that counters equal the rows they count, for the tests of every way
those rows change."""

from forum.models import ForumPage, Post, Thread
from practices.models import Idea, Vote


def assert_forum_counts_true(forum_pk):
    """The forum's, its threads' and its posts' counters and latest posts."""
    forum = ForumPage.objects.get(pk=forum_pk)
    threads = Thread.objects.filter(forum=forum, is_hidden=False)
    assert forum.thread_count == threads.count()
    visible = Post.objects.filter(thread__in=threads, is_deleted=False, is_hidden=False)
    assert forum.post_count == visible.count()
    latest = threads.order_by("-last_activity_at").first()
    assert forum.last_post_id == (latest.last_post_id if latest else None)
    for post in Post.objects.filter(thread__forum=forum):
        assert post.helpful_count == post.reactions.count()
    for thread in Thread.objects.filter(forum=forum):
        replies = thread.posts.filter(number__gt=1, is_deleted=False, is_hidden=False)
        assert thread.reply_count == replies.count()
        helpful = thread.posts.filter(is_deleted=False, is_hidden=False)
        assert thread.helpful_count == sum(p.reactions.count() for p in helpful)
        assert thread.posts_made == thread.posts.count()
        latest = thread.posts.filter(is_deleted=False, is_hidden=False).order_by("-number").first()
        assert thread.last_post_id == (latest.pk if latest else None)


def assert_vote_counts_true(idea):
    """The idea's votes, split by role; returns the idea as stored."""
    stored = Idea.objects.get(pk=idea.pk)
    votes = Vote.objects.filter(idea=idea)
    assert stored.vote_count == votes.count() == votes.values("user").distinct().count()
    assert stored.customer_votes == votes.filter(voter_role=Vote.Role.CUSTOMER).count()
    assert stored.worker_votes == votes.filter(voter_role=Vote.Role.WORKER).count()
    return stored
