import pytest

from community import roles
from community.notifications import events
from community.notifications.events import Delivery
from community.notifications.models import Notification
from community.notifications.preferences import set_preferences
from community.notifications.service import notify

ROLE_GRANTED = "community.role_granted"


@pytest.fixture
def isolated_events(monkeypatch):
    """Register test-only events without leaking them into other tests."""
    monkeypatch.setattr(events, "_events", dict(events._events))
    return events


@pytest.fixture
def daily_event(isolated_events):
    return isolated_events.register_event(
        "tests.daily", "Daily test event", "A test event sent in the digest.", Delivery.DAILY
    )


@pytest.fixture
def ping(db):
    """notify() one occurrence of the core event; the target is the recipient, as roles.py does."""

    def send(recipient, *, actor=None, title="You are now a Worker", target=None, recipients=None):
        return notify(
            recipients or [recipient], ROLE_GRANTED,
            target=target or recipient, actor=actor, title=title,
        )

    return send


@pytest.fixture
def many_notifications(make_person):
    """`many_notifications(user, n)`: n notifications for `user`, each about a different person."""

    def make(user, count, start=0):
        for i in range(start, start + count):
            target = make_person(
                f"target{i}@example.com", roles.WORKER, display_name=f"Target {i}"
            )
            notify([user], ROLE_GRANTED, target=target, actor=target, title=f"Notification {i}")
        return Notification.objects.filter(recipient=user)

    return make


def prefer(user, event, delivery):
    set_preferences(user, {event: delivery})


def rename_site(name):
    """What an editor does under Settings → Community settings."""
    from wagtail.models import Site

    from community.models import CommunitySettings

    site_settings = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.name = name
    site_settings.save()
