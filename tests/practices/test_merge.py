import pytest
from wagtail.models import ModelLogEntry

from community import roles
from practices import flows
from practices.models import Evidence, Idea, StatusChange, Vote
from tests.fixtures.ideas import fresh, voters_of


@pytest.fixture
def duplicate(worker):
    return flows.submit_idea(worker, "Refund tracking", problem="Where is my money?",
                             proposal="A tracking page.", outcome="No need to call.")


def test_merging_keeps_one_vote_per_person(ops, idea, duplicate, make_voters):
    only_target = make_voters(3, "target", roles.CUSTOMER)
    only_duplicate = make_voters(4, "dup", roles.CUSTOMER) + make_voters(1, "staff", roles.WORKER)
    both = make_voters(2, "both", roles.CUSTOMER) + make_voters(2, "bothstaff", roles.WORKER)
    for person in only_target + both:
        flows.toggle_vote(idea, person)
    for person in only_duplicate + both:
        flows.toggle_vote(duplicate, person)

    flows.merge_ideas(duplicate, idea, ops, response="Same idea, one place.")

    target = fresh(idea)
    assert voters_of(target) == set(only_target + only_duplicate + both)
    assert target.vote_count == Vote.objects.filter(idea=target).count() == 12
    assert (target.customer_votes, target.worker_votes) == (9, 3)
    merged = fresh(duplicate)
    assert (merged.status, merged.merged_into) == (Idea.Status.DUPLICATE, target)
    assert (merged.vote_count, merged.customer_votes, merged.worker_votes) == (0, 0, 0)
    change = StatusChange.objects.get(idea=merged)
    assert (change.from_status, change.to_status, change.response) == (
        Idea.Status.NEW, Idea.Status.DUPLICATE, "Same idea, one place.")
    assert ModelLogEntry.objects.filter(action="ideas.merge", object_id=str(merged.pk)).exists()


def test_merging_moves_evidence_without_repeating_a_thread(ops, worker, idea, duplicate, thread,
                                                           make_forum):
    from forum import flows as forum_flows

    other = forum_flows.start_thread(forum=make_forum("Wins"), author=worker, title="Refund late",
                                     body="Mine too.")
    flows.add_evidence(idea, thread, worker)
    flows.add_evidence(duplicate, thread, worker)
    flows.add_evidence(duplicate, other, worker)

    flows.merge_ideas(duplicate, idea, ops)

    assert set(Evidence.objects.filter(idea=idea).values_list("thread_id", flat=True)) == {
        thread.pk, other.pk}
    assert not Evidence.objects.filter(idea=duplicate).exists()
    assert (fresh(idea).evidence_count, fresh(duplicate).evidence_count) == (2, 0)


def test_an_idea_cannot_be_merged_twice_or_into_itself_or_a_merged_one(ops, idea, duplicate, worker):
    with pytest.raises(flows.NotAllowed, match="itself"):
        flows.merge_ideas(idea, idea, ops)
    flows.merge_ideas(duplicate, idea, ops)
    with pytest.raises(flows.NotAllowed, match="already"):
        flows.merge_ideas(duplicate, idea, ops)
    third = flows.submit_idea(worker, "Refund texts", problem="p", proposal="p", outcome="o")
    with pytest.raises(flows.NotAllowed, match="itself merged"):
        flows.merge_ideas(third, duplicate, ops)


def test_ideas_merged_into_a_duplicate_follow_it(ops, worker, idea, duplicate):
    earlier = flows.submit_idea(worker, "Refund status", problem="p", proposal="p", outcome="o")
    flows.merge_ideas(earlier, duplicate, ops)
    flows.merge_ideas(duplicate, idea, ops)
    assert fresh(earlier).merged_into_id == idea.pk


def test_the_merge_response_is_on_the_target_where_voters_are_sent(
        client, ops, customer, idea, duplicate, django_capture_on_commit_callbacks):
    flows.toggle_vote(duplicate, customer)
    with django_capture_on_commit_callbacks(execute=True):
        flows.merge_ideas(duplicate, idea, ops, "Same as the refund-tracking idea; your vote moved.")
    notice = customer.notifications.get(event="ideas.status_changed")
    landing = client.get(notice.url, follow=True)
    path, anchor = notice.url.split("#")
    assert landing.redirect_chain[-1][0] == idea.get_absolute_url()
    page = landing.content.decode()
    assert f'id="{anchor}"' in page
    assert f"“{duplicate.title}” merged into this idea" in page
    assert "Same as the refund-tracking idea; your vote moved." in page
