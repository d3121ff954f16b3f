from django_tasks import task

from community.notifications.service import notify
from community.writing import tell_mentioned


@task()
def announce_post(post_id, *, new):
    """Notify the people a post mentions, then, for a `new` reply, the thread's
    subscribers. Nobody hears of a post they could not read: one taken down, or
    in a hidden thread or an unpublished forum.

    Mentioned people get the mention and not also the reply; notify() never
    tells anyone twice about the same post, so an edit that adds a mention only
    tells the newly mentioned person."""
    from community.models import User

    from .flows import thread_in_sight
    from .models import Post

    post = Post.objects.select_related("thread__forum", "author").filter(pk=post_id).first()
    if post is None or not post.is_visible or not thread_in_sight(post.thread):
        return
    thread, author = post.thread, post.author
    mentioned = tell_mentioned(post.body, post, author, f"“{thread.title}”")
    if post.is_opening or not new:
        return
    mentioned_ids = {person.pk for person in mentioned}
    subscribers = (
        User.objects.filter(thread_subscriptions__thread=thread, is_active=True)
        .exclude(pk__in=mentioned_ids)
    )
    notify(
        subscribers.iterator(chunk_size=2000), "forum.reply", target=post, actor=author,
        title=f"{author.name if author else 'Someone'} replied to “{thread.title}”",
    )
