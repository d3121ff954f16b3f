from datetime import timedelta
from itertools import islice

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from community.notifications.service import notify
from community.writing import tell_mentioned

BATCH = 1000

# Votes change an idea only in how the search ranks it, and a busy idea takes
# many a second: its document is written a few seconds after a vote, once for
# all the votes of those seconds, rather than once per vote.
VOTES_SETTLE = timedelta(seconds=10)
# Room for the clocks of the web server, the cache and the worker to disagree.
CLOCK_SLACK = timedelta(seconds=2)


def official_response(change):
    """What a status-change e-mail says beyond its title: the official response."""
    return change.response


@task()
def announce_status_change(status_change_id):
    """Tell an idea's submitter and voters that it moved on. For a merge, the
    duplicate's voters, whose votes now sit on the target, are told too."""
    from .models import StatusChange

    change = StatusChange.objects.select_related("idea__merged_into", "changed_by").filter(
        pk=status_change_id
    ).first()
    if change is None:
        return
    idea = change.idea
    if change.to_status == idea.Status.DUPLICATE and idea.merged_into_id:
        title = f"“{idea.title}” was merged into “{idea.merged_into.title}”"
    else:
        title = f"“{idea.title}” is now {change.get_to_status_display().lower()}"
    # The target is the change, not the idea, so each later change is news again;
    # the link lands on that change in the idea's timeline.
    _tell_in_batches(_backers(idea), "ideas.status_changed", target=change,
                     actor=change.changed_by, title=title)


@task()
def announce_practice(practice_id):
    """Tell the people behind a newly published practice: whoever proposed or
    drafted it, then the submitter and voters of the idea it was born from. A
    practice unpublished again before this runs is news to nobody."""
    from wagtail.models import PageLogEntry

    from .models import PracticePage

    practice = PracticePage.objects.live().select_related("owner", "source_idea").filter(
        pk=practice_id).first()
    if practice is None:
        return
    # Whoever published it first is the one the notice names, and is not told. The
    # log entry is written just after the signal, so a task run at once outside a
    # transaction finds none yet and names nobody.
    first = PageLogEntry.objects.filter(page=practice, action="wagtail.publish").select_related(
        "user").order_by("timestamp", "pk").first()
    notice = {"target": practice, "actor": first.user if first else None,
              "url": practice.get_url()}
    event = "practices.published"
    if practice.owner is not None and practice.owner.is_active:
        notify([practice.owner], event, title=f"Your practice “{practice.title}” is published",
               **notice)
    idea = practice.source_idea
    if idea is not None:
        # notify() tells nobody twice about one practice: an owner who also voted
        # heard of it above.
        _tell_in_batches(_backers(idea), event, **notice,
                         title=f"“{idea.title}” is now a practice: “{practice.title}”")


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


def index_votes_soon(idea_id):
    """Called once a vote on `idea_id` has committed: bring its count to the search.

    Where tasks run at once (the embedded default) there is nobody to come back
    later, so each vote updates it. Where a worker runs them, the first vote
    leaves a mark that lives VOTES_SETTLE and enqueues a task to run once the
    mark has gone; a vote that finds the mark committed before that task will
    read the idea, so it needs no task of its own. The mark may be per process
    (a local-memory cache): each process then sends its own, equally correct,
    task."""
    if not index_votes.get_backend().supports_defer:
        index_votes.enqueue(idea_id)
        return
    if cache.add(f"ideas:votes-settling:{idea_id}", True, timeout=VOTES_SETTLE.total_seconds()):
        run_after = timezone.now() + VOTES_SETTLE + CLOCK_SLACK
        index_votes.using(run_after=run_after).enqueue(idea_id)


@task()
def index_votes(idea_id):
    """Write the idea's search document as the database has it now, its votes
    included (or take it out, if it was merged meanwhile)."""
    from search.indexing import update

    update([("idea", idea_id, False)])


def _backers(idea):
    """The idea's submitter and voters who can still be told; for a merged
    idea, its voters are those whose votes moved on to the target."""
    from community.models import User

    from .models import Vote

    backers = Vote.objects.filter(Q(idea=idea) | Q(merged_from=idea)).values("user_id")
    return User.objects.filter(Q(pk__in=backers) | Q(pk=idea.author_id), is_active=True)


def _tell_in_batches(people, event, **notice):
    """notify() `people` a batch at a time, so memory stays flat however many
    there are; notify() never tells anyone twice about the same target, so a
    retried task does no harm."""
    people = people.order_by("pk").iterator(chunk_size=BATCH)
    while batch := list(islice(people, BATCH)):
        notify(batch, event, **notice)
