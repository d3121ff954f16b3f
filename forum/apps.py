from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forums"

    def ready(self):
        from community.activity import register_activity_source
        from community.notifications.events import Delivery, register_event

        # search declares the forums' documents to the search (search/documents.py).
        from . import activity, cached_pages, context_processors, receivers, search  # noqa: F401

        register_event(
            "forum.reply", "Replies in threads you follow",
            "Someone replied in a thread you started, replied to or follow.", Delivery.IMMEDIATE,
        )
        register_event(
            "forum.mention", "Mentions",
            "Someone mentioned you with your @handle.", Delivery.IMMEDIATE,
        )
        register_event(
            "forum.solution", "Solutions",
            "A reply of yours was marked as the solution.", Delivery.IMMEDIATE,
        )
        register_activity_source(activity.latest_threads)
        context_processors.connect()
