"""What people do with improvement ideas, as plain functions that views, the
admin, commands and tests share.

Every function checks permission itself, so no caller can forget to. Vote and
evidence counters change in the same transaction as the rows they count, under
the idea's row lock, so concurrent requests never lose an update.
"""

from itertools import islice

from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from community import roles
from community.notifications.service import notify, withdraw
from community.counting import toggle_row
from community.ratelimit import consume
from community.refusals import NotAllowed, refuse
from community.resubmit import earlier_submit
from community.roles import is_moderator
from community.writing import BODY_MAX, render_body, write_refusal
from forum.flows import thread_in_sight
from search.indexing import index_later

from . import cached_pages, scoring
from .models import Evidence, Idea, IdeaComment, InternalNote, StatusChange, Vote

__all__ = ["NotAllowed"]  # re-exported, so callers catch flows.NotAllowed

TRIAGE_ONLY = "Only the operations team can triage ideas."
MERGED = "This idea was merged into another one; vote and follow there instead."
MODERATORS_ONLY = "Only moderators can do that."


# --- Who may do what ----------------------------------------------------------------
# As in the forum: each `*_refusal` says why someone may not do a thing, or None,
# and pages ask the `can_*` forms, so what a page offers and what the server allows
# never drift apart.

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


STAFF_ROLES = {roles.WORKER, roles.OPERATIONS}


def voter_role(user):
    """Staff vote as workers, everyone else as customers: the board shows both
    voices apart, because what customers ask for weighs differently."""
    if STAFF_ROLES.intersection(roles.roles_of(user)):  # one read of the groups
        return Vote.Role.WORKER
    return Vote.Role.CUSTOMER


# --- Submitting ---------------------------------------------------------------------

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
    refuse(_evidence_refusal(thread))
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
    refuse(_evidence_refusal(thread))
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        if idea.merged_into_id is not None:
            raise NotAllowed(MERGED)
        if Evidence.objects.filter(idea=idea, thread=thread).exists():
            return False
        Evidence.objects.create(idea=idea, thread=thread, added_by=user)
        Idea.objects.filter(pk=idea.pk).update(evidence_count=F("evidence_count") + 1)
    return True


# --- Voting -------------------------------------------------------------------------

def toggle_vote(idea, user):
    """Vote for an idea, or take the vote back; returns (voted, vote_count).

    The whole of it is a handful of statements under the idea's row lock; what
    can wait (the search's ranking) is done after commit, by a task."""
    refuse(vote_refusal(user, idea))
    consume(user, "ideas.vote")
    with transaction.atomic():
        # Locked and re-read: ops may have closed or merged the idea since it was
        # loaded, and the locked row's count is the one to add to. The lock also
        # queues one idea's votes, so a double click casts the vote and takes it back.
        idea = Idea.objects.select_for_update().only(
            "status", "merged_into", "vote_count", "created_at").get(pk=idea.pk)
        refuse(vote_refusal(user, idea))
        toggled = toggle_row(Vote, idea=idea.pk, user=user.pk, keep=("voter_role",),
                             adding=lambda: {"voter_role": voter_role(user)})
        voted, change = toggled.change >= 0, toggled.change
        votes = idea.vote_count + change
        if change:
            # A vote taken back comes off the role it was cast in, which may not be
            # the voter's now.
            role = toggled.row["voter_role"]
            split = "worker_votes" if role == Vote.Role.WORKER else "customer_votes"
            Idea.objects.filter(pk=idea.pk).update(
                vote_count=F("vote_count") + change, **{split: F(split) + change},
                trending_score=scoring.trending_score(votes, idea.created_at, timezone.now()),
            )
            _index_votes_later(idea.pk)
            cached_pages.ideas_changed(idea.pk)
    return voted, votes


# --- Comments -----------------------------------------------------------------------

def add_comment(idea, author, body):
    """Comment on an idea; the people it mentions and the idea's submitter are told."""
    refuse(comment_refusal(author, idea))
    body = body.strip()
    if not body:
        raise NotAllowed("Write something to comment.")
    if len(body) > BODY_MAX:
        raise NotAllowed(f"A comment can be at most {BODY_MAX:,} characters long.")
    consume(author, "ideas.comment")
    with transaction.atomic():
        # Re-read under lock: ops may have merged the idea since it was loaded.
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        refuse(comment_refusal(author, idea))
        comment = IdeaComment.objects.create(
            idea=idea, author=author, body=body, body_html=render_body(body),
        )
        transaction.on_commit(lambda: _announce_comment(comment.pk))
    return comment


