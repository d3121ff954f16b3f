"""Editors curate the journey stages and barriers shared by threads, ideas and
practices: they may add and rename terms. Deleting one untags everything filed
under it, so that stays with superusers."""

from django.db import migrations

from community.migration_support import grant

TERMS = {"journeystage": "journey stage", "barrier": "barrier"}


def grant_taxonomy(apps, schema_editor):
    for model, label in TERMS.items():
        for action in ("add", "change"):
            grant(apps, "Editors", "community", model, f"{action}_{model}", f"Can {action} {label}")


class Migration(migrations.Migration):
    dependencies = [("community", "0006_seed_taxonomy_and_handles")]

    operations = [migrations.RunPython(grant_taxonomy, migrations.RunPython.noop)]
