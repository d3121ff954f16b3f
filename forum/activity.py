"""The forums' part of the home page's latest activity: newly started threads."""

from community.activity import ActivityItem

from .models import Thread


def latest_threads(user, limit):
    """The newest public threads. Every activity source takes (user, limit); these
    threads are the same for everyone, so `user` goes unused."""
    # Newest first by id: ids grow with time, and the primary key is the one index
    # that serves a newest-first walk across every forum at once.
    threads = (
        Thread.objects.filter(is_hidden=False, forum__live=True)
        .select_related("forum", "author")
        .order_by("-pk")[:limit]
    )
    return [
        ActivityItem(
            when=thread.created_at,
            kind="thread",
            title=thread.title,
            url=thread.get_absolute_url(),
            summary=_summary(thread),
        )
        for thread in threads
    ]


def _summary(thread):
    who = thread.author.name if thread.author else "A former member"
    replies = {0: "no replies yet", 1: "1 reply"}.get(thread.reply_count, f"{thread.reply_count} replies")
    return f"{who} in {thread.forum.title} · {replies}"