def hide_comment(comment, moderator, reason=""):
    if not is_moderator(moderator):
        raise NotAllowed(MODERATORS_ONLY)
    if comment.is_hidden:
        return comment
    IdeaComment.objects.filter(pk=comment.pk).update(is_hidden=True)
    comment.is_hidden = True
    cached_pages.idea_page_changed(comment.idea_id)
    # Nobody should be sent to read what was taken down.
    withdraw(comment)
    # Logged on the idea, whose history admins already read in the audit log.
    log(instance=comment.idea, action="ideas.hide_comment", user=moderator,
        data={"comment": comment.pk, "author": comment.author_id, "reason": reason})
    return comment


# --- Triage -------------------------------------------------------------------------

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


# --- Repairs and periodic work ------------------------------------------------------

def take_back_votes(user):
    """Take `user`'s votes off the counters, as un-voting each would, before their
    account and its votes are deleted. One statement however many votes: a
    person votes once per idea, so each idea loses exactly one."""
    votes = Vote.objects.filter(user=user)

    def one_if(role):
        voted_as = Exists(votes.filter(idea=OuterRef("pk"), voter_role=role))
        return Case(When(voted_as, then=Value(1)), default=Value(0))

    Idea.objects.filter(pk__in=votes.values("idea_id")).update(
        vote_count=F("vote_count") - 1,
        customer_votes=F("customer_votes") - one_if(Vote.Role.CUSTOMER),
        worker_votes=F("worker_votes") - one_if(Vote.Role.WORKER),
    )


def recount_idea(idea):
    """Recompute the idea's counters and trending score from the rows they count."""
    counts = Vote.objects.filter(idea=idea).aggregate(
        votes=Count("pk"),
        customers=Count("pk", filter=Q(voter_role=Vote.Role.CUSTOMER)),
        workers=Count("pk", filter=Q(voter_role=Vote.Role.WORKER)),
    )
    values = {
        "vote_count": counts["votes"],
        "customer_votes": counts["customers"],
        "worker_votes": counts["workers"],
        "evidence_count": Evidence.objects.filter(idea=idea).count(),
        "trending_score": scoring.trending_score(counts["votes"], idea.created_at, timezone.now()),
    }
    Idea.objects.filter(pk=idea.pk).update(**values)
    cached_pages.ideas_changed(idea.pk)
    for name, value in values.items():
        setattr(idea, name, value)
    return idea


REFRESH_BATCH = 1000


def refresh_trending(now=None):
    """Let open ideas' trending scores decay with age, which no vote does for
    them; returns how many were refreshed. A vote landing meanwhile may be
    overwritten by a score one vote short, until the next refresh."""
    now = now or timezone.now()
    open_ideas = (
        Idea.objects.filter(merged_into__isnull=True).exclude(status__in=Idea.CLOSED)
        .only("pk", "vote_count", "created_at").order_by("pk")
    )
    rows = open_ideas.iterator(chunk_size=REFRESH_BATCH)
    refreshed = 0
    while batch := list(islice(rows, REFRESH_BATCH)):
        for idea in batch:
            idea.trending_score = scoring.trending_score(idea.vote_count, idea.created_at, now)
        Idea.objects.bulk_update(batch, ["trending_score"])
        refreshed += len(batch)
    cached_pages.ideas_changed()  # the board's trending order
    return refreshed


# --- Internals ------------------------------------------------------------------------


def _require_triager(user):
    if not can_triage(user):
        raise NotAllowed(TRIAGE_ONLY)

def _index_votes_later(idea_id):
    """Votes move an idea in the search's ranking; tasks.index_votes_soon brings
    them there after commit, one update for many votes on a busy idea."""
    from .tasks import index_votes_soon

    transaction.on_commit(lambda: index_votes_soon(idea_id))


def _evidence_refusal(thread):
    if not thread_in_sight(thread):
        return "That thread has been taken down, so it cannot back an idea."
    return None


def _announce(change):
    """Tell the submitter and voters after commit, in the background: a popular
    idea has thousands of voters, which no request should wait for."""
    from .tasks import announce_status_change

    transaction.on_commit(lambda: announce_status_change.enqueue(change.pk))


def _announce_comment(comment_id):
    from .tasks import announce_comment

    announce_comment.enqueue(comment_id)
