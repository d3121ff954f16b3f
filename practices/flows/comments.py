"""Comments on ideas: the people mentioned and the submitter are told, and
moderators take down what should not stay."""

from django.db import transaction
from wagtail.log_actions import log

from community.notifications.service import withdraw
from community.ratelimit import consume
from community.refusals import NotAllowed, refuse
from community.roles import is_moderator
from community.writing import BODY_MAX, render_body

from .. import cached_pages
from ..models import Idea, IdeaComment
from ..permissions import MODERATORS_ONLY, comment_refusal


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


def _announce_comment(comment_id):
    from ..tasks import announce_comment

    announce_comment.enqueue(comment_id)
