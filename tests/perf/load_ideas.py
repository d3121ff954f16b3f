"""The loaded ideas board: ideas at every status with their public timeline,
votes from customers and workers (a few ideas with thousands, most with a
handful), evidence threads, comments, tags and barriers. Counters are
computed as the votes are made, as practices/flows/ keeps them: vote_count
is the idea's Vote rows, split by the voter's role, and the trending score is
the one scoring.trending_score gives those votes now. Merged ideas carry no
votes (a merge moves them to the idea it keeps)."""

from datetime import timedelta

from django.db import transaction

from practices import scoring
from practices.flows import idea_slug
from practices.models import Evidence, Idea, IdeaComment, StatusChange, TaggedIdea, Vote

from .loading import CHUNK, Progress
from .rows import Table

S = Idea.Status
# Each status with how often ideas are in it, and the steps of the timeline that lead there.
STATUSES = (
    (S.NEW, 0.50, ()),
    (S.UNDER_REVIEW, 0.15, (S.UNDER_REVIEW,)),
    (S.PLANNED, 0.10, (S.UNDER_REVIEW, S.PLANNED)),
    (S.IN_PROGRESS, 0.08, (S.UNDER_REVIEW, S.PLANNED, S.IN_PROGRESS)),
    (S.DONE, 0.10, (S.UNDER_REVIEW, S.PLANNED, S.IN_PROGRESS, S.DONE)),
    (S.DECLINED, 0.05, (S.UNDER_REVIEW, S.DECLINED)),
    (S.DUPLICATE, 0.02, (S.DUPLICATE,)),
)
EVIDENCE_SHARE = 0.10
COMMENTED_SHARE = 0.30
RESPONSE_SHARE = 0.5
# Votes per idea follow a Pareto law: the board's top ideas have thousands.
VOTE_SKEW = 1.3


class Tables:
    def __init__(self):
        self.ideas = Table(Idea, [
            "id", "title", "slug", "problem", "proposal", "outcome", "journey_stage_id",
            "author_id", "status", "owner_id", "impact", "confidence", "effort", "vote_count",
            "customer_votes", "worker_votes", "evidence_count", "trending_score", "created_at",
            "updated_at", "merged_into_id"])
        self.votes = Table(Vote, ["id", "idea_id", "user_id", "voter_role", "created_at",
                                  "merged_from_id"])
        self.changes = Table(StatusChange, ["id", "idea_id", "from_status", "to_status",
                                            "response", "changed_by_id", "created_at"])
        self.evidence = Table(Evidence, ["id", "idea_id", "thread_id", "added_by_id",
                                         "created_at"])
        self.comments = Table(IdeaComment, ["id", "idea_id", "author_id", "body", "body_html",
                                            "created_at", "is_hidden"])
        self.tagged = Table(TaggedIdea, ["id", "tag_id", "content_object_id"])
        self.barriers = Table(Idea.barriers.through, ["id", "idea_id", "barrier_id"])

    def all(self):
        return [self.ideas, self.votes, self.changes, self.evidence, self.comments,
                self.tagged, self.barriers]


def load(context, threads):
    """Load the ideas; `threads` are visible thread ids to cite as evidence.
    Returns the models written."""
    size, rng = context.size, context.rng
    statuses = rng.choices([s for s, _w, _p in STATUSES], [w for _s, w, _p in STATUSES],
                           k=size.ideas)
    votes = _votes_per_idea(context, statuses)
    steps = {status: path for status, _w, path in STATUSES}
    tables, slugs, kept = Tables(), {}, []
    progress = Progress(context, "ideas", size.ideas)
    for start in range(0, size.ideas, CHUNK):
        with transaction.atomic():
            for n in range(start, min(start + CHUNK, size.ideas)):
                idea_id = _idea(context, tables, slugs, n, steps[statuses[n]], votes[n],
                                threads, kept)
                if statuses[n] != S.DUPLICATE:
                    kept.append(idea_id)
                    del kept[:-1000]  # duplicates repeat a recent idea
            for table in tables.all():
                table.flush()
        progress(min(start + CHUNK, size.ideas))
    progress(size.ideas, final=True)
    context.say(f"  votes {tables.votes.written:,}, status changes {tables.changes.written:,}, "
                f"comments {tables.comments.written:,}, evidence {tables.evidence.written:,}")
    return [table.model for table in tables.all()]


