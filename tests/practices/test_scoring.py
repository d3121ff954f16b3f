from datetime import datetime, timedelta, timezone

import pytest

from practices import scoring

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)


def test_trending_grows_with_votes_at_any_age():
    for hours in range(0, 24 * 60, 7):
        created = NOW - timedelta(hours=hours)
        scores = [scoring.trending_score(votes, created, NOW) for votes in range(0, 200, 3)]
        assert scores == sorted(scores)
        assert len(set(scores)) == len(scores)


def test_trending_decays_with_age_for_the_same_votes():
    for votes in range(1, 100, 9):
        scores = [scoring.trending_score(votes, NOW - timedelta(hours=h), NOW)
                  for h in range(0, 24 * 30, 5)]
        assert scores == sorted(scores, reverse=True)
        assert len(set(scores)) == len(scores)


def test_trending_follows_the_formula():
    created = NOW - timedelta(hours=6)
    assert scoring.trending_score(16, created, NOW) == pytest.approx(16 / 8 ** 1.5)
    assert scoring.trending_score(0, created, NOW) == 0
    # A clock a little behind the database never yields a score above a fresh idea's.
    assert scoring.trending_score(4, NOW + timedelta(minutes=5), NOW) == 4 / 2 ** 1.5


def test_a_recent_idea_overtakes_an_old_one_with_more_votes():
    old = scoring.trending_score(50, NOW - timedelta(days=14), NOW)
    recent = scoring.trending_score(10, NOW - timedelta(hours=10), NOW)
    assert recent > old


def test_priority_shows_its_parts():
    result = scoring.priority(scoring.reach(votes=10, evidence=2), impact=3, confidence=80, effort=2)
    assert result == scoring.Priority(reach=16, impact=3, confidence=80, effort=2,
                                      score=pytest.approx(16 * 3 * 0.8 / 2))


def test_priority_rises_with_reach_impact_and_confidence_and_falls_with_effort():
    for reach in range(0, 30, 4):
        for impact in range(1, 6):
            for confidence in range(0, 101, 20):
                for effort in range(1, 6):
                    score = scoring.priority(reach, impact, confidence, effort).score
                    assert scoring.priority(reach + 1, impact, confidence, effort).score >= score
                    assert scoring.priority(reach, impact, min(confidence + 10, 100),
                                            effort).score >= score
                    if impact < 5:
                        assert scoring.priority(reach, impact + 1, confidence, effort).score >= score
                    if effort < 5:
                        assert scoring.priority(reach, impact, confidence, effort + 1).score <= score


def test_evidence_weighs_more_than_a_vote():
    assert scoring.reach(votes=0, evidence=1) == scoring.EVIDENCE_WEIGHT > scoring.reach(1, 0)


@pytest.mark.parametrize("missing", ["impact", "confidence", "effort"])
def test_no_priority_until_triage_sets_every_input(missing):
    inputs = {"impact": 3, "confidence": 50, "effort": 2, missing: None}
    assert scoring.priority(10, **inputs) is None


@pytest.mark.django_db
def test_refresh_trending_command_lets_old_ideas_sink(make_idea, customer, capsys):
    from django.core.management import call_command
    from django.utils import timezone as django_timezone

    from practices import flows
    from practices.models import Idea

    old = make_idea("Old idea")
    new = make_idea("New idea")
    for idea in (old, new):
        flows.toggle_vote(idea, customer)
    Idea.objects.filter(pk=old.pk).update(created_at=django_timezone.now() - timedelta(days=30))

    call_command("refresh_trending")
    assert "Refreshed the trending score of 2 open ideas" in capsys.readouterr().out
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.trending_score < new.trending_score
