"""Counters stay equal to the rows they count when many people write at the
same moment, each request in its own transaction on its own connection.

On PostgreSQL the transactions really overlap, so these tests catch lost
updates. SQLite lets one writer in at a time; there they show that concurrent
requests on the embedded default wait their turn instead of failing with
"database is locked". The last tests replay, one step after the other, a request that loaded a thread or post
just before a moderator changed it; they run everywhere.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from community.counting import toggle_row
from forum import flows
from forum.models import ForumPage, Post, Reaction, Thread
from tests.concurrency import all_at_once, concurrent, people
from tests.counters import assert_forum_counts_true

pytestmark = pytest.mark.usefixtures("_no_rate_limits")


@pytest.fixture
def reply(thread):
    return flows.post_reply(thread=thread, author=people(1, "helper")[0], body="Try the form.")


@concurrent
def test_replies_from_many_people_at_once_are_numbered_and_counted(forum, thread):
    authors = people(8, "replier")

    def reply_ten_times(author):
        # The shared, never refreshed `thread` is what a view would hold.
        return lambda: [
            flows.post_reply(thread=thread, author=author, body=f"Reply {n} from {author.pk}")
            for n in range(10)
        ]

    all_at_once(*(reply_ten_times(author) for author in authors))

    thread = Thread.objects.get(pk=thread.pk)
    replies = Post.objects.filter(thread=thread, number__gt=1, is_deleted=False, is_hidden=False)
    assert thread.reply_count == 80 == replies.count()
    numbers = Post.objects.filter(thread=thread).order_by("number").values_list("number", flat=True)
    assert list(numbers) == list(range(1, 82))
    assert thread.posts_made == 81
    assert thread.last_post.number == 81
    forum = ForumPage.objects.get(pk=forum.pk)
    assert forum.post_count == Post.objects.filter(thread__forum=forum).count() == 81
    assert forum.last_post_id == thread.last_post_id
    assert_forum_counts_true(forum.pk)


@concurrent
def test_new_threads_and_replies_across_a_forum_at_once_keep_its_counters(forum, thread):
    # Replies to one thread queue on that thread's row lock; spread over several
    # threads they meet only at the forum's counters.
    starters = people(3, "starter")
    threads = [thread] + [
        flows.start_thread(forum=forum, author=person, title=f"Question {n}", body="Help?")
        for n, person in enumerate(starters)
    ]
    authors = people(8, "writer")

    def work(i, author):
        def run():
            flows.start_thread(forum=forum, author=author, title=f"New {i}", body="Also this.")
            for n in range(10):
                target = threads[(i + n) % len(threads)]
                flows.post_reply(thread=target, author=author, body=f"Same here ({n})")
        return run

    all_at_once(*(work(i, author) for i, author in enumerate(authors)))

    forum = ForumPage.objects.get(pk=forum.pk)
    assert forum.thread_count == Thread.objects.filter(forum=forum).count() == 12
    assert forum.post_count == Post.objects.filter(thread__forum=forum).count() == 12 + 80
    assert sum(Thread.objects.filter(forum=forum).values_list("reply_count", flat=True)) == 80
    assert_forum_counts_true(forum.pk)


@concurrent
def test_helpful_from_many_people_at_once_is_counted_once_each(thread, reply):
    readers = people(30, "reader")
    # Every third reader takes theirs back straight away, while others still react.
    twice = set(readers[::3])

    def react(reader):
        def run():
            flows.toggle_helpful(post=reply, user=reader)
            if reader in twice:
                flows.toggle_helpful(post=reply, user=reader)
        return run

    all_at_once(*(react(reader) for reader in readers))

    reactions = Reaction.objects.filter(post=reply)
    assert reactions.count() == 30 - len(twice) == 20
    stayed = {reader.pk for reader in readers if reader not in twice}
    assert set(reactions.values_list("user_id", flat=True)) == stayed
    assert Post.objects.get(pk=reply.pk).helpful_count == 20
    assert Thread.objects.get(pk=thread.pk).helpful_count == 20
    assert_forum_counts_true(thread.forum_id)


@concurrent
def test_a_double_click_from_two_requests_counts_at_most_once(thread, reply):
    # One round may run the two requests one after the other; several rounds
    # make it very likely that some really collide.
    for clicker in people(10, "clicker"):

        def click(clicker=clicker):
            return flows.toggle_helpful(post=reply, user=clicker)

        results = all_at_once(click, click)

        mine = Reaction.objects.filter(post=reply, user=clicker).count()
        reacted = sorted(result[0] for result in results)
        # Either both found no reaction and the second insert lost the race (one
        # reaction, and both say so), or they ran in turn: added, then taken back.
        assert (reacted, mine) in [([True, True], 1), ([False, True], 0)]
        rows = Reaction.objects.filter(post=reply).count()
        assert Post.objects.get(pk=reply.pk).helpful_count == rows
        assert Thread.objects.get(pk=thread.pk).helpful_count == rows
    assert_forum_counts_true(thread.forum_id)


@concurrent
def test_a_mark_another_request_is_adding_is_not_added_twice(reply):
    """The race the row lock does not cover (a toggle from outside a flow): the
    other request's row is not yet committed when this one looks, so the delete
    finds nothing and the insert waits for it, then adds nothing and says so."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: the two cannot overlap")
    clicker = people(1, "clicker")[0]
    added, go = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            Reaction.objects.create(post=reply, user=clicker)
            added.set()
            assert go.wait(timeout=30)
        return None

    def second():
        assert added.wait(timeout=30)
        with transaction.atomic():
            return toggle_row(Reaction, post=reply, user=clicker).change

    def release_when_the_second_waits():
        assert added.wait(timeout=30)
        deadline = time.monotonic() + 30
        while not _someone_waits_for_a_lock() and time.monotonic() < deadline:
            time.sleep(0.02)
        go.set()

    _nothing, change, _ = all_at_once(first, second, release_when_the_second_waits)
    assert change == 0
    assert Reaction.objects.filter(post=reply, user=clicker).count() == 1


