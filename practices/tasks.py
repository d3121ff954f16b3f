from itertools import islice

from django.db.models import Q
from django_tasks import task

from community.notifications.service import notify
from forum.tasks import tell_mentioned

BATCH = 1000


@task()
def announce_status_change(status_change_id):
    """Tell an idea's submitter and voters that it moved on. For a merge, the
    duplicate's voters, whose votes now sit on the target, are told too.

    Voters are read and told a batch at a time, so memory stays flat however
    many there are; notify() never tells anyone twice about the same change,
    so a retried task does no harm."""
    from community.models import User

    from .models import StatusChange, Vote

    change = StatusChange.objects.select_related("idea", "changed_by").filter(
        pk=status_change_id
    ).first()
    if change is None:
        return
    idea = change.idea
    backers = Vote.objects.filter(Q(idea=idea) | Q(merged_from=idea)).values("user_id")
    people = (
        User.objects.filter(Q(pk__in=backers) | Q(pk=idea.author_id), is_active=True)
        .order_by("pk").iterator(chunk_size=BATCH)
    )
    title = f"“{idea.title}” is now {change.get_to_status_display().lower()}"
    # The target is the change, not the idea, so each later change is news again;
    # the link lands on that change in the idea's timeline.
    while batch := list(islice(people, BATCH)):
        notify(batch, "ideas.status_changed", target=change, actor=change.changed_by,
               title=title)


@task()
def announce_comment(comment_id):
    """Tell the people a comment mentions, then the idea's submitter, who hears
    of it once even when mentioned too. A comment hidden before this runs is
    news to nobody."""
    from .models import IdeaComment

    comment = IdeaComment.objects.select_related("idea__author", "author").filter(
        pk=comment_id
    ).first()
    if comment is None or comment.is_hidden:
        return
    idea, author = comment.idea, comment.author
    place = f"a comment on “{idea.title}”"
    mentioned = tell_mentioned(comment.body, comment, author, place)
    submitter = idea.author
    if submitter is None or not submitter.is_active or submitter in mentioned:
        return
    notify([submitter], "ideas.comment", target=comment, actor=author,
           title=f"{author.name if author else 'Someone'} commented on “{idea.title}”")
