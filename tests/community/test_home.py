from datetime import timedelta

import pytest
from django.utils import timezone

from community.activity import (
    ActivityItem,
    latest_activity,
    register_activity_source,
    unregister_activity_source,
)


@pytest.fixture
def activity_source():
    now = timezone.now()

    def source(user, limit):
        return [
            ActivityItem(now - timedelta(hours=2), "thread", "Where is my refund?", "/t/1/"),
            ActivityItem(now - timedelta(minutes=5), "idea", "Open the desk at 7 am", "/i/2/"),
        ][:limit]

    register_activity_source(source)
    yield source
    unregister_activity_source(source)


@pytest.mark.django_db
def test_home_page_shows_latest_activity_newest_first(client, activity_source):
    page = client.get("/").content.decode()
    assert page.index("Open the desk at 7 am") < page.index("Where is my refund?")
    assert 'href="/i/2/"' in page


@pytest.mark.django_db
def test_home_page_without_activity_invites_a_first_post(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["latest_activity"] == []


@pytest.mark.django_db
def test_latest_activity_keeps_the_newest_across_sources(activity_source):
    older = timezone.now() - timedelta(days=3)

    def other(user, limit):
        return [ActivityItem(older, "practice", "Call back the same day", "/p/3/")]

    register_activity_source(other)
    try:
        items = latest_activity(None, limit=2)
    finally:
        unregister_activity_source(other)
    assert [item.title for item in items] == ["Open the desk at 7 am", "Where is my refund?"]


@pytest.mark.django_db
def test_visitors_are_invited_to_join(client):
    page = client.get("/").content.decode()
    assert "/accounts/signup/" in page