def _someone_waits_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity "
                       "WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0] > 0


# Requests that loaded a thread or post just before a moderator changed it: the
# flows must check and count with the row they lock, not the caller's copy.


@pytest.mark.django_db
def test_a_reply_to_a_thread_moved_meanwhile_counts_in_its_new_forum(
    forum, make_forum, thread, worker, moderator
):
    loaded = Thread.objects.get(pk=thread.pk)
    other = make_forum("Wins")
    flows.move_thread(thread=Thread.objects.get(pk=thread.pk), forum=other, moderator=moderator)
    flows.post_reply(thread=loaded, author=worker, body="Same here.")
    assert_forum_counts_true(forum.pk)
    assert_forum_counts_true(other.pk)


@pytest.mark.django_db
def test_a_thread_hidden_meanwhile_takes_no_reply(forum, thread, worker, moderator):
    loaded = Thread.objects.get(pk=thread.pk)
    flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    with pytest.raises(flows.NotAllowed):
        flows.post_reply(thread=loaded, author=worker, body="Same here.")
    assert_forum_counts_true(forum.pk)


@pytest.mark.django_db
def test_a_thread_locked_meanwhile_takes_no_reply(thread, worker, moderator):
    loaded = Thread.objects.get(pk=thread.pk)
    flows.set_locked(thread=Thread.objects.get(pk=thread.pk), locked=True, moderator=moderator)
    with pytest.raises(flows.NotAllowed):
        flows.post_reply(thread=loaded, author=worker, body="Same here.")


@pytest.mark.django_db
def test_a_post_hidden_meanwhile_takes_no_reaction(forum, reply, customer, moderator):
    loaded = Post.objects.get(pk=reply.pk)
    flows.hide_post(post=Post.objects.get(pk=reply.pk), moderator=moderator)
    with pytest.raises(flows.NotAllowed):
        flows.toggle_helpful(post=loaded, user=customer)
    assert_forum_counts_true(forum.pk)
