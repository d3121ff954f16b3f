"""Moderators moderate the forums; Editors arrange forum pages like any page."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="forum", model="thread")
    moderate, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="moderate_forum",
        defaults={"name": "Can moderate the forums"},
    )
    Group.objects.get(name="Moderators").permissions.add(moderate)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("community", "0006_seed_taxonomy_and_handles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
