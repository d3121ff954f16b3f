"""The loaded forums: one big forum (the one the recount and deep-page figures
are about) and a few smaller ones, their threads, posts, helpful reactions,
subscriptions and tags. Every counter is computed while the rows are made, as
forum/flows.py would have kept it: reply and helpful counts count visible posts
only, a hidden thread counts in no forum total, and a forum's latest post is
its most recently active visible thread's."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from forum.flows import thread_slug
from forum.models import ForumPage, Post, Reaction, Subscription, TaggedThread, Thread

from .loading import CHUNK, Progress
from .rows import Table

BIG_FORUM = ("Everyday questions", "everyday-questions",
             "Orders, refunds, bookings and accounts: what customers ask every day.")
OTHER_FORUMS = (
    ("Deliveries and collections", "deliveries-and-collections",
     "Parcels, delivery slots and click-and-collect."),
    ("Stores and opening hours", "stores-and-opening-hours",
     "Branches, opening times and what is on the shelves."),
    ("Accounts and payments", "accounts-and-payments",
     "Sign-in, cards, vouchers and invoices."),
    ("Compliments and complaints", "compliments-and-complaints",
     "Tell us who went out of their way, or where we let you down."),
)

PINNED = 3  # the first threads of each forum
LOCKED_SHARE = 0.01
HIDDEN_THREAD_SHARE = 0.003
DELETED_REPLY_SHARE = 0.005
HIDDEN_REPLY_SHARE = 0.005
HELPFUL_SHARE = 0.12
SOLVED_SHARE = 0.35
STAGED_SHARE = 0.7
WORKER_THREAD_SHARE = 0.1
WORKER_REPLY_SHARE = 0.3


@dataclass
class Tally:
    """A forum's counters as its threads are made."""

    threads: int = 0
    posts: int = 0
    last_activity_at: datetime | None = None
    last_post: int | None = None


class Tables:
    def __init__(self):
        self.threads = Table(Thread, [
            "id", "forum_id", "author_id", "title", "slug", "journey_stage_id", "created_at",
            "last_activity_at", "reply_count", "helpful_count", "posts_made", "last_post_id",
            "solution_id", "is_pinned", "is_locked", "is_hidden"])
        self.posts = Table(Post, [
            "id", "thread_id", "author_id", "number", "body", "body_html", "created_at",
            "edited_at", "helpful_count", "is_deleted", "is_hidden"])
        self.reactions = Table(Reaction, ["id", "post_id", "user_id", "created_at"])
        self.subscriptions = Table(Subscription, ["id", "thread_id", "user_id", "created_at"])
        self.tagged = Table(TaggedThread, ["id", "tag_id", "content_object_id"])

    def all(self):
        return [self.threads, self.posts, self.reactions, self.subscriptions, self.tagged]


def big_forum(index):
    return ForumPage.objects.child_of(index).filter(slug=BIG_FORUM[1]).first()


def load(context, index):
    """Load the forums under `index`; returns the ids of the visible threads
    (ideas cite some as evidence) and the models written."""
    size = context.size
    forums = [_forum(index, *spec) for spec in (BIG_FORUM, *OTHER_FORUMS[:size.other_forums])]
    plan = _forum_plan(size, [forum.pk for forum in forums])
    posts = _posts_per_thread(context)
    tallies = {forum.pk: Tally() for forum in forums}
    tables, slugs, visible = Tables(), {}, []
    progress = Progress(context, "threads", size.threads)
    seen = dict.fromkeys(tallies, 0)
    for start in range(0, size.threads, CHUNK):
        with transaction.atomic():
            for n in range(start, min(start + CHUNK, size.threads)):
                forum_id = plan[n]
                seen[forum_id] += 1
                thread_id = _thread(context, tables, slugs, n, forum_id, posts[n],
                                    pinned=seen[forum_id] <= PINNED, tally=tallies[forum_id])
                if thread_id is not None:
                    visible.append(thread_id)
            for table in tables.all():
                table.flush()
        progress(min(start + CHUNK, size.threads))
    progress(size.threads, final=True)
    for forum_id, tally in tallies.items():
        ForumPage.objects.filter(pk=forum_id).update(
            thread_count=tally.threads, post_count=tally.posts,
            last_activity_at=tally.last_activity_at, last_post_id=tally.last_post)
    context.say(f"  posts {tables.posts.written:,}, helpful reactions "
                f"{tables.reactions.written:,}, subscriptions {tables.subscriptions.written:,}")
    return visible, [table.model for table in tables.all()]


def _forum(index, title, slug, description):
    forum = ForumPage(title=title, slug=slug, description=description)
    index.add_child(instance=forum)
    return forum