def _votes_per_idea(context, statuses):
    """Votes on each idea, adding up to the size's votes (as far as there are
    people to cast them); merged ideas have none."""
    rng, total = context.rng, context.size.votes
    most = len(context.everyone)
    weights = [0 if status == S.DUPLICATE else rng.paretovariate(VOTE_SKEW) for status in statuses]
    scale = total / sum(weights)
    counts = [min(int(weight * scale), most) for weight in weights]
    open_ideas = [n for n, weight in enumerate(weights) if weight]
    missing = min(total, most * len(open_ideas)) - sum(counts)
    while missing > 0:
        n = rng.choice(open_ideas)
        if counts[n] < most:
            counts[n] += 1
            missing -= 1
    return counts


def _idea(context, tables, slugs, n, path, vote_count, threads, kept):
    rng, people, writing = context.rng, context.people, context.writing
    idea_id = tables.ideas.next_id()
    created = context.moment(n / context.size.ideas)
    ops = rng.choice(people.ops)
    updated, status, merged_into = created, S.NEW, None
    if S.DUPLICATE in path and not kept:
        path = ()  # nothing yet to be a duplicate of
    for step in path:
        updated = min(updated + timedelta(days=rng.uniform(1, 20)), context.now)
        response = rng.choice(writing.general).text if rng.random() < RESPONSE_SHARE else ""
        tables.changes.add(tables.changes.next_id(), idea_id, status, step, response, ops, updated)
        status = step
    if status == S.DUPLICATE:
        merged_into = rng.choice(kept)
    customers, workers = _votes(context, tables, idea_id, vote_count, created)
    evidence = _evidence(context, tables, idea_id, threads, created) if merged_into is None else 0
    triaged = status != S.NEW
    title = writing.idea_title()
    texts = [rng.choice(writing.general).text for _ in range(3)]
    stage = rng.choice(context.stages) if rng.random() < 0.8 else None
    tables.ideas.add(
        idea_id, title, slugs.setdefault(title, idea_slug(title)), *texts, stage,
        context.skewed(people.workers), status, ops if triaged else None,
        rng.randint(1, 5) if triaged else None, rng.choice((20, 50, 80)) if triaged else None,
        rng.randint(1, 5) if triaged else None, vote_count, customers, workers, evidence,
        scoring.trending_score(vote_count, created, context.now), created, updated, merged_into)
    if rng.random() < COMMENTED_SHARE:
        for _ in range(rng.randint(1, 4)):
            body, body_html = writing.body(1)
            when = created + (context.now - created) * rng.random()
            tables.comments.add(tables.comments.next_id(), idea_id,
                                context.skewed(context.everyone), body, body_html, when, False)
    for tag in rng.sample(context.tags, rng.randint(0, 2)):
        tables.tagged.add(tables.tagged.next_id(), tag, idea_id)
    for barrier in rng.sample(context.barriers, rng.randint(0, 2)):
        tables.barriers.add(tables.barriers.next_id(), idea_id, barrier)
    return idea_id


def _votes(context, tables, idea_id, count, created):
    """Write `count` votes from different people; returns (customer votes, worker votes)."""
    rng = context.rng
    workers = 0
    for voter in rng.sample(context.everyone, count):
        role = Vote.Role.WORKER if voter in context.staff else Vote.Role.CUSTOMER
        workers += role == Vote.Role.WORKER
        when = created + (context.now - created) * rng.random()
        tables.votes.add(tables.votes.next_id(), idea_id, voter, role, when, None)
    return count - workers, workers


def _evidence(context, tables, idea_id, threads, created):
    rng = context.rng
    if not threads or rng.random() >= EVIDENCE_SHARE:
        return 0
    cited = rng.sample(threads, min(rng.randint(1, 2), len(threads)))
    for thread_id in cited:
        tables.evidence.add(tables.evidence.next_id(), idea_id, thread_id,
                            context.skewed(context.people.workers), created)
    return len(cited)
