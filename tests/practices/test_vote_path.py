"""A vote is the product's busiest write: the request does only what the count
needs, and the search learns of a busy idea's votes in one update a few
seconds later, when a worker runs the tasks."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community import roles
from community.models import Barrier
from practices import flows, tasks
from practices.models import Idea, Vote
from search.models import SearchEntry
from tests.concurrency import all_at_once, concurrent, people
from tests.counters import assert_vote_counts_true

HTMX = {"HTTP_HX_REQUEST": "true"}
# Production's way of running tasks: stored, and run later by `manage.py db_worker`.
WORKER_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def indexed_votes(idea):
    return SearchEntry.objects.filter(kind="idea", object_id=idea.pk).values_list(
        "votes", flat=True).first()


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, stdout=io.StringIO(),
                 stderr=io.StringIO())


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def busy_idea(make_idea, make_voters):
    """An idea with long texts, tags, barriers and many votes already."""
    idea = make_idea("Refunds in a day", problem="Waiting. " * 2000, tags=["refunds", "money"],
                     barriers=Barrier.objects.all()[:3])
    for person in make_voters(30, "backer", roles.CUSTOMER):
        flows.toggle_vote(idea, person)
    return Idea.objects.get(pk=idea.pk)


@pytest.mark.django_db
@WORKER_TASKS
def test_a_vote_costs_a_few_queries_and_leaves_the_search_to_the_worker(
        board, make_idea, make_voters, customer, django_capture_on_commit_callbacks):
    quiet = make_idea("Receipts by e-mail")
    busy = busy_idea(make_idea, make_voters)
    first, second = make_voters(2, "early", roles.CUSTOMER)

    browsers = {person: signed_in(person) for person in (first, second, customer)}

    def press(person, idea, **headers):
        # What runs after commit runs inside the request too, so it is counted.
        with CaptureQueriesContext(connection) as captured:
            with django_capture_on_commit_callbacks(execute=True):
                response = browsers[person].post(f"/ideas/{idea.pk}/vote/", **headers)
        assert response.status_code in (200, 302)
        return [query["sql"] for query in captured.captured_queries]

    # The first vote in a while on an idea also queues its search update; the
    # votes that follow find it queued.
    queuing = press(first, quiet)
    press(second, busy)
    voting = press(customer, quiet, **HTMX)
    on_busy = press(first, busy, **HTMX)
    taking_back = press(customer, quiet, **HTMX)
    # Session, person, idea, its lock, the vote, the voter's roles, the count,
    # and the transaction's own statements; the same on a busy idea.
    assert len(voting) == len(on_busy) <= 10
    assert len(queuing) == len(voting) + 1
    assert len(taking_back) < len(voting)
    assert not any("search_searchentry" in sql for sql in queuing + voting + on_busy + taking_back)
    assert Idea.objects.get(pk=busy.pk).vote_count == 32 == busy.votes.count()


@concurrent  # the worker commits on its own, as it does in production
@WORKER_TASKS
def test_many_votes_on_one_idea_reach_the_search_in_one_later_update(make_idea, make_voters):
    idea = make_idea("Receipts by e-mail")
    run_worker()  # the new idea reaches the search
    assert indexed_votes(idea) == 0
    voters = make_voters(5, "fan", roles.CUSTOMER)
    for person in voters:
        flows.toggle_vote(idea, person)
    flows.toggle_vote(idea, voters[0])  # changed their mind

    queued = DBTaskResult.objects.filter(task_path="practices.tasks.index_votes")
    assert queued.count() == 1
    assert queued.get().run_after >= timezone.now() + tasks.VOTES_SETTLE
    run_worker()
    assert indexed_votes(idea) == 0  # not yet: more votes may come meanwhile

    queued.update(run_after=timezone.now() - timedelta(seconds=1))  # time passes
    run_worker()
    assert indexed_votes(idea) == 4


@pytest.mark.django_db
def test_without_a_worker_each_vote_reaches_the_search_at_once(
        make_idea, make_voters, django_capture_on_commit_callbacks):
    idea = make_idea("Receipts by e-mail")
    for count, person in enumerate(make_voters(3, "fan", roles.CUSTOMER), start=1):
        with django_capture_on_commit_callbacks(execute=True):
            flows.toggle_vote(idea, person)
        assert indexed_votes(idea) == count


@concurrent
@pytest.mark.usefixtures("_no_rate_limits")
def test_many_people_pressing_vote_at_once_are_counted_once_each(board, idea):
    customers = people(10, "customer", roles.CUSTOMER)
    workers = people(5, "staff", roles.CUSTOMER, roles.WORKER)
    # Every third presses twice in a row, as a double click does without JavaScript.
    twice = set((customers + workers)[::3])

    def browser(person):
        client = signed_in(person)

        def press():
            for _ in range(2 if person in twice else 1):
                response = client.post(f"/ideas/{idea.pk}/vote/", HTTP_HX_REQUEST="true")
                assert response.status_code == 200
                assert f'id="vote-button-{idea.pk}"' in response.content.decode()
        return press

    all_at_once(*(browser(person) for person in customers + workers))

    stored = assert_vote_counts_true(idea)
    stayed = [p for p in customers + workers if p not in twice]
    assert stored.vote_count == len(stayed) == 10
    assert stored.customer_votes == len([p for p in stayed if p in customers])
    assert stored.worker_votes == len([p for p in stayed if p in workers])
    assert set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True)) == {
        p.pk for p in stayed}
