import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from practices.demo import IDEAS
from practices.models import Evidence, Idea, StatusChange, Vote


@pytest.fixture
def seeded(db):
    call_command("seed_demo", allow_production=True, verbosity=0)


def test_demo_counters_equal_the_rows_they_count(seeded):
    ideas = Idea.objects.annotate(
        rows=Count("votes", distinct=True),
        customers=Count("votes", filter=Q(votes__voter_role=Vote.Role.CUSTOMER), distinct=True),
        workers=Count("votes", filter=Q(votes__voter_role=Vote.Role.WORKER), distinct=True),
        threads=Count("evidence", distinct=True),
    )
    assert ideas.count() == len(IDEAS)
    for idea in ideas:
        assert (idea.vote_count, idea.customer_votes, idea.worker_votes, idea.evidence_count) == (
            idea.rows, idea.customers, idea.workers, idea.threads), idea.title


def test_demo_board_spans_the_whole_triage_life(seeded):
    statuses = set(Idea.objects.values_list("status", flat=True))
    assert statuses == set(Idea.Status.values)
    duplicate = Idea.objects.get(status=Idea.Status.DUPLICATE)
    assert duplicate.merged_into is not None and duplicate.vote_count == 0
    assert Evidence.objects.values("thread").distinct().count() >= 3
    assert StatusChange.objects.exclude(response="").filter(changed_by__email="ops@example.com")
    assert Idea.objects.filter(owner__email="ops@example.com", impact__isnull=False).exists()
    assert Vote.objects.values("user").distinct().count() >= 10


def test_demo_status_changes_come_after_the_idea_was_submitted(seeded):
    for change in StatusChange.objects.select_related("idea"):
        assert change.idea.created_at < change.created_at, change