def _forum_plan(size, forum_ids):
    """Which forum each thread goes to: the smaller forums' threads spread evenly
    through time among the big forum's."""
    big, others = forum_ids[0], forum_ids[1:]
    plan = [big] * size.threads
    spread = size.other_forums * size.threads_per_other_forum
    if spread:
        stride = size.threads / spread
        for k in range(spread):
            plan[int(k * stride)] = others[k % len(others)]
    return plan


def _posts_per_thread(context):
    """Posts in each thread (1 is an unanswered question), adding up to the
    size's posts exactly. The long threads are the most recent ones."""
    size, rng = context.size, context.rng
    long_posts = size.long_threads * size.long_thread_posts
    ordinary = size.threads - size.long_threads
    mean = max((size.posts - long_posts - ordinary) / max(ordinary, 1), 0)
    counts = [1 + int(rng.expovariate(1 / mean)) if mean else 1 for _ in range(ordinary)]
    missing = size.posts - long_posts - sum(counts)
    while missing:
        n = rng.randrange(ordinary)
        if missing > 0:
            counts[n] += 1
            missing -= 1
        elif counts[n] > 1:
            counts[n] -= 1
            missing += 1
    return counts + [size.long_thread_posts] * size.long_threads


def _thread(context, tables, slugs, n, forum_id, post_count, *, pinned, tally):
    """Write one thread with its posts; returns its id when it is visible."""
    rng, people, writing = context.rng, context.people, context.writing
    thread_id = tables.threads.next_id()
    author = context.skewed(
        people.workers if rng.random() < WORKER_THREAD_SHARE else people.customers)
    created = context.moment(n / context.size.threads)
    lasting = timedelta(days=rng.expovariate(1 / 3) + post_count / 20)
    lasting = min(lasting, context.now - created - timedelta(seconds=1))
    offsets = sorted(rng.random() for _ in range(post_count - 1))
    hidden = rng.random() < HIDDEN_THREAD_SHARE
    replies, subscribers = [], {}
    reply_count = helpful = 0
    last_post, last_activity_at = None, created
    for number in range(1, post_count + 1):
        post_id = tables.posts.next_id()
        if number == 1:
            who, when, deleted, post_hidden = author, created, False, hidden
        else:
            who = context.skewed(
                people.workers if rng.random() < WORKER_REPLY_SHARE else people.customers)
            when = created + lasting * offsets[number - 2]
            deleted = rng.random() < DELETED_REPLY_SHARE
            post_hidden = not deleted and rng.random() < HIDDEN_REPLY_SHARE
        reactions = _reactions(context, tables, post_id, who, when)
        body, body_html = writing.body()
        tables.posts.add(post_id, thread_id, who, number, body, body_html, when, None,
                         reactions, deleted, post_hidden)
        subscribers.setdefault(who, when)
        if not (deleted or post_hidden):
            helpful += reactions
            last_post, last_activity_at = post_id, when
            if number > 1:
                reply_count += 1
                replies.append(post_id)
    solution = (rng.choice(replies) if replies and not hidden and rng.random() < SOLVED_SHARE
                else None)
    title = writing.title()
    slug = slugs.setdefault(title, thread_slug(title))
    stage = rng.choice(context.stages) if rng.random() < STAGED_SHARE else None
    tables.threads.add(thread_id, forum_id, author, title, slug, stage, created,
                       last_activity_at, reply_count, helpful, post_count, last_post, solution,
                       pinned, rng.random() < LOCKED_SHARE, hidden)
    for who, when in subscribers.items():
        tables.subscriptions.add(tables.subscriptions.next_id(), thread_id, who, when)
    for tag in rng.sample(context.tags, rng.randint(0, 3)):
        tables.tagged.add(tables.tagged.next_id(), tag, thread_id)
    if hidden:
        return None
    tally.threads += 1
    tally.posts += 1 + reply_count
    if tally.last_activity_at is None or last_activity_at > tally.last_activity_at:
        tally.last_activity_at, tally.last_post = last_activity_at, last_post
    return thread_id


def _reactions(context, tables, post_id, author, when):
    """Helpful marks on one post, from people other than its author; returns how many."""
    rng = context.rng
    if rng.random() >= HELPFUL_SHARE:
        return 0
    wanted = min(1 + int(rng.expovariate(0.6)), 20)
    everyone = context.everyone
    people = [pk for pk in rng.sample(everyone, min(wanted + 1, len(everyone))) if pk != author]
    reacted = min(when + timedelta(hours=1), context.now)
    for pk in people[:wanted]:
        tables.reactions.add(tables.reactions.next_id(), post_id, pk, reacted)
    return len(people[:wanted])
