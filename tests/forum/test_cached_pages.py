"""An anonymous reader meets the forums from the page cache (community/pagecache.py),
and sees every change at once: each test keeps a page, changes what it shows
through the flows the site uses, and reads the page again."""

import threading

import pytest
from django.db import connection, transaction
from django.test import override_settings

from community.models import HomePage
from forum import flows
from tests.pages import kept, reread, text_of

REPLY = "Ask at the returns desk, they can trace it."


@pytest.fixture
def reply(thread, worker):
    return flows.post_reply(thread=thread, author=worker, body=REPLY)


# --- Threads and posts ---------------------------------------------------------------

def test_a_reply_shows_on_the_kept_thread_page_at_once(client, thread, worker):
    kept(client, thread.get_absolute_url())
    flows.post_reply(thread=thread, author=worker, body=REPLY)
    assert REPLY in reread(client, thread.get_absolute_url())


def test_a_reply_counts_on_the_kept_forum_list_and_index(client, forum, forum_index, thread,
                                                         worker):
    assert "0 replies" in text_of(kept(client, forum.url), ".thread-row-stats")
    assert "1 post" in text_of(kept(client, forum_index.url), ".forum-summary")
    flows.post_reply(thread=thread, author=worker, body=REPLY)
    assert "1 reply" in text_of(reread(client, forum.url), ".thread-row-stats")
    assert "2 posts" in text_of(reread(client, forum_index.url), ".forum-summary")


def test_an_edited_reply_shows_on_the_kept_thread_page(client, thread, reply, worker):
    kept(client, thread.get_absolute_url())
    flows.edit_post(post=reply, editor=worker, body="Ask at the returns desk on Mondays.")
    assert "on Mondays" in reread(client, thread.get_absolute_url())


def test_a_renamed_thread_is_renamed_on_the_kept_list(client, forum, thread, customer):
    kept(client, forum.url)
    opening = thread.posts.get(number=1)
    flows.edit_post(post=opening, editor=customer, body=opening.body, title="Kettle refund")
    assert "Kettle refund" in text_of(reread(client, forum.url), ".thread-list")


def test_a_hidden_reply_leaves_the_kept_thread_page(client, thread, reply, moderator):
    assert REPLY in kept(client, thread.get_absolute_url())
    flows.hide_post(post=reply, moderator=moderator)
    assert REPLY not in reread(client, thread.get_absolute_url())


def test_a_deleted_reply_leaves_the_kept_thread_page(client, thread, reply, worker):
    assert REPLY in kept(client, thread.get_absolute_url())
    flows.delete_post(post=reply, user=worker)
    assert REPLY not in reread(client, thread.get_absolute_url())


def test_a_restored_reply_comes_back_to_the_kept_thread_page(client, thread, reply, moderator):
    flows.hide_post(post=reply, moderator=moderator)
    assert REPLY not in kept(client, thread.get_absolute_url())
    flows.unhide_post(post=reply, moderator=moderator)
    assert REPLY in reread(client, thread.get_absolute_url())


def test_a_hidden_thread_leaves_the_kept_lists(client, forum, forum_index, thread, moderator):
    url = thread.get_absolute_url()
    kept(client, url)
    assert thread.title in kept(client, forum.url)
    kept(client, forum_index.url)
    flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    assert client.get(url).status_code == 404
    assert thread.title not in reread(client, forum.url)
    assert thread.title not in reread(client, forum_index.url)


def test_helpful_marks_count_on_the_kept_thread_page(client, thread, reply, customer):
    assert "found this helpful" not in kept(client, thread.get_absolute_url())
    flows.toggle_helpful(post=reply, user=customer)
    assert "1 found this helpful" in reread(client, thread.get_absolute_url())
    kept(client, thread.get_absolute_url())
    flows.toggle_helpful(post=reply, user=customer)
    assert "found this helpful" not in reread(client, thread.get_absolute_url())


def test_a_solution_shows_on_the_kept_thread_page_and_list(client, forum, thread, reply,
                                                           customer):
    assert "Solved" not in kept(client, thread.get_absolute_url())
    kept(client, forum.url)
    flows.mark_solution(thread=thread, post=reply, user=customer)
    assert "The reply that answered this" in reread(client, thread.get_absolute_url())
    assert "Solved" in text_of(reread(client, forum.url), ".thread-list")


# --- Threads in lists -----------------------------------------------------------------

def test_a_new_thread_shows_on_every_kept_list(client, forum, forum_index, thread, customer):
    home = HomePage.objects.get()
    for url in (forum.url, forum_index.url, home.url):
        kept(client, url)
    flows.start_thread(forum=forum, author=customer, title="Opening hours at Christmas",
                       body="Are you open on Boxing Day?")
    assert "Opening hours at Christmas" in text_of(reread(client, forum.url), ".thread-list")
    assert "Opening hours at Christmas" in reread(client, forum_index.url)
    assert "Opening hours at Christmas" in reread(client, home.url)


def test_a_thread_in_another_forum_leaves_a_kept_list_alone(client, make_forum, thread, customer):
    other = make_forum("Sharing wins")
    kept(client, other.url)
    flows.post_reply(thread=thread, author=customer, body="Any news?")
    assert client.get(other.url)["X-Cache"] == "hit"


def test_locking_and_pinning_show_on_the_kept_pages(client, forum, thread, moderator):
    kept(client, thread.get_absolute_url())
    kept(client, forum.url)
    flows.set_locked(thread=thread, locked=True, moderator=moderator)
    assert "Locked" in text_of(reread(client, thread.get_absolute_url()), ".thread-badges")
    flows.set_pinned(thread=thread, pinned=True, moderator=moderator)
    assert "Pinned" in text_of(reread(client, forum.url), ".thread-list")


def test_a_moved_thread_moves_between_the_kept_lists(client, forum, make_forum, thread, moderator):
    other = make_forum("Sharing wins")
    kept(client, forum.url)
    kept(client, other.url)
    kept(client, thread.get_absolute_url())
    flows.move_thread(thread=thread, forum=other, moderator=moderator)
    assert thread.title not in reread(client, forum.url)
    assert thread.title in text_of(reread(client, other.url), ".thread-list")
    assert "Sharing wins" in text_of(reread(client, thread.get_absolute_url()), ".breadcrumbs")


def test_a_renamed_forum_is_renamed_on_the_kept_index(client, forum, forum_index, thread):
    kept(client, forum_index.url)
    forum.title = "Help with orders"
    forum.save_revision().publish()
    assert "Help with orders" in reread(client, forum_index.url)


# --- Writes that commit while a page renders ------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_read_before_a_reply_committed_is_forgotten_when_it_commits(client, thread,
                                                                           worker):
    """Another request reads the thread while the reply is written but not yet
    committed: it keeps the page without the reply, which must not outlive the commit."""
    url = thread.get_absolute_url()
    written, commit = threading.Event(), threading.Event()

    def write_reply():
        try:
            with override_settings(RATE_LIMITS={}), transaction.atomic():
                flows.post_reply(thread=thread, author=worker, body=REPLY)
                written.set()
                commit.wait(10)
        finally:
            connection.close()

    client.get(url)  # whatever a first page writes (the site's settings) is written now
    writer = threading.Thread(target=write_reply)
    writer.start()
    assert written.wait(10)
    assert REPLY not in kept(client, url)  # read from before the commit, and kept
    commit.set()
    writer.join(10)
    assert REPLY in reread(client, url)
