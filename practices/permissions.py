"""Who may do what with ideas and practices. Each `*_refusal` says why someone
may not do a thing, in words they understand, or None when they may; the flows
refuse with that reason, and pages ask the `can_*` forms of the same rules, so
what a page offers and what the server allows never drift apart."""

from allauth.account.utils import has_verified_email

from community.writing import write_refusal
from forum.flows import thread_in_sight

from .models import Idea

TRIAGE_ONLY = "Only the operations team can triage ideas."
MERGED = "This idea was merged into another one; vote and follow there instead."
MODERATORS_ONLY = "Only moderators can do that."
UNVERIFIED = "Please verify your e-mail address first; then you can rate practices."
UNPUBLISHED = "This practice is not published, so it cannot be rated."
RETIRED = "This practice has been retired; rate the one that replaced it instead."
STAFF_ONLY = ("Practice stories are told by staff. If something worked well for you, say so "
              "in the forums.")
NO_LIBRARY = "There is no practice library yet, so there is nowhere to add a practice."
NOT_DONE = ("Only an idea that is done can become a practice; this one is {status}. Set it to "
            "done first.")
ALREADY = "A practice was already made from this idea: “{title}”. Edit that one instead."


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


# --- The library -------------------------------------------------------------------

def rate_refusal(user, practice):
    """Why `user` may not mark `practice` helpful, or None when they may."""
    if reason := write_refusal(user):
        return reason
    # Sign-in already requires a verified address; this holds for sessions made
    # any other way too.
    if not has_verified_email(user):
        return UNVERIFIED
    if not practice.live:
        return UNPUBLISHED
    if practice.retired:
        return RETIRED
    return None


def can_rate(user, practice):
    return rate_refusal(user, practice) is None


def propose_refusal(user):
    """Why `user` may not propose a practice story, or None. The staff who may
    submit ideas (workers and operations) may tell practice stories too."""
    if reason := write_refusal(user):
        return reason
    if not user.has_perm("practices.submit_idea"):
        return STAFF_ONLY
    return None


def can_propose(user):
    return propose_refusal(user) is None


def draft_refusal(user, idea):
    """Why `user` may not draft a practice from `idea`, or None."""
    if not can_triage(user):
        return TRIAGE_ONLY
    if idea.merged_into_id is not None:
        return MERGED
    if idea.status != Idea.Status.DONE:
        return NOT_DONE.format(status=idea.get_status_display().lower())
    if existing := idea.practices.only("title").first():
        return ALREADY.format(title=existing.title)
    return None
