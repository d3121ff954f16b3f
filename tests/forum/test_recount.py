"""recount_forum() and `manage.py recount_forum`: counters set from the rows a
batch of threads at a time, each batch a short transaction of its own, right
even while people post and react meanwhile."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import User
from forum import flows
from forum.models import ForumPage, Post, Reaction, Thread
from tests.concurrency import all_at_once, concurrent, people
from tests.counters import assert_forum_counts_true

from .builders import make_threads


def busy_forum(forum, author, threads, replies):
    """`threads` threads of `replies` replies, some marked helpful, one reply hidden
    and one deleted, one thread hidden; every counter then knocked off its true value."""
    made = make_threads(forum, author, threads, replies=replies)
    readers = [User.objects.create_user(f"reader{n}-{forum.pk}@example.com", "x") for n in range(3)]
    Reaction.objects.bulk_create([
        Reaction(post=post, user=reader)
        for post in Post.objects.filter(thread__in=made, number=2) for reader in readers
    ])
    Post.objects.filter(thread=made[0], number=2).update(is_hidden=True)
    Post.objects.filter(thread=made[-1], number=replies + 1).update(is_deleted=True)
    Thread.objects.filter(pk=made[1].pk).update(is_hidden=True)
    Post.objects.filter(thread=made[1], number=1).update(is_hidden=True)
    drift(forum)
    return made


def drift(forum):
    Thread.objects.filter(forum=forum).update(
        reply_count=7, helpful_count=7, posts_made=1, last_post=None)
    Post.objects.filter(thread__forum=forum).update(helpful_count=3)
    ForumPage.objects.filter(pk=forum.pk).update(thread_count=70, post_count=700, last_post=None)


@pytest.mark.django_db
def test_a_recount_in_batches_sets_every_counter(forum, customer):
    busy_forum(forum, customer, threads=5, replies=3)
    heard = []
    assert flows.recount_forum(forum, batch_size=2,
                               progress=lambda done, total: heard.append((done, total))) == 5
    assert_forum_counts_true(forum.pk)
    assert heard == [(2, 5), (4, 5), (5, 5)]
    # Every thread's marks count but those on the reply a moderator hid.
    assert list(Thread.objects.filter(forum=forum).order_by("pk").values_list(
        "helpful_count", flat=True)) == [0, 3, 3, 3, 3]


@pytest.mark.django_db
def test_a_recount_leaves_other_forums_alone(forum, make_forum, customer):
    other = make_forum("Wins")
    busy_forum(forum, customer, threads=3, replies=2)
    busy_forum(other, customer, threads=3, replies=2)
    flows.recount_forum(forum, batch_size=2)
    assert_forum_counts_true(forum.pk)
    assert not Thread.objects.filter(forum=other).exclude(reply_count=7).exists()
    assert ForumPage.objects.get(pk=other.pk).post_count == 700


@pytest.mark.django_db
def test_a_recount_costs_queries_per_batch_not_per_post(forum, make_forum, customer):
    def recount_queries(forum, threads, replies):
        busy_forum(forum, customer, threads=threads, replies=replies)
        with CaptureQueriesContext(connection) as captured:
            flows.recount_forum(forum, batch_size=2)
        assert_forum_counts_true(forum.pk)
        return len(captured.captured_queries)

    two_batches = recount_queries(forum, threads=4, replies=2)
    assert recount_queries(make_forum("Longer threads"), threads=4, replies=9) == two_batches
    three_batches = recount_queries(make_forum("More threads"), threads=6, replies=2)
    one_batch = recount_queries(make_forum("Fewer threads"), threads=2, replies=2)
    assert three_batches - two_batches == two_batches - one_batch > 0


@pytest.mark.django_db
def test_the_command_recounts_forums_named_by_id_or_slug_and_shows_progress(
        forum, make_forum, customer):
    other = make_forum("Wins and shout-outs")
    busy_forum(forum, customer, threads=3, replies=2)
    busy_forum(other, customer, threads=2, replies=1)
    out = io.StringIO()
    call_command("recount_forum", str(forum.pk), "wins-and-shout-outs", "--batch-size", "2",
                 stdout=out)
    assert_forum_counts_true(forum.pk)
    assert_forum_counts_true(other.pk)
    printed = out.getvalue()
    assert "Getting help: 2 of 3 threads (66%)" in printed
    assert "Getting help: 3 of 3 threads (100%)" in printed
    # One of its threads is hidden, and the other's reply too.
    assert "Wins and shout-outs: 2 threads recounted; 1 thread and 1 post in sight" in printed


@pytest.mark.django_db
def test_the_command_recounts_every_forum_with_all(forum, make_forum, customer):
    other = make_forum("Wins")
    busy_forum(forum, customer, threads=2, replies=1)
    busy_forum(other, customer, threads=2, replies=1)
    call_command("recount_forum", "--all", verbosity=0, stdout=io.StringIO())
    assert_forum_counts_true(forum.pk)
    assert_forum_counts_true(other.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("arguments, complaint", [
    ([], "Name the forums"),
    (["no-such-forum"], "No forum has the id or slug “no-such-forum”"),
    (["999999"], "No forum has the id or slug “999999”"),
    (["--all", "getting-help"], "Name the forums"),
    (["--all", "--batch-size", "0"], "at least 1"),
])
def test_the_command_explains_what_it_cannot_do(forum, arguments, complaint):
    with pytest.raises(CommandError, match=complaint):
        call_command("recount_forum", *arguments, stdout=io.StringIO())


@concurrent
@pytest.mark.usefixtures("_no_rate_limits")
def test_replies_and_helpful_marks_during_a_recount_are_all_counted(forum, customer):
    threads = make_threads(forum, customer, 6, replies=2)
    # Drifted, all but the post numbering, which replies need right to be written at all.
    Thread.objects.filter(forum=forum).update(reply_count=7, helpful_count=7, last_post=None)
    Post.objects.filter(thread__forum=forum).update(helpful_count=3)
    writers = people(6, "writer")

    def write(person, n):
        def run():
            for round_ in range(4):
                thread = threads[(n + round_) % len(threads)]
                reply = flows.post_reply(thread=thread, author=person, body=f"Same here {round_}")
                flows.toggle_helpful(post=thread.posts.get(number=2), user=person)
                if round_ % 2:
                    flows.toggle_helpful(post=reply, user=customer)
        return run

    def recount():
        for _ in range(3):
            flows.recount_forum(forum, batch_size=1)

    all_at_once(recount, *(write(person, n) for n, person in enumerate(writers)))

    assert_forum_counts_true(forum.pk)
    assert Post.objects.filter(thread__forum=forum).count() == 6 * 3 + 6 * 4
