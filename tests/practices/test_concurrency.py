"""Vote counters stay equal to the vote rows when many people vote at the same
moment, each request in its own transaction on its own connection (see
tests/forum/test_concurrency.py for what this proves on each database)."""

import pytest

from community import roles
from community.models import User
from practices import flows
from practices.models import Vote
from tests.concurrency import all_at_once, concurrent, each_toggling_at_once, people
from tests.counters import assert_vote_counts_true

pytestmark = pytest.mark.usefixtures("_no_rate_limits")


@concurrent
def test_many_people_voting_twice_at_once_are_counted_once_each(idea):
    customers = people(12, "customer", roles.CUSTOMER)
    workers = people(6, "staff", roles.CUSTOMER, roles.WORKER)
    # The shared, never refreshed `idea` is what a view would hold.
    stayed = each_toggling_at_once(lambda person: flows.toggle_vote(idea, person),
                                   customers + workers)
    stored = assert_vote_counts_true(idea)
    assert stored.vote_count == len(stayed) == 12
    assert set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True)) == {
        person.pk for person in stayed}
    assert stored.customer_votes == len([p for p in stayed if p in customers])
    assert stored.worker_votes == len([p for p in stayed if p in workers])


@concurrent
def test_a_double_click_from_two_requests_counts_at_most_once(idea):
    for clicker in people(8, "clicker"):

        def click(clicker=clicker):
            return flows.toggle_vote(idea, clicker)

        results = all_at_once(click, click)

        mine = Vote.objects.filter(idea=idea, user=clicker).count()
        voted = sorted(result[0] for result in results)
        assert (voted, mine) in [([True, True], 1), ([False, True], 0)]
        assert_vote_counts_true(idea)


@concurrent
def test_votes_during_a_merge_are_neither_lost_nor_counted_twice(idea, worker, ops):
    duplicate = flows.submit_idea(worker, "Refund tracking", problem="p", proposal="p", outcome="o")
    early = people(6, "early")
    for person in early:
        flows.toggle_vote(duplicate, person)
    late = people(6, "late")

    def vote(person):
        def run():
            try:
                flows.toggle_vote(duplicate if person.pk % 2 else idea, person)
            except flows.NotAllowed:  # the merge came first; the duplicate is closed
                pass
        return run

    all_at_once(lambda: flows.merge_ideas(duplicate, idea, ops), *(vote(p) for p in late))

    assert_vote_counts_true(idea)
    assert_vote_counts_true(duplicate)
    assert not Vote.objects.filter(idea=duplicate).exists()
    assert set(early) <= set(User.objects.filter(pk__in=Vote.objects.filter(idea=idea).values("user")))
