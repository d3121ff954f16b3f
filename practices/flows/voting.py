"""Votes on ideas: cast and taken back under the idea's row lock, counted apart
for customers and workers, and the counters and trending scores kept true."""

from itertools import islice

from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from community import roles
from community.counting import toggle_row
from community.ratelimit import consume
from community.refusals import refuse

from .. import cached_pages, scoring
from ..models import Evidence, Idea, Vote
from ..permissions import vote_refusal

STAFF_ROLES = {roles.WORKER, roles.OPERATIONS}


def voter_role(user):
    """Staff vote as workers, everyone else as customers: the board shows both
    voices apart, because what customers ask for weighs differently."""
    if STAFF_ROLES.intersection(roles.roles_of(user)):  # one read of the groups
        return Vote.Role.WORKER
    return Vote.Role.CUSTOMER


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


def _index_votes_later(idea_id):
    """Votes move an idea in the search's ranking; tasks.index_votes_soon brings
    them there after commit, one update for many votes on a busy idea."""
    from ..tasks import index_votes_soon

    transaction.on_commit(lambda: index_votes_soon(idea_id))
