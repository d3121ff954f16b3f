"""How ideas rank: pure functions of the numbers on an idea, so the board, the
backlog and the periodic refresh agree, and tests can check them without a
database."""

from dataclasses import dataclass

# How fast an idea sinks as it ages, as on Hacker News: at 1.5 an idea needs
# about 2.8 times the votes to keep its place when its age doubles. Higher sinks
# old ideas faster; 1.8 is Hacker News' own, which suits a busier board than ours.
GRAVITY = 1.5
# Hours added to every age, so a brand-new idea with one vote does not outrank
# everything for its first minutes.
AGE_OFFSET_HOURS = 2

# A forum thread where customers live the problem stands for more people than
# one vote does: most who suffer it never find the idea board, and a thread is
# already a conversation of several. Three is a deliberately modest weight.
EVIDENCE_WEIGHT = 3


def trending_score(votes, created_at, now):
    """Votes over age: recent demand beats old totals."""
    age_hours = max((now - created_at).total_seconds() / 3600, 0)
    return votes / (age_hours + AGE_OFFSET_HOURS) ** GRAVITY


def reach(votes, evidence):
    return votes + EVIDENCE_WEIGHT * evidence


@dataclass(frozen=True)
class Priority:
    """A RICE score with its parts, so the backlog can show why an idea ranks where it does."""

    reach: int
    impact: int
    confidence: int  # per cent
    effort: int
    score: float


def priority(reach, impact, confidence, effort):
    """Reach × impact × confidence / effort; None until triage has set impact,
    confidence and effort, so unscored ideas are not mistaken for worthless ones."""
    if impact is None or confidence is None or not effort:
        return None
    score = reach * impact * (confidence / 100) / effort
    return Priority(reach, impact, confidence, effort, score)


def idea_priority(idea):
    return priority(reach(idea.vote_count, idea.evidence_count), idea.impact, idea.confidence, idea.effort)
