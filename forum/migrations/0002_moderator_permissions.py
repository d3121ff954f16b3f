"""Moderators moderate the forums; Editors arrange forum pages like any page."""

from django.db import migrations

from community.migration_support import grant


def grant_moderation(apps, schema_editor):
    grant(apps, "Moderators", "forum", "thread", "moderate_forum", "Can moderate the forums")


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("community", "0006_seed_taxonomy_and_handles"),
    ]

    operations = [migrations.RunPython(grant_moderation, migrations.RunPython.noop)]
