"""The index follows what happens: every create, edit, hide, delete, vote,
status change and publication reaches it after commit, through one task per
transaction, in a constant number of queries; a write Elasticsearch could not
take is kept and retried."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import flows as forum_flows
from practices import flows
from practices.flows import ratings
from search import indexing, query
from search.backends.base import Backend, SearchUnavailable
from search.models import PendingIndexWrite, SearchEntry

from .helpers import find


def entry(kind, pk):
    return SearchEntry.objects.filter(kind=kind, object_id=pk).first()


@pytest.mark.django_db
def test_threads_and_replies_follow_edits_hides_and_restores(
        search_backend, forum, make_forum, customer, worker, moderator, committed):
    with committed():
        thread = forum_flows.start_thread(forum=forum, author=customer, title="Kettle refund",
                                          body="Where is it?")
        reply = forum_flows.post_reply(thread=thread, author=worker, body="On its way.")
    assert find(search_backend, "kettle") == [("thread", thread.pk), ("post", reply.pk)] or \
        sorted(find(search_backend, "kettle")) == sorted([("thread", thread.pk), ("post", reply.pk)])
    with committed():
        forum_flows.edit_post(post=thread.posts.get(number=1), editor=customer,
                              body="Where is it?", title="Toaster refund")
    assert find(search_backend, "kettle") == []
    assert entry("post", reply.pk).title == "Re: Toaster refund"
    with committed():
        forum_flows.edit_post(post=reply, editor=worker, body="Posted by courier.")
    assert find(search_backend, "courier") == [("post", reply.pk)]
    with committed():
        forum_flows.delete_post(post=thread.posts.get(number=1), user=moderator)
    assert find(search_backend, "toaster") == []
    with committed():
        forum_flows.unhide_post(post=thread.posts.get(number=1), moderator=moderator)
    assert sorted(find(search_backend, "toaster")) == sorted([("thread", thread.pk),
                                                              ("post", reply.pk)])
    with committed():
        forum_flows.delete_post(post=reply, user=worker)
    assert find(search_backend, "courier") == []
    other = make_forum("Wins")
    with committed():
        forum_flows.move_thread(thread=thread, forum=other, moderator=moderator)
    assert entry("thread", thread.pk).facet_forum == SearchEntry.joined(["Wins"])


@pytest.mark.django_db
def test_helpful_and_solutions_reach_the_ranking(forum, customer, worker, committed):
    with committed():
        thread = forum_flows.start_thread(forum=forum, author=customer, title="Kettle",
                                          body="?")
        reply = forum_flows.post_reply(thread=thread, author=worker, body="Answer")
    with committed():
        forum_flows.toggle_helpful(post=reply, user=customer)
        forum_flows.mark_solution(thread=thread, post=reply, user=customer)
    assert entry("post", reply.pk).helpful == 1
    assert entry("thread", thread.pk).helpful == 1 and entry("thread", thread.pk).solved


@pytest.mark.django_db
def test_ideas_follow_votes_status_and_merges(make_idea, customer, ops, committed):
    with committed():
        idea = make_idea("Receipts by e-mail")
        duplicate = make_idea("E-mail receipts")
        flows.toggle_vote(duplicate, customer)
        flows.change_status(idea, "planned", ops)
    assert entry("idea", idea.pk).facet_status == SearchEntry.joined(["Planned"])
    assert entry("idea", duplicate.pk).votes == 1
    with committed():
        flows.merge_ideas(duplicate, idea, ops)
    assert entry("idea", duplicate.pk) is None
    assert entry("idea", idea.pk).votes == 1


@pytest.mark.django_db
def test_practices_follow_publishing_rating_and_deletion(make_practice, customer, committed):
    with committed():
        practice = make_practice("Fix it the same evening")
    assert entry("practice", practice.pk).helpful == 0
    with committed():
        ratings.toggle_helpful_practice(practice, customer)
    assert entry("practice", practice.pk).helpful == 1
    with committed():
        practice.unpublish()
    assert entry("practice", practice.pk) is None
    with committed():
        practice.save_revision().publish()
    assert entry("practice", practice.pk) is not None
    with committed():
        practice.delete()
    assert entry("practice", practice.pk) is None


@pytest.mark.django_db
def test_one_task_per_transaction_and_constant_queries(forum, customer, worker, committed,
                                                       django_capture_on_commit_callbacks,
                                                       monkeypatch):
    with committed():
        thread = forum_flows.start_thread(forum=forum, author=customer, title="Kettle", body="?")

    numbers = itertools.count(1)

    def reply_queries(replies):
        with django_capture_on_commit_callbacks() as callbacks:
            with CaptureQueriesContext(connection) as during:
                for _ in range(replies):
                    # Each reply its own words: the same words again are one reply.
                    forum_flows.post_reply(thread=thread, author=worker,
                                           body=f"Same here, reply {next(numbers)}.")
        batches = [c for c in callbacks if isinstance(c, indexing._Batch)]
        with CaptureQueriesContext(connection) as after:
            for batch in batches:
                batch()
        return len(batches), len(during), len(after)

    one, two = reply_queries(1), reply_queries(2)
    # One index task per transaction however many replies it made, and the task
    # costs the same for one reply as for two.
    assert one[0] == two[0] == 1
    assert one[2] == two[2]
    # Asking for the index costs the flow no query at all.
    monkeypatch.setattr(indexing, "_enqueue", lambda targets: None)
    assert reply_queries(1)[1] == one[1]


class Flaky(Backend):
    name = "elasticsearch"

    def __init__(self):
        self.up, self.documents = False, {}

    def index(self, documents):
        if not self.up:
            raise SearchUnavailable("down")
        self.documents.update({(d.kind, d.pk): d for d in documents})

    def remove(self, kind, pks):
        if not self.up:
            raise SearchUnavailable("down")
        for pk in pks:
            self.documents.pop((kind, pk), None)


@pytest.mark.django_db
def test_writes_an_unreachable_backend_missed_are_retried(make_idea, committed, monkeypatch):
    flaky = Flaky()
    monkeypatch.setattr(query, "backends", lambda: [query.database(), flaky])
    with committed():
        first = make_idea("Receipts by e-mail")
    assert entry("idea", first.pk) is not None  # the database has it at once
    assert list(PendingIndexWrite.objects.values_list("kind", "object_id")) == [("idea", first.pk)]
    flaky.up = True
    with committed():
        second = make_idea("Receipts by text")
    assert set(flaky.documents) == {("idea", first.pk), ("idea", second.pk)}
    assert not PendingIndexWrite.objects.exists()


@pytest.mark.django_db
def test_a_slow_task_cannot_put_back_what_was_hidden_meanwhile(
        search_backend, forum, customer, moderator, committed, monkeypatch):
    with committed():
        thread = forum_flows.start_thread(forum=forum, author=customer, title="Kettle refund",
                                          body="Where is it?")
    # A task read the thread while it could still be found...
    stale = indexing.documents_of("thread", [thread.pk])
    # ...then a moderator hid it, and that change's own task ran first.
    with committed():
        forum_flows.delete_post(post=thread.posts.get(number=1), user=moderator)
    assert find(search_backend, "kettle") == []
    reads = iter([stale])
    real = indexing.documents_of
    monkeypatch.setattr(indexing, "documents_of",
                        lambda kind, pks: next(reads, None) or real(kind, pks))
    # The slow task writes from its old read at last: the thread must stay out.
    indexing.update([("thread", thread.pk, False)])
    assert find(search_backend, "kettle") == []
