from datetime import timedelta

import pytest
from django.utils import timezone

from practices import flows
from practices.models import Idea, InternalNote, StatusChange

IDEA = dict(title="Fewer forms", problem="Three forms for one refund.",
            proposal="One form.", outcome="Refunds asked for in a minute.")


def test_a_customer_can_neither_submit_nor_triage(customer, idea):
    assert not flows.can_submit(customer)
    assert not flows.can_triage(customer)
    with pytest.raises(flows.NotAllowed, match="forums"):
        flows.submit_idea(customer, **IDEA)
    with pytest.raises(flows.NotAllowed, match="operations"):
        flows.change_status(idea, Idea.Status.PLANNED, customer)
    with pytest.raises(flows.NotAllowed):
        flows.add_internal_note(idea, customer, "Looks cheap.")
    assert Idea.objects.count() == 1


def test_a_worker_submits_but_cannot_triage(worker, idea):
    assert flows.can_submit(worker)
    submitted = flows.submit_idea(worker, **IDEA, tags=["refunds"])
    assert submitted.author == worker
    assert submitted.status == Idea.Status.NEW
    assert submitted.slug == "fewer-forms"
    assert list(submitted.tags.names()) == ["refunds"]
    assert not flows.can_triage(worker)
    with pytest.raises(flows.NotAllowed):
        flows.change_status(idea, Idea.Status.PLANNED, worker)
    with pytest.raises(flows.NotAllowed):
        flows.merge_ideas(submitted, idea, worker)
    assert not StatusChange.objects.exists()


def test_operations_submit_and_triage(ops, idea):
    assert flows.can_submit(ops)
    assert flows.can_triage(ops)
    flows.change_status(idea, Idea.Status.UNDER_REVIEW, ops, response="We are looking at it.")
    note = flows.add_internal_note(idea, ops, "Needs the payments team.")
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.UNDER_REVIEW
    assert list(InternalNote.objects.filter(idea=idea)) == [note]


def test_a_suspended_worker_cannot_submit(worker):
    worker.suspended_until = timezone.now() + timedelta(days=1)
    assert not flows.can_submit(worker)
    with pytest.raises(flows.NotAllowed, match="suspended"):
        flows.submit_idea(worker, **IDEA)


def test_a_status_change_is_recorded_and_audited(ops, idea):
    from wagtail.models import ModelLogEntry

    change = flows.change_status(idea, Idea.Status.PLANNED, ops, response="Next quarter.")
    assert (change.from_status, change.to_status, change.response, change.changed_by) == (
        Idea.Status.NEW, Idea.Status.PLANNED, "Next quarter.", ops)
    assert Idea.objects.get(pk=idea.pk).updated_at == change.created_at
    entry = ModelLogEntry.objects.get(action="ideas.change_status")
    assert entry.object_id == str(idea.pk)
    assert entry.user_id == ops.pk


def test_duplicate_is_reached_only_by_merging(ops, idea):
    with pytest.raises(flows.NotAllowed, match="Merge"):
        flows.change_status(idea, Idea.Status.DUPLICATE, ops)
    with pytest.raises(flows.NotAllowed, match="already"):
        flows.change_status(idea, Idea.Status.NEW, ops)
