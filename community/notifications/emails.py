"""E-mail for notifications: one message per notification, sent by a task."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community import site

from .events import ALL_EVENTS, Delivery, get_event
from .models import Notification
from .preferences import chosen_deliveries, still_wanted, verified_user_ids
from .unsubscribe import list_unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)


def absolute(path):
    return settings.SITE_URL + path if path.startswith("/") else path


def open_url(notification):
    # Through the open view, so reading the e-mail's link also clears the bell.
    return absolute(reverse("notifications:open", args=[notification.pk]))


def build_message(
    *, to, subject, template, context, unsubscribe_scope, site_name, connection=None
):
    """A text + HTML e-mail with the footer links and one-click unsubscribe headers.
    `site_name` comes from the caller, which looks it up once for a whole batch."""
    unsubscribe = unsubscribe_url(to, unsubscribe_scope)
    context = {
        **context,
        "recipient": to,
        "site_name": site_name,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe,
        "unsubscribe_all": unsubscribe_scope == ALL_EVENTS,
        "preferences_url": absolute(reverse("notifications:preferences")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[to.email],
        headers={
            **list_unsubscribe_headers(unsubscribe),
            # RFC 3834: keeps vacation responders from answering.
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_message(notification, site_name, connection=None):
    event = get_event(notification.event)
    return build_message(
        to=notification.recipient,
        subject=notification.title,
        template="notification",
        context={
            "notification": notification,
            "event": event,
            "detail": _detail(event, notification),
            "open_url": open_url(notification),
        },
        unsubscribe_scope=notification.event,
        site_name=site_name,
        connection=connection,
    )


def _detail(event, notification):
    # The target may be gone by the time the e-mail goes; the title still says it.
    target = notification.target if event.detail else None
    return event.detail(target) if target is not None else ""


@dataclass
class EmailRun:
    sent: int = 0
    failed: int = 0  # left unsent for the daily digest to carry


def send_notification_emails(notification_ids):
    """Send the e-mail for each notification not yet e-mailed; returns an EmailRun.

    Preferences and addresses are checked again here, because an unsubscribe
    may have arrived since notify(). Each notification is claimed (emailed_at
    set) before sending, so running the task twice never sends one twice."""
    run = EmailRun()
    pending = list(
        Notification.objects.filter(
            pk__in=notification_ids, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
        )
        .select_related("recipient", "actor")
        .order_by("pk")
    )
    if not pending:
        return run
    recipients = {n.recipient_id: n.recipient for n in pending}
    chosen = chosen_deliveries(list(recipients), {n.event for n in pending})
    verified = verified_user_ids(recipients.values())

    wanted, dropped = [], []
    for notification in pending:
        keep = still_wanted(notification.recipient, verified, chosen, notification.event)
        (wanted if keep else dropped).append(notification)
    if dropped:
        Notification.objects.filter(pk__in=[n.pk for n in dropped]).update(
            delivery=Delivery.NEVER
        )
    if not wanted:
        return run

    name = site.site_name()
    with get_connection() as connection:
        for notification in wanted:
            stamp = timezone.now()
            claimed = Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=True
            ).update(emailed_at=stamp)
            if not claimed:
                continue
            try:
                notification_message(notification, name, connection).send()
            except Exception:
                # django-tasks never retries a task, so raising would lose this one and
                # every one after it. Unclaimed, it waits for the daily digest instead.
                Notification.objects.filter(pk=notification.pk, emailed_at=stamp).update(
                    emailed_at=None
                )
                logger.exception(
                    "Could not e-mail notification %s; the daily digest will carry it",
                    notification.pk,
                )
                run.failed += 1
                continue
            run.sent += 1
    return run
