"""Who wants e-mail about what, and who can receive it at all.

A person's choice for an event is a NotificationPreference row; no row means
the event's default. A row for ALL_EVENTS set to never is the "stop all
e-mail" switch, which beats every per-event choice.
"""

from allauth.account.models import EmailAddress

from .events import ALL_EVENTS, Delivery, get_event, is_registered, registered_events
from .models import NotificationPreference


def chosen_deliveries(user_ids, events=None):
    """{(user id, event key): delivery} for the rows these people saved, in one query."""
    rows = NotificationPreference.objects.filter(user_id__in=user_ids)
    if events is not None:
        rows = rows.filter(event__in=[*events, ALL_EVENTS])
    return {
        (user_id, event): delivery
        for user_id, event, delivery in rows.values_list("user_id", "event", "delivery")
    }


def current_delivery(chosen, user_id, event_key):
    """The delivery in force for one person and event, given chosen_deliveries().
    An event no longer registered cannot be described in an e-mail, so it is never sent."""
    if chosen.get((user_id, ALL_EVENTS)) == Delivery.NEVER or not is_registered(event_key):
        return Delivery.NEVER
    default = get_event(event_key).default_delivery
    return Delivery(chosen.get((user_id, event_key), default))


def still_wanted(user, verified_ids, chosen, event_key):
    """Whether an e-mail about `event_key` may still go to `user` now: the account
    is active, its address verified (verified_user_ids()), and the delivery in
    force (chosen_deliveries()) is not never. Checked again at sending time,
    because any of these can change after the notification was created."""
    return (
        user.is_active
        and user.pk in verified_ids
        and current_delivery(chosen, user.pk, event_key) != Delivery.NEVER
    )


def deliveries_for(user_ids, event_type):
    """{user id: delivery} for one event type, in one query."""
    chosen = chosen_deliveries(user_ids, [event_type.key])
    return {user_id: current_delivery(chosen, user_id, event_type.key) for user_id in user_ids}


def saved_preferences(user):
    """({event key: delivery} for every registered event, whether all e-mail is stopped)."""
    chosen = chosen_deliveries([user.pk])
    per_event = {
        event.key: Delivery(chosen.get((user.pk, event.key), event.default_delivery))
        for event in registered_events()
    }
    return per_event, chosen.get((user.pk, ALL_EVENTS)) == Delivery.NEVER


def set_preferences(user, choices, *, stop_all=None):
    """Save {event key: delivery} for `user`; stop_all True/False sets or clears
    the stop-all switch, None leaves it as it is."""
    rows = [
        NotificationPreference(user=user, event=get_event(key).key, delivery=Delivery(delivery))
        for key, delivery in choices.items()
    ]
    if stop_all:
        rows.append(NotificationPreference(user=user, event=ALL_EVENTS, delivery=Delivery.NEVER))
    elif stop_all is not None:
        NotificationPreference.objects.filter(user=user, event=ALL_EVENTS).delete()
    if rows:
        NotificationPreference.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "event"],
            update_fields=["delivery"],
        )


def verified_user_ids(users):
    """The ids of `users` whose account address is verified, in one query.

    Only the address on the account counts: mail goes to user.email, and a
    verified secondary address says nothing about it."""
    emails = {user.pk: user.email.lower() for user in users if user.email}
    if not emails:
        return set()
    rows = EmailAddress.objects.filter(user_id__in=emails, verified=True).values_list(
        "user_id", "email"
    )
    return {user_id for user_id, email in rows if email.lower() == emails[user_id]}


def email_deliveries(users, event_type):
    """{user id: delivery} as it will actually happen: a preference for e-mail
    only counts when there is a verified address to send it to."""
    deliveries = deliveries_for([user.pk for user in users], event_type)
    wanting = [user for user in users if deliveries[user.pk] != Delivery.NEVER]
    if wanting:
        verified = verified_user_ids(wanting)
        for user in wanting:
            if user.pk not in verified:
                deliveries[user.pk] = Delivery.NEVER
    return deliveries
