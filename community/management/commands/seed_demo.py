from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule


# Seeded in INSTALLED_APPS order, so the community's people exist before forum threads.
OUR_APPS = {"community", "forum", "practices", "search"}


class Command(BaseCommand):
    help = (
        "Create demo content and one demo account per role. Safe to run again: "
        "what already exists is left as it is. Each app contributes its own `demo.seed`."
    )

    def handle(self, *args, **options):
        for app in apps.get_app_configs():
            if app.name.split(".")[0] in OUR_APPS and module_has_submodule(app.module, "demo"):
                self.stdout.write(f"Seeding {app.verbose_name}…")
                with transaction.atomic():
                    import_string(f"{app.name}.demo.seed")(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
