"""Counters on threads and forums stay equal to the rows they count."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import flows
from forum.models import ForumPage, Post, Thread
from tests.counters import assert_forum_counts_true


@pytest.mark.django_db
def test_counters_follow_replies_reactions_hiding_and_moving(
    forum, make_forum, thread, worker, customer, moderator
):
    first = flows.post_reply(thread=thread, author=worker, body="Sorry! Checking now.")
    second = flows.post_reply(thread=thread, author=customer, body="Thanks.")
    flows.toggle_helpful(post=first, user=customer)
    flows.toggle_helpful(post=second, user=worker)
    assert_forum_counts_true(forum.pk)
    assert Thread.objects.get(pk=thread.pk).reply_count == 2

    flows.hide_post(post=first, moderator=moderator)
    assert_forum_counts_true(forum.pk)
    flows.delete_post(post=second, user=customer)
    assert_forum_counts_true(forum.pk)
    flows.unhide_post(post=first, moderator=moderator)
    flows.undelete_post(post=second, moderator=moderator)
    assert_forum_counts_true(forum.pk)

    other = make_forum("Wins")
    flows.move_thread(thread=thread, forum=other, moderator=moderator)
    assert_forum_counts_true(forum.pk)
    assert_forum_counts_true(other.pk)
    assert ForumPage.objects.get(pk=other.pk).post_count == 3

    flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    assert_forum_counts_true(other.pk)
    assert ForumPage.objects.get(pk=other.pk).thread_count == 0


@pytest.mark.django_db
def test_reacting_twice_takes_the_reaction_back(thread, worker, customer):
    reply = flows.post_reply(thread=thread, author=worker, body="Refund sent.")
    assert flows.toggle_helpful(post=reply, user=customer) == (True, 1)
    assert flows.toggle_helpful(post=reply, user=customer) == (False, 0)


@pytest.mark.django_db
def test_deleting_a_person_takes_back_their_helpful_marks(
    forum, thread, worker, customer, moderator, make_person
):
    reply = flows.post_reply(thread=thread, author=worker, body="Refund sent.")
    removed = flows.post_reply(thread=thread, author=worker, body="Buy my kettles.")
    fan = make_person("fan@example.com", display_name="Fan")
    for post in (thread.posts.get(number=1), reply, removed):
        flows.toggle_helpful(post=post, user=fan)
    flows.toggle_helpful(post=reply, user=customer)
    flows.hide_post(post=removed, moderator=moderator)

    fan.delete()

    assert_forum_counts_true(forum.pk)
    assert Post.objects.get(pk=reply.pk).helpful_count == 1
    assert Thread.objects.get(pk=thread.pk).helpful_count == 1


@pytest.mark.django_db
def test_a_scheduled_change_to_a_forum_keeps_what_was_posted_meanwhile(forum, customer, worker):
    forum.description = "Orders, returns and refunds"
    forum.save_revision(approved_go_live_at=timezone.now())
    thread = flows.start_thread(forum=forum, author=customer, title="Refund?", body="When?")
    flows.post_reply(thread=thread, author=worker, body="Today.")

    call_command("publish_scheduled", verbosity=0)

    published = ForumPage.objects.get(pk=forum.pk)
    assert published.description == "Orders, returns and refunds"
    assert (published.thread_count, published.post_count) == (1, 2)
    assert_forum_counts_true(forum.pk)


@pytest.mark.django_db
def test_a_copied_forum_starts_with_no_threads_counted(forum, forum_index, thread, worker):
    flows.post_reply(thread=thread, author=worker, body="Refund sent.")
    busy = ForumPage.objects.get(pk=forum.pk)
    assert busy.post_count == 2
    copy = busy.copy(to=forum_index, update_attrs={"title": "Returns", "slug": "returns"})

    copy = ForumPage.objects.get(pk=copy.pk)
    assert (copy.thread_count, copy.post_count, copy.last_post, copy.last_activity_at) == (
        0, 0, None, None
    )
    assert_forum_counts_true(copy.pk)
