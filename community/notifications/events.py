"""The registry of event types people can be notified about.

Each app registers its own events from its AppConfig.ready, so the preferences
page lists every event without this app knowing the others.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    DAILY = "daily", "In a daily digest"
    NEVER = "never", "Never"


class UnknownEvent(LookupError):
    """notify() was called with an event type nobody registered: a programming error."""


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    description: str
    default_delivery: Delivery
    # What the e-mail says beyond the title, read from the notification's target
    # when it is sent (an official response, say); a module-level function, so
    # registering again from ready() compares equal.
    detail: Callable[[object], str] | None = None


_events: dict[str, EventType] = {}

# Preference rows use this key for "stop all e-mail", so it can never be an event.
ALL_EVENTS = "*"


def register_event(key, label, description="", default_delivery=Delivery.IMMEDIATE, detail=None):
    """Declare an event type; returns it. Registering the same definition twice
    is harmless (ready() can run more than once in tests); a different
    definition under a taken key is refused so two apps cannot collide."""
    if key == ALL_EVENTS:
        raise ValueError(f"{ALL_EVENTS!r} is reserved and cannot be an event key")
    if default_delivery not in Delivery.values:
        raise ValueError(
            f"default_delivery for {key!r} must be one of {', '.join(Delivery.values)}, "
            f"not {default_delivery!r}"
        )
    event = EventType(key, label, description, Delivery(default_delivery), detail)
    existing = _events.get(key)
    if existing is not None and existing != event:
        raise ValueError(f"The notification event {key!r} is already registered differently")
    _events[key] = event
    return event


def get_event(key):
    try:
        return _events[key]
    except KeyError:
        known = ", ".join(sorted(_events)) or "none"
        raise UnknownEvent(
            f"No notification event {key!r} is registered (known: {known}). "
            "Register it with community.notifications.events.register_event() "
            "in your AppConfig.ready()."
        ) from None


def is_registered(key):
    return key in _events


def registered_events():
    """All event types, in a stable order for the preferences page."""
    return sorted(_events.values(), key=lambda event: (event.label.lower(), event.key))
