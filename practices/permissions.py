"""Who may do what with ideas and practices. Each `*_refusal` says why someone
may not do a thing, in words they understand, or None when they may; the flows
refuse with that reason, and pages ask the `can_*` forms of the same rules, so
what a page offers and what the server allows never drift apart."""

from community.writing import write_refusal
from forum.flows import thread_in_sight

from .models import Idea

TRIAGE_ONLY = "Only the operations team can triage ideas."
MERGED = "This idea was merged into another one; vote and follow there instead."
MODERATORS_ONLY = "Only moderators can do that."


def submit_refusal(user):
    if reason := write_refusal(user):
        return reason
    if not user.has_perm("practices.submit_idea"):
        return ("Ideas are submitted by staff. If something should change, say so in the "
                "forums: a worker can turn your thread into an idea.")
    return None


def can_submit(user):
    return submit_refusal(user) is None


def can_triage(user):
    return user.is_authenticated and user.has_perm("practices.triage_idea")


def vote_refusal(user, idea):
    if reason := write_refusal(user):
        return reason
    if idea.merged_into_id is not None:
        return MERGED
    if idea.status in Idea.CLOSED:
        return f"This idea is {idea.get_status_display().lower()}, so it takes no more votes."
    return None


def can_vote(user, idea):
    return vote_refusal(user, idea) is None


def comment_refusal(user, idea):
    if reason := write_refusal(user):
        return reason
    if idea.merged_into_id is not None:
        return "This idea was merged into another one; comment there instead."
    return None


def can_comment(user, idea):
    return comment_refusal(user, idea) is None


def evidence_refusal(thread):
    if not thread_in_sight(thread):
        return "That thread has been taken down, so it cannot back an idea."
    return None
