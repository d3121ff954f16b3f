from datetime import timedelta

import pytest
from django.utils import timezone

from practices import flows, scoring
from practices.models import Evidence, Idea
from tests.fixtures.ideas import fresh


def test_promoting_a_thread_prefills_the_idea_and_makes_the_thread_its_first_evidence(
    thread, worker
):
    thread.tags.set(["refunds"])
    assert flows.prefill_from_thread(thread) == {
        "title": "Where is my refund?",
        "problem": "I returned a kettle two weeks ago and have heard nothing.",
        "proposal": "", "outcome": "", "journey_stage": None, "tags": ["refunds"],
    }

    idea = flows.promote_thread(thread, worker, proposal="Tell people at each step.",
                                outcome="Nobody has to ask.")

    assert (idea.title, idea.author, idea.proposal) == (
        "Where is my refund?", worker, "Tell people at each step.")
    assert idea.problem.startswith("I returned a kettle")
    assert list(idea.tags.names()) == ["refunds"]
    first = Evidence.objects.filter(idea=idea).first()
    assert (first.thread, first.added_by) == (thread, worker)
    assert fresh(idea).evidence_count == 1


def test_fields_given_override_the_prefill(thread, worker):
    idea = flows.promote_thread(thread, worker, title="Refund updates", proposal="p", outcome="o")
    assert idea.title == "Refund updates"


def test_a_customer_cannot_promote_a_thread(thread, customer):
    with pytest.raises(flows.NotAllowed):
        flows.promote_thread(thread, customer, proposal="p", outcome="o")
    assert not Idea.objects.exists()


def test_a_taken_down_thread_backs_no_idea(thread, worker, moderator, idea):
    from forum import flows as forum_flows

    forum_flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    thread.refresh_from_db()
    with pytest.raises(flows.NotAllowed, match="taken down"):
        flows.promote_thread(thread, worker, proposal="p", outcome="o")
    with pytest.raises(flows.NotAllowed, match="taken down"):
        flows.add_evidence(idea, thread, worker)


def test_evidence_is_added_once(thread, worker, idea):
    assert flows.add_evidence(idea, thread, worker) is True
    assert flows.add_evidence(idea, thread, worker) is False
    assert fresh(idea).evidence_count == 1 == Evidence.objects.filter(idea=idea).count()
    assert scoring.idea_priority(fresh(idea)) is None


def test_refresh_trending_lets_open_ideas_sink_with_age(customer, ops, worker, idea):
    flows.toggle_vote(idea, customer)
    closed = flows.submit_idea(worker, "Closed", problem="p", proposal="p", outcome="o")
    flows.toggle_vote(closed, customer)
    flows.change_status(closed, Idea.Status.DONE, ops)
    before = fresh(idea).trending_score
    later = timezone.now() + timedelta(days=3)

    assert flows.refresh_trending(now=later) == 1

    assert fresh(idea).trending_score == pytest.approx(
        scoring.trending_score(1, idea.created_at, later))
    assert fresh(idea).trending_score < before
    assert fresh(closed).trending_score > fresh(idea).trending_score
