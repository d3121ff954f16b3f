"""E-mail for notifications: one message per notification, sent by a task."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .events import ALL_EVENTS, Delivery, get_event
from .models import Notification
from .preferences import chosen_deliveries, current_delivery, verified_user_ids
from .unsubscribe import list_unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)


def absolute(path):
    return settings.SITE_URL + path if path.startswith("/") else path


def open_url(notification):
    # Through the open view, so reading the e-mail's link also clears the bell.
    return absolute(reverse("notifications:open", args=[notification.pk]))


def build_message(*, to, subject, template, context, unsubscribe_scope, connection=None):
    """A text + HTML e-mail with the footer links and one-click unsubscribe headers."""
    unsubscribe = unsubscribe_url(to, unsubscribe_scope)
    context = {
        **context,
        "recipient": to,
        "site_name": settings.WAGTAIL_SITE_NAME,
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


def notification_message(notification, connection=None):
    return build_message(
        to=notification.recipient,
        subject=notification.title,
        template="notification",
        context={
            "notification": notification,
            "event": get_event(notification.event),
            "open_url": open_url(notification),
        },
        unsubscribe_scope=notification.event,
        connection=connection,
    )


def send_notification_emails(notification_ids):
    """Send the e-mail for each notification not yet e-mailed; returns how many went.

    Preferences and addresses are checked again here, because an unsubscribe
    may have arrived since notify(). Each notification is claimed (emailed_at
    set) before sending, so a retried task never sends one twice."""
    pending = list(
        Notification.objects.filter(
            pk__in=notification_ids, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
        ).select_related("recipient", "actor")
    )
    if not pending:
        return 0
    recipients = {n.recipient_id: n.recipient for n in pending}
    chosen = chosen_deliveries(list(recipients), {n.event for n in pending})
    verified = verified_user_ids(recipients.values())

    wanted, dropped = [], []
    for notification in pending:
        user = notification.recipient
        still_wanted = (
            user.is_active
            and user.pk in verified
            and current_delivery(chosen, user.pk, notification.event) != Delivery.NEVER
        )
        (wanted if still_wanted else dropped).append(notification.pk)
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(delivery=Delivery.NEVER)

    sent = 0
    by_pk = {n.pk: n for n in pending}
    with get_connection() as connection:
        for pk in wanted:
            stamp = timezone.now()
            claimed = Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(
                emailed_at=stamp
            )
            if not claimed:
                continue
            try:
                notification_message(by_pk[pk], connection).send()
            except Exception:
                # Unclaim so the retry of this task sends it; the ones already sent stay sent.
                Notification.objects.filter(pk=pk, emailed_at=stamp).update(emailed_at=None)
                logger.exception("Could not e-mail notification %s", pk)
                raise
            sent += 1
    return sent
