from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Ideas and practices"

    def ready(self):
        from community.notifications.events import Delivery, register_event

        # flows.publishing connects the receiver that tells people a practice is
        # published; search declares ideas and practices to the search.
        from . import (  # noqa: F401
            cached_pages, context_processors, receivers, search, tasks,
        )
        from .flows import publishing  # noqa: F401

        register_event(
            "ideas.status_changed", "Status changes on ideas you voted for or submitted",
            "An idea you submitted or voted for moved on, with the official response.",
            Delivery.IMMEDIATE, detail=tasks.official_response,
        )
        register_event(
            "ideas.comment", "Comments on ideas you submitted",
            "Someone commented on an idea you submitted.", Delivery.IMMEDIATE,
        )
        register_event(
            "ideas.assigned", "Ideas given to you to carry",
            "Someone in operations made you the owner of an idea.", Delivery.IMMEDIATE,
        )
        register_event(
            "practices.published", "Practices from your ideas and stories",
            "A practice you proposed, or one born from an idea you submitted or voted for, "
            "was published in the library.",
            Delivery.IMMEDIATE,
        )
        context_processors.connect()
