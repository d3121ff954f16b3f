from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Ideas and practices"

    def ready(self):
        from community.notifications.events import Delivery, register_event

        from . import context_processors

        register_event(
            "ideas.status_changed", "Status changes on ideas you voted for or submitted",
            "An idea you submitted or voted for moved on, with the official response.",
            Delivery.IMMEDIATE,
        )
        context_processors.connect()
