"""Pressing the vote or a practice's "helpful" button with JavaScript on leaves
focus on the button HTMX swaps in (see tests.pages.pressed_with_htmx)."""

import pytest
from django.urls import reverse

from tests.pages import pressed_with_htmx


@pytest.mark.django_db
def test_vote_button_keeps_its_id_when_htmx_swaps_it(client_as, customer, idea):
    before, after = pressed_with_htmx(client_as(customer), idea.get_absolute_url(),
                                      f"#vote-{idea.pk} button", reverse("ideas:vote", args=[idea.pk]))
    assert after["id"] == before["id"]
    assert (before["aria-pressed"], after["aria-pressed"]) == ("false", "true")


@pytest.mark.django_db
def test_practice_helpful_button_keeps_its_id_when_htmx_swaps_it(client_as, customer, practice):
    before, after = pressed_with_htmx(client_as(customer), practice.url, "#helpful button",
                                      f"{practice.url}helpful/")
    assert after["id"] == before["id"]
    assert (before["aria-pressed"], after["aria-pressed"]) == ("false", "true")
