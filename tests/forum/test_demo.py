"""The demo forums, and recount_forum(), which sets their counters from the rows."""

import io

import pytest
from django.core.management import call_command

from forum import demo, flows
from forum.models import Flag, ForumIndexPage, ForumPage, Post, Thread
from tests.counters import assert_forum_counts_true


def seed():
    call_command("seed_demo", allow_production=True, verbosity=0, stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_forums_are_full_of_everyday_conversations(client):
    seed()
    index = ForumIndexPage.objects.get()
    forums = ForumPage.objects.child_of(index)
    assert [f.title for f in forums] == [title for title, _slug, _d in demo.FORUMS]
    assert Thread.objects.count() == len(demo.THREADS)
    for forum in forums:
        assert_forum_counts_true(forum.pk)

    wren = Post.objects.filter(author__email="worker@example.com")
    assert wren.count() >= 8
    assert Thread.objects.filter(solution__isnull=False).count() >= 3
    assert Thread.objects.filter(reply_count=0).exists()
    assert Flag.objects.filter(reporter__email="customer@example.com").count() == 2

    page = client.get(index.url).content.decode()
    assert "Getting help" in page and "Tell us what to improve" in page
    thanks = Thread.objects.get(title__startswith="A big thank you to Wren")
    page = client.get(thanks.get_absolute_url()).content.decode()
    assert 'class="mention"' in page  # @wren-worker links to Wren's profile


@pytest.mark.django_db
def test_recount_forum_repairs_counters_that_drifted(forum, thread, worker, customer, moderator):
    reply = flows.post_reply(thread=thread, author=worker, body="Refunded.")
    flows.toggle_helpful(post=reply, user=customer)
    hidden = flows.post_reply(thread=thread, author=customer, body="Rude words")
    flows.toggle_helpful(post=hidden, user=worker)
    flows.hide_post(post=hidden, moderator=moderator)
    assert_forum_counts_true(forum.pk)
    before = Thread.objects.filter(pk=thread.pk).values().get()

    Thread.objects.filter(pk=thread.pk).update(reply_count=9, helpful_count=9, last_post=None)
    Post.objects.filter(pk=reply.pk).update(helpful_count=5)
    ForumPage.objects.filter(pk=forum.pk).update(thread_count=7, post_count=70, last_post=None)

    flows.recount_forum(forum)
    assert_forum_counts_true(forum.pk)
    after = Thread.objects.filter(pk=thread.pk).values().get()
    for counter in ("reply_count", "helpful_count", "posts_made", "last_post_id"):
        assert after[counter] == before[counter], counter
    assert Post.objects.get(pk=reply.pk).helpful_count == 1
    repaired = ForumPage.objects.get(pk=forum.pk)
    assert (repaired.thread_count, repaired.post_count, repaired.last_post_id) == (1, 2, reply.pk)
