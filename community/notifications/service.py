"""Creating, reading and withdrawing notifications. Other apps only need `notify()`
and `withdraw()`."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

from .events import Delivery, get_event
from .models import DIGEST_PENDING, Notification
from .preferences import email_deliveries

TITLE_LENGTH = Notification._meta.get_field("title").max_length
URL_LENGTH = Notification._meta.get_field("url").max_length


def notify(recipients, event, *, target, actor=None, title, url=None):
    """Tell `recipients` that `event` happened to `target`; returns the people
    newly notified. Safe to call again for the same occurrence: nobody is told twice.

    The number of queries does not depend on the number of recipients, so
    telling every voter on an idea costs the same as telling one person."""
    event_type = get_event(event)
    if target.pk is None:
        raise ValueError("notify() needs a saved target to point at")
    link = _default_url(target) if url is None else url
    if len(link) > URL_LENGTH:
        raise ValueError(f"Notification url is longer than {URL_LENGTH} characters: {link[:80]}…")
    people = _distinct_recipients(recipients, actor)
    if not people:
        return []

    content_type = ContentType.objects.get_for_model(target)
    occurrence = Notification.objects.filter(
        event=event, content_type=content_type, object_id=target.pk
    )
    already = set(
        occurrence.filter(recipient_id__in=[p.pk for p in people])
        .order_by()
        .values_list("recipient_id", flat=True)
    )
    people = [person for person in people if person.pk not in already]
    if not people:
        return []

    deliveries = email_deliveries(people, event_type)
    now = timezone.now()
    title = Truncator(" ".join(str(title).split())).chars(TITLE_LENGTH)
    # ignore_conflicts: a concurrent call for the same occurrence may have won the
    # race since the check above; the unique constraint keeps one row each.
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                event=event,
                content_type=content_type,
                object_id=target.pk,
                actor=actor,
                title=title,
                url=link,
                created_at=now,
                delivery=deliveries[person.pk],
            )
            for person in people
        ],
        ignore_conflicts=True,
    )

    immediate = [p.pk for p in people if deliveries[p.pk] == Delivery.IMMEDIATE]
    if immediate:
        ids = list(
            occurrence.filter(
                recipient_id__in=immediate, delivery=Delivery.IMMEDIATE, emailed_at__isnull=True
            )
            .order_by()
            .values_list("pk", flat=True)
        )
        _email_after_commit(ids)
    return people


def withdraw(target):
    """Take back the notifications about `target` that still call for attention,
    for when it stops being something people may read (a post taken down).

    Deleted are those still unread on the site, and those no e-mail has carried
    yet (the digest would send them, read or not). What was both read and
    e-mailed is history and stays: the person has seen it, and the copied title
    names no more than the place it happened. Returns how many were deleted."""
    deleted, _ = Notification.objects.filter(
        Q(read_at__isnull=True) | DIGEST_PENDING,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).delete()
    return deleted


def _email_after_commit(notification_ids):
    from .tasks import send_notification_emails

    # After commit, so a worker never looks for rows a rollback took away; robust,
    # because the action that caused the notification has already succeeded.
    transaction.on_commit(
        lambda: send_notification_emails.enqueue(notification_ids), robust=True
    )


def _distinct_recipients(recipients, actor):
    actor_pk = getattr(actor, "pk", None)
    seen, people = set(), []
    for person in recipients:
        pk = getattr(person, "pk", None)
        if pk is None or pk in seen or pk == actor_pk or not person.is_active:
            continue
        seen.add(pk)
        people.append(person)
    return people


def _default_url(target):
    if hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    if hasattr(target, "get_url"):  # Wagtail pages
        return target.get_url() or ""
    raise TypeError(
        f"{type(target).__name__} has no get_absolute_url(); pass url= to notify()"
    )


def for_user(user):
    # Groups are prefetched for the actor's role badge: one query per page, not per row.
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor")
        .prefetch_related("actor__groups")
    )


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # The filter keeps the first reading time when two tabs race.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user):
    """Returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
