from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule


# Seeded in INSTALLED_APPS order, so the community's people exist before forum threads.
OUR_APPS = {"community", "forum", "practices", "search"}


class Command(BaseCommand):
    help = (
        "Create demo content and one demo account per role. Safe to run again: "
        "what already exists is left as it is. Each app contributes its own `demo.seed`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off. The demo accounts share a published password.",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates accounts, a superuser among them, whose password is in "
                "the README. It runs only with DEBUG=1 (as make run does); pass "
                "--allow-production to seed a demo server anyway."
            )
        for app in apps.get_app_configs():
            if app.name.split(".")[0] in OUR_APPS and module_has_submodule(app.module, "demo"):
                self.stdout.write(f"Seeding {app.verbose_name}…")
                with transaction.atomic():
                    import_string(f"{app.name}.demo.seed")(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
