"""Workers submit ideas; Operations submit them too and triage the backlog.
Customers vote and comment, which needs no permission beyond an account."""

from django.db import migrations

from community.migration_support import grant


def grant_idea_permissions(apps, schema_editor):
    for group in ("Workers", "Operations"):
        grant(apps, group, "practices", "idea", "submit_idea", "Can submit ideas")
    grant(apps, "Operations", "practices", "idea", "triage_idea", "Can triage ideas")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("community", "0006_seed_taxonomy_and_handles"),
    ]

    operations = [migrations.RunPython(grant_idea_permissions, migrations.RunPython.noop)]
