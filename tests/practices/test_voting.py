from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from community import roles
from community.ratelimit import RateLimited
from practices import flows
from practices.models import Idea, Vote
from tests.fixtures.ideas import fresh


def test_toggling_a_vote_adds_and_takes_it_back(customer, idea):
    assert flows.toggle_vote(idea, customer) == (True, 1)
    stored = fresh(idea)
    assert (stored.vote_count, stored.customer_votes, stored.worker_votes) == (1, 1, 0)
    assert stored.trending_score > 0
    assert flows.toggle_vote(idea, customer) == (False, 0)
    stored = fresh(idea)
    assert (stored.vote_count, stored.customer_votes, stored.worker_votes) == (0, 0, 0)
    assert stored.trending_score == 0
    assert not Vote.objects.exists()


def test_customers_and_workers_are_counted_apart(customer, worker, ops, make_voters, idea):
    for person in [customer, worker, ops, *make_voters(2, "shopper", roles.CUSTOMER)]:
        flows.toggle_vote(idea, person)
    stored = fresh(idea)
    assert (stored.vote_count, stored.customer_votes, stored.worker_votes) == (5, 3, 2)
    assert Vote.objects.get(user=worker).voter_role == Vote.Role.WORKER


def test_the_role_at_voting_time_is_the_one_taken_back(customer, idea):
    flows.toggle_vote(idea, customer)
    roles.grant_role(customer, roles.WORKER)
    flows.toggle_vote(fresh(idea), type(customer).objects.get(pk=customer.pk))
    stored = fresh(idea)
    assert (stored.vote_count, stored.customer_votes, stored.worker_votes) == (0, 0, 0)


@pytest.mark.parametrize("status", [Idea.Status.DONE, Idea.Status.DECLINED])
def test_decided_ideas_take_no_votes(customer, ops, idea, status):
    flows.toggle_vote(idea, customer)
    flows.change_status(idea, status, ops)
    with pytest.raises(flows.NotAllowed, match="no more votes"):
        flows.toggle_vote(idea, customer)
    assert fresh(idea).vote_count == 1


def test_a_vote_on_an_idea_loaded_before_it_was_closed_is_refused(customer, ops, idea):
    loaded = fresh(idea)
    flows.change_status(fresh(idea), Idea.Status.DECLINED, ops)
    with pytest.raises(flows.NotAllowed):
        flows.toggle_vote(loaded, customer)
    assert not Vote.objects.exists()


def test_a_merged_idea_takes_no_votes(customer, worker, ops, idea):
    other = flows.submit_idea(worker, "Refund tracking", problem="p", proposal="p", outcome="o")
    flows.merge_ideas(other, idea, ops)
    with pytest.raises(flows.NotAllowed, match="merged"):
        flows.toggle_vote(fresh(other), customer)


def test_signed_out_and_suspended_people_cannot_vote(customer, idea):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(flows.NotAllowed, match="sign in"):
        flows.toggle_vote(idea, AnonymousUser())
    customer.suspended_until = timezone.now() + timedelta(days=1)
    with pytest.raises(flows.NotAllowed, match="suspended"):
        flows.toggle_vote(idea, customer)


@override_settings(RATE_LIMITS={"ideas.vote": "3/m"})
def test_votes_are_rate_limited(customer, idea):
    for _ in range(3):
        flows.toggle_vote(idea, customer)
    with pytest.raises(RateLimited):
        flows.toggle_vote(idea, customer)
    assert fresh(idea).vote_count == 1


def test_recount_repairs_drifted_counters(customer, worker, idea):
    flows.toggle_vote(idea, customer)
    flows.toggle_vote(idea, worker)
    Idea.objects.filter(pk=idea.pk).update(vote_count=40, customer_votes=0, evidence_count=7)
    flows.recount_idea(fresh(idea))
    stored = fresh(idea)
    assert (stored.vote_count, stored.customer_votes, stored.worker_votes) == (2, 1, 1)
    assert stored.evidence_count == 0


def test_deleting_a_person_takes_their_votes_off_the_counts(customer, worker, ops, make_voters):
    first, second = (flows.submit_idea(ops, title, problem="p", proposal="p", outcome="o")
                     for title in ("First", "Second"))
    others = make_voters(2, "other", roles.CUSTOMER)
    for person in (customer, worker, *others):
        flows.toggle_vote(first, person)
    flows.toggle_vote(second, customer)
    customer.delete()
    worker.delete()
    first, second = fresh(first), fresh(second)
    assert (first.vote_count, first.customer_votes, first.worker_votes) == (2, 2, 0)
    assert (second.vote_count, second.customer_votes, second.worker_votes) == (0, 0, 0)
    assert first.vote_count == first.votes.count() and second.votes.count() == 0
