"""The daily digest: one e-mail per person listing what waited for it.

It is also the safety net for immediate e-mails: one that could not be sent
(its task failed, or never ran) goes out in the next digest instead."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community import site

from .emails import absolute, build_message, open_url
from .events import ALL_EVENTS, Delivery
from .models import DIGEST_PENDING, Notification
from .preferences import chosen_deliveries, still_wanted, verified_user_ids

logger = logging.getLogger(__name__)

# A digest is a reminder, not an archive: past this many items it links to the list.
MAX_LISTED = 50

# An immediate notification this young may still have its e-mail task queued or
# running; the digest leaves it alone so the person does not get it twice.
IMMEDIATE_GRACE = timedelta(minutes=15)


@dataclass
class DigestRun:
    people: int = 0  # people with something pending, looked at
    digests: int = 0
    notifications: int = 0
    failed: int = 0


def send_digests(*, batch_size=200, on_batch=None):
    """E-mail everyone their pending daily notifications, and the immediate ones
    whose e-mail did not go out, in one summary each; returns a DigestRun.

    People are taken `batch_size` at a time in id order, so memory stays flat
    however many there are. Notifications created after the run started wait
    for the next one, so nothing is marked e-mailed without being listed."""
    run = DigestRun()
    cutoff = timezone.now()
    pending = Notification.objects.filter(DIGEST_PENDING).filter(
        Q(delivery=Delivery.DAILY, created_at__lte=cutoff)
        | Q(created_at__lte=cutoff - IMMEDIATE_GRACE)
    )
    name = site.site_name()
    last_id = 0
    while True:
        user_ids = list(
            pending.filter(recipient_id__gt=last_id)
            .order_by("recipient_id")
            .values_list("recipient_id", flat=True)
            .distinct()[:batch_size]
        )
        if not user_ids:
            return run
        last_id = user_ids[-1]
        _send_batch(user_ids, pending, run, name)
        if on_batch is not None:
            on_batch(run)


def _send_batch(user_ids, pending, run, site_name):
    pending = pending.filter(recipient_id__in=user_ids)
    users = get_user_model().objects.in_bulk(user_ids)
    verified = verified_user_ids(users.values())
    # order_by(): the default ordering would add its columns to the DISTINCT.
    pairs = list(pending.order_by().values_list("recipient_id", "event").distinct())
    chosen = chosen_deliveries(user_ids, {event for _, event in pairs})

    events_for = {}
    for user_id, event in pairs:
        user = users.get(user_id)
        # Someone who switched to immediate since still wants e-mail, and the
        # digest is the only way these can still reach them.
        if user is not None and still_wanted(user, verified, chosen, event):
            events_for.setdefault(user_id, []).append(event)
        else:
            # Settled now, so they are not looked at again every day.
            pending.filter(recipient_id=user_id, event=event).update(delivery=Delivery.NEVER)

    run.people += len(user_ids)
    with get_connection() as connection:
        for user_id, events in events_for.items():
            waiting = pending.filter(recipient_id=user_id, event__in=events)
            _send_one(users[user_id], waiting, run, site_name, connection)


def _send_one(user, pending, run, site_name, connection):
    # Claimed under a timestamp unique to this digest, so the listing below is
    # exactly what was claimed, and a failure can put exactly that back.
    stamp = timezone.now()
    count = pending.update(emailed_at=stamp)
    if not count:
        return
    claimed = Notification.objects.filter(recipient=user, emailed_at=stamp)
    items = list(claimed.select_related("actor").order_by("created_at", "id")[:MAX_LISTED])
    try:
        digest_message(user, items, count, site_name, connection).send()
    except Exception:
        claimed.update(emailed_at=None)
        logger.exception("Could not send the daily digest to user %s", user.pk)
        run.failed += 1
        return
    run.digests += 1
    run.notifications += count


def digest_message(user, items, total, site_name, connection=None):
    noun = "notification" if total == 1 else "notifications"
    return build_message(
        to=user,
        subject=f"Your daily summary from {site_name}: {total} new {noun}",
        template="digest",
        context={
            "items": [(item, open_url(item)) for item in items],
            "total": total,
            "more": total - len(items),
            "list_url": absolute(reverse("notifications:list")),
        },
        unsubscribe_scope=ALL_EVENTS,
        site_name=site_name,
        connection=connection,
    )
