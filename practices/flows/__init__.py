"""What people do with improvement ideas, as plain functions that views, the
admin, commands and tests share: submitting and backing ideas (ideas.py),
voting (voting.py), comments (comments.py) and operations' triage
(triage.py). Who may do what is practices/permissions.py.

Every function checks permission itself, so no caller can forget to. Vote and
evidence counters change in the same transaction as the rows they count, under
the idea's row lock, so concurrent requests never lose an update.

Callers say `flows.toggle_vote(...)`, `flows.can_vote(...)`: the names below
are the package's whole surface.
"""

from community.refusals import NotAllowed

from ..permissions import (
    MERGED, TRIAGE_ONLY, can_comment, can_submit, can_triage, can_vote, comment_refusal,
    submit_refusal, vote_refusal,
)
from .comments import add_comment, hide_comment
from .ideas import add_evidence, idea_slug, prefill_from_thread, promote_thread, submit_idea
from .triage import add_internal_note, assign_owner, change_status, merge_ideas
from .voting import (
    REFRESH_BATCH, recount_idea, refresh_trending, take_back_votes, toggle_vote, voter_role,
)

__all__ = [
    "MERGED", "NotAllowed", "REFRESH_BATCH", "TRIAGE_ONLY", "add_comment", "add_evidence",
    "add_internal_note", "assign_owner", "can_comment", "can_submit", "can_triage", "can_vote",
    "change_status", "comment_refusal", "hide_comment", "idea_slug", "merge_ideas",
    "prefill_from_thread", "promote_thread", "recount_idea", "refresh_trending",
    "submit_idea", "submit_refusal", "take_back_votes", "toggle_vote", "vote_refusal",
    "voter_role",
]
