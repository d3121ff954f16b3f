"""Builders for forum rows in bulk.

Threads and posts made through the flows count against rate limits and the
new-account thread limit, which is right for people and wrong for a test that
needs forty posts; these write rows directly, then let flows.recount_forum()
set the counters, as the demo content does.
"""

from datetime import timedelta

from django.utils import timezone

from forum import flows
from forum.models import Post, Thread


def make_threads(forum, author, count, *, replies=0, repliers=(), tags=(), **fields):
    """`count` threads by `author`, oldest first, each with `replies` replies written
    in turn by `repliers` (default: the author)."""
    repliers = list(repliers) or [author]
    now = timezone.now()
    threads = []
    for i in range(count):
        started = now - timedelta(hours=count - i)
        thread = Thread.objects.create(
            forum=forum, author=author, title=f"Question {i + 1}", slug=f"question-{i + 1}",
            created_at=started, last_activity_at=started, **fields,
        )
        Post.objects.bulk_create([
            Post(
                thread=thread, number=n, author=author if n == 1 else repliers[n % len(repliers)],
                body=f"Post {n}", body_html=f"<p>Post {n}</p>",
                created_at=started + timedelta(seconds=n),
            )
            for n in range(1, replies + 2)
        ])
        if tags:
            thread.tags.set(list(tags))
        threads.append(thread)
    flows.recount_forum(forum)
    return list(Thread.objects.filter(pk__in=[t.pk for t in threads]).order_by("pk"))


def add_replies(thread, repliers, count):
    """`count` more replies in `thread`, written in turn by `repliers`."""
    first = thread.posts_made + 1
    Post.objects.bulk_create([
        Post(
            thread=thread, number=n, author=repliers[n % len(repliers)], body=f"Reply {n}",
            body_html=f"<p>Reply {n}</p>", created_at=timezone.now(),
        )
        for n in range(first, first + count)
    ])
    flows.recount_forum(thread.forum)
    thread.refresh_from_db()
    return thread
