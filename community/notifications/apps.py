from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from .events import Delivery, register_event

        register_event(
            "community.role_granted",
            "Your role changed",
            "When you are given a role in the community, such as Worker or Moderator.",
            Delivery.IMMEDIATE,
        )
