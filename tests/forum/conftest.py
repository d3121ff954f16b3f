"""The forum's own fixture: a thread with a post in every state a moderator
acts on. The suite's shared fixtures are in tests/fixtures/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import flows, moderation


@pytest.fixture
def moderation_cases(thread, worker, customer, moderator, make_person, make_forum):
    """A thread with one post in every state a moderator acts on."""
    spammer = make_person("spam@example.com", display_name="Spammer")
    flagged = flows.post_reply(thread=thread, author=spammer, body="Cheap kettles!")
    moderation.flag_post(post=flagged, reporter=customer, reason="spam")
    reported = flows.post_reply(thread=thread, author=worker, body="Off we go")
    flows.edit_post(post=reported, editor=worker, body="Off we go, edited")
    moderation.flag_post(post=reported, reporter=customer, reason="off_topic")
    hidden = flows.post_reply(thread=thread, author=worker, body="Hidden reply")
    flows.hide_post(post=hidden, moderator=moderator)
    deleted = flows.post_reply(thread=thread, author=customer, body="Oops")
    flows.delete_post(post=deleted, user=customer)
    suspended = make_person("sus@example.com", display_name="Sus",
                            suspended_until=timezone.now() + timedelta(days=3))
    return {
        "thread": thread, "flagged": flagged, "reported": reported, "hidden": hidden,
        "deleted": deleted, "suspended": suspended, "other_forum": make_forum("Wins"),
    }
