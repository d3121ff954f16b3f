from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .events import Delivery

# Unsent notifications the daily digest collects: the daily ones, and the
# immediate ones whose own e-mail failed or never ran. The digest filters with
# this very Q, and the notification_digest_pending index is built on it, because
# SQLite only uses a partial index whose condition it finds spelt out in the
# query (written as IN, bound parameters defeat that match).
DIGEST_PENDING = (
    models.Q(delivery=Delivery.DAILY) | models.Q(delivery=Delivery.IMMEDIATE)
) & models.Q(emailed_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Title and url are copied, not derived from the target, so the list still
    # reads well after the target is renamed or deleted.
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(
        "e-mail delivery",
        max_length=10,
        choices=Delivery.choices,
        help_text="Decided when the notification is created; set to never when the "
        "person opts out before the e-mail goes.",
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event", "content_type", "object_id"],
                name="notification_once_per_event",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent"),
            # Only the small set still waiting for the digest is indexed.
            models.Index(
                fields=["recipient"],
                condition=DIGEST_PENDING,
                name="notification_digest_pending",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self):
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a person wants e-mail about one event type; no row means the event's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(max_length=100)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notification_preference_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.event} → {self.delivery}"
