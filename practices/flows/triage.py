"""Operations' work on the backlog: statuses along the public timeline,
owners, internal notes, and merging an idea into the one it repeats."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from community.notifications.service import notify
from community.refusals import NotAllowed
from search.indexing import index_later

from ..models import Evidence, Idea, InternalNote, StatusChange, Vote
from ..permissions import MERGED, TRIAGE_ONLY, can_triage
from .voting import recount_idea


def change_status(idea, to_status, user, response=""):
    """Move an idea along its public timeline; its submitter and voters are told."""
    _require_triager(user)
    if to_status not in Idea.Status.values:
        raise NotAllowed(f"“{to_status}” is not an idea status.")
    if to_status == Idea.Status.DUPLICATE:
        raise NotAllowed("Merge the idea into the one it repeats instead, so its votes move too.")
    now = timezone.now()
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if idea.merged_into_id is not None:
            raise NotAllowed(MERGED)
        if idea.status == to_status:
            raise NotAllowed(f"This idea is already {idea.get_status_display().lower()}.")
        change = StatusChange.objects.create(
            idea=idea, from_status=idea.status, to_status=to_status, response=response,
            changed_by=user, created_at=now,
        )
        Idea.objects.filter(pk=idea.pk).update(status=to_status, updated_at=now)
        idea.status, idea.updated_at = to_status, now
        index_later(idea)  # the status is a facet
        log(instance=idea, action="ideas.change_status", user=user,
            data={"from": change.from_status, "to": to_status})
        _announce(change)
    return change


def assign_owner(idea, owner, user):
    """Give `idea` to `owner`, someone in operations, or to nobody (None); a new
    owner other than `user` is told. Returns whether the owner changed."""
    _require_triager(user)
    if owner is not None and not can_triage(owner):
        raise NotAllowed(f"{owner.name} is not in operations, so cannot own an idea.")
    with transaction.atomic():
        changed = Idea.objects.filter(pk=idea.pk).exclude(
            owner_id=owner.pk if owner else None).update(owner=owner)
        if changed:
            idea.owner = owner
            log(instance=idea, action="ideas.assign_owner", user=user,
                data={"owner": owner.pk if owner else None})
            if owner is not None:
                # In the transaction, so the notice and the change stand or fall
                # together; notify() sends its e-mail only after commit.
                notify([owner], "ideas.assigned", target=idea, actor=user, title=idea.title)
    return bool(changed)


def add_internal_note(idea, user, body):
    _require_triager(user)
    return InternalNote.objects.create(idea=idea, author=user, body=body)


def merge_ideas(duplicate, target, user, response=""):
    """Fold `duplicate` into `target`: its votes and evidence move over, nobody
    counting twice, and its voters are told where the idea lives on."""
    _require_triager(user)
    if duplicate.pk == target.pk:
        raise NotAllowed("An idea cannot be merged into itself.")
    now = timezone.now()
    with transaction.atomic():
        # Both rows locked, in id order so two merges in opposite directions cannot
        # deadlock; no vote lands on either while the votes move.
        locked = {i.pk: i for i in Idea.objects.select_for_update().filter(
            pk__in=[duplicate.pk, target.pk]).order_by("pk")}
        duplicate, target = locked[duplicate.pk], locked[target.pk]
        if duplicate.merged_into_id is not None:
            raise NotAllowed("This idea has already been merged.")
        if target.merged_into_id is not None:
            raise NotAllowed("That idea was itself merged; merge into the idea it lives on as.")
        moving = Vote.objects.filter(idea=duplicate)
        on_both = Vote.objects.filter(idea=target, user_id__in=moving.values("user_id"))
        on_both.update(merged_from=duplicate)
        moving.filter(user_id__in=on_both.values("user_id")).delete()
        moving.update(idea=target, merged_from=duplicate)
        Evidence.objects.filter(
            idea=duplicate, thread_id__in=Evidence.objects.filter(idea=target).values("thread_id")
        ).delete()
        Evidence.objects.filter(idea=duplicate).update(idea=target)
        # Ideas merged earlier into the duplicate now point where it points.
        Idea.objects.filter(merged_into=duplicate).update(merged_into=target)
        change = StatusChange.objects.create(
            idea=duplicate, from_status=duplicate.status, to_status=Idea.Status.DUPLICATE,
            response=response, changed_by=user, created_at=now,
        )
        Idea.objects.filter(pk=duplicate.pk).update(
            status=Idea.Status.DUPLICATE, merged_into=target, updated_at=now
        )
        duplicate.status, duplicate.merged_into, duplicate.updated_at = (
            Idea.Status.DUPLICATE, target, now)
        recount_idea(duplicate)
        recount_idea(target)
        # The duplicate leaves the search; the target carries its votes now.
        index_later(duplicate)
        index_later(target)
        log(instance=duplicate, action="ideas.merge", user=user, data={"into": target.pk})
        _announce(change)
    return target


def _require_triager(user):
    if not can_triage(user):
        raise NotAllowed(TRIAGE_ONLY)


def _announce(change):
    """Tell the submitter and voters after commit, in the background: a popular
    idea has thousands of voters, which no request should wait for."""
    from ..tasks import announce_status_change

    transaction.on_commit(lambda: announce_status_change.enqueue(change.pk))
