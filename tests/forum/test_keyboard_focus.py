"""Pressing "helpful" or "follow" with JavaScript on leaves focus on the button
HTMX swaps in (see tests.pages.pressed_with_htmx)."""

import pytest
from django.urls import reverse

from forum import flows
from tests.pages import pressed_with_htmx


@pytest.mark.django_db
def test_helpful_button_keeps_its_id_when_htmx_swaps_it(client_as, thread, worker, customer):
    reply = flows.post_reply(thread=thread, author=worker, body="We have refunded it today.")
    before, after = pressed_with_htmx(client_as(customer), thread.get_absolute_url(),
                                      f"#helpful-{reply.pk} button",
                                      reverse("forum:helpful", args=[reply.pk]))
    assert after["id"] == before["id"]
    assert (before["aria-pressed"], after["aria-pressed"]) == ("false", "true")


@pytest.mark.django_db
def test_follow_and_unfollow_buttons_share_an_id(client_as, thread, worker):
    client = client_as(worker)
    before, after = pressed_with_htmx(client, thread.get_absolute_url(), f"#follow-{thread.pk} button",
                                      reverse("forum:follow", args=[thread.pk]))
    _, back = pressed_with_htmx(client, thread.get_absolute_url(), f"#follow-{thread.pk} button",
                                reverse("forum:unfollow", args=[thread.pk]))
    assert [b.get_text() for b in (before, after, back)] == ["Follow", "Unfollow", "Follow"]
    assert before["id"] == after["id"] == back["id"]
