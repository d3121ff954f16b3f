import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import roles
from community.notifications.models import Notification
from practices import flows
from practices.models import Idea

EVENT = "ideas.status_changed"


def told(event=EVENT):
    return list(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))


def change_counting_queries(idea, ops, to_status, capture):
    with capture() as callbacks, CaptureQueriesContext(connection) as queries:
        flows.change_status(idea, to_status, ops, response="On its way.")
    return len(queries), callbacks


def test_the_request_costs_the_same_for_2_or_40_voters(
    ops, worker, idea, make_voters, django_capture_on_commit_callbacks
):
    status = Idea.Status.PLANNED
    few = make_voters(2, "few", roles.CUSTOMER)
    for person in few:
        flows.toggle_vote(idea, person)
    other = flows.submit_idea(worker, "Refund texts", problem="p", proposal="p", outcome="o")
    many = make_voters(40, "many", roles.CUSTOMER)
    for person in many:
        flows.toggle_vote(other, person)

    # Warm the caches every request finds warm: permissions, content types.
    warm_up = flows.submit_idea(worker, "Warm up", problem="p", proposal="p", outcome="o")
    change_counting_queries(warm_up, ops, status, django_capture_on_commit_callbacks)
    few_queries, _ = change_counting_queries(idea, ops, status, django_capture_on_commit_callbacks)
    many_queries, callbacks = change_counting_queries(
        other, ops, status, django_capture_on_commit_callbacks)

    assert few_queries == many_queries
    assert not told()  # captured, not yet run
    for callback in callbacks:
        callback()
    assert sorted(told()) == sorted([worker.pk] + [person.pk for person in many])



def test_submitter_and_voters_are_told_once_each(
    ops, worker, customer, idea, make_voters, django_capture_on_commit_callbacks
):
    voters = make_voters(3, "voter", roles.CUSTOMER) + [worker, customer]
    for person in voters:
        flows.toggle_vote(idea, person)
    with django_capture_on_commit_callbacks(execute=True):
        change = flows.change_status(idea, Idea.Status.PLANNED, ops)
    recipients = told()
    assert sorted(recipients) == sorted(person.pk for person in voters)
    assert Notification.objects.filter(object_id=change.pk).count() == len(voters)

    # The next step is news again.
    with django_capture_on_commit_callbacks(execute=True):
        flows.change_status(idea, Idea.Status.IN_PROGRESS, ops)
    assert len(told()) == 2 * len(voters)


def test_the_person_who_changed_it_is_not_told(ops, idea, django_capture_on_commit_callbacks):
    flows.toggle_vote(idea, ops)
    with django_capture_on_commit_callbacks(execute=True):
        flows.change_status(idea, Idea.Status.PLANNED, ops)
    assert ops.pk not in told()


def test_voters_of_a_merged_idea_hear_of_the_merge(
    ops, worker, idea, make_voters, django_capture_on_commit_callbacks
):
    duplicate = flows.submit_idea(ops, "Refund tracking", problem="p", proposal="p", outcome="o")
    both, only_duplicate, only_target = (make_voters(2, prefix, roles.CUSTOMER)
                                        for prefix in ("both", "dup", "target"))
    for person in both + only_target:
        flows.toggle_vote(idea, person)
    for person in both + only_duplicate:
        flows.toggle_vote(duplicate, person)
    with django_capture_on_commit_callbacks(execute=True):
        flows.merge_ideas(duplicate, idea, ops)
    assert sorted(told()) == sorted(person.pk for person in both + only_duplicate)


def test_the_notification_opens_the_change_on_the_idea_page(
    ops, customer, idea, client_as, django_capture_on_commit_callbacks
):
    flows.toggle_vote(idea, customer)
    with django_capture_on_commit_callbacks(execute=True):
        change = flows.change_status(idea, Idea.Status.PLANNED, ops, response="Starting in May.")
    notification = Notification.objects.get(recipient=customer)
    path, anchor = notification.url.split("#")
    assert anchor == f"status-{change.pk}"
    page = client_as(customer).get(path).content.decode()
    assert f'id="status-{change.pk}"' in page
    assert "Starting in May." in page


def test_the_email_carries_the_official_response(
    ops, customer, idea, mailoutbox, django_capture_on_commit_callbacks
):
    flows.toggle_vote(idea, customer)
    with django_capture_on_commit_callbacks(execute=True):
        flows.change_status(idea, Idea.Status.PLANNED, ops, response="Starting in May.")
    told_customer = [m for m in mailoutbox if m.to == [customer.email]]
    assert len(told_customer) == 1 and "Starting in May." in told_customer[0].body


def test_a_merge_is_told_as_a_merge(ops, customer, idea, django_capture_on_commit_callbacks):
    duplicate = flows.submit_idea(ops, "Refund tracking", problem="p", proposal="p", outcome="o")
    flows.toggle_vote(duplicate, customer)
    with django_capture_on_commit_callbacks(execute=True):
        flows.merge_ideas(duplicate, idea, ops)
    notice = Notification.objects.get(recipient=customer)
    assert notice.title == f"“Refund tracking” was merged into “{idea.title}”"
