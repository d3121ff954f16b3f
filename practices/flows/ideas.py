"""Putting ideas on the board: submitted by staff, or promoted from a forum
thread, and backed by the threads where customers live the problem."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from community.refusals import NotAllowed, refuse
from community.resubmit import earlier_submit

from ..models import Evidence, Idea
from ..permissions import MERGED, evidence_refusal, submit_refusal


def idea_slug(title):
    return slugify(title, allow_unicode=True)[:200] or "idea"


def submit_idea(author, title, problem, proposal, outcome, journey_stage=None, barriers=(),
                tags=()):
    """Put an idea on the board. The same idea sent twice in a moment (a double
    click) is submitted once: the second gets the first back."""
    refuse(submit_refusal(author))
    with transaction.atomic():
        if earlier := _earlier_idea(author, title, problem):
            return earlier
        return _new_idea(author, title, problem, proposal, outcome, journey_stage, barriers, tags)


def _earlier_idea(author, title, problem, **same):
    return earlier_submit(author, Idea.objects.filter(title=title, problem=problem, **same))


def _new_idea(author, title, problem, proposal, outcome, journey_stage=None, barriers=(),
              tags=()):
    # Called inside the caller's transaction, after _earlier_idea found no repeat.
    now = timezone.now()
    idea = Idea.objects.create(
        author=author, title=title, slug=idea_slug(title), problem=problem,
        proposal=proposal, outcome=outcome, journey_stage=journey_stage,
        created_at=now, updated_at=now,
    )
    if barriers:
        idea.barriers.set(list(barriers))
    if tags:
        idea.tags.set(list(tags))
    return idea


def prefill_from_thread(thread):
    """Starting values for an idea born from `thread`: its title, the customer's
    own words as the problem, its journey stage and tags. Proposal and outcome
    stay for the worker to write."""
    opening = thread.posts.filter(number=1, is_deleted=False, is_hidden=False).first()
    return {
        "title": thread.title,
        "problem": opening.body if opening else "",
        "proposal": "",
        "outcome": "",
        "journey_stage": thread.journey_stage,
        "tags": list(thread.tags.names()),
    }


def promote_thread(thread, author, **fields):
    """Turn a forum thread into an idea, the thread its first evidence. `fields`
    override the values prefill_from_thread suggests."""
    refuse(submit_refusal(author))
    refuse(evidence_refusal(thread))
    fields = {**prefill_from_thread(thread), **fields}
    with transaction.atomic():
        # Sent twice, the thread is promoted once, and backs its idea once.
        if earlier := _earlier_idea(author, fields["title"], fields["problem"],
                                    evidence__thread=thread):
            return earlier
        idea = _new_idea(author, **fields)
        Evidence.objects.create(idea=idea, thread=thread, added_by=author, created_at=idea.created_at)
        Idea.objects.filter(pk=idea.pk).update(evidence_count=1)
        idea.evidence_count = 1
    return idea


def add_evidence(idea, thread, user):
    """Link a forum thread where customers live the problem; returns whether it was new."""
    refuse(submit_refusal(user))
    refuse(evidence_refusal(thread))
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if idea.merged_into_id is not None:
            raise NotAllowed(MERGED)
        if Evidence.objects.filter(idea=idea, thread=thread).exists():
            return False
        Evidence.objects.create(idea=idea, thread=thread, added_by=user)
        Idea.objects.filter(pk=idea.pk).update(evidence_count=F("evidence_count") + 1)
    return True
