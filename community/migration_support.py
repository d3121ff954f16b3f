"""Helpers for data migrations that give roles their permissions.

Permissions are normally created after migrations run (post_migrate), so a
migration that grants one on a fresh database creates it first.
"""


def permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or codename.replace("_", " ").capitalize()},
    )
    return perm


def grant(apps, group_name, app_label, model, codename, name=None):
    Group = apps.get_model("auth", "Group")
    Group.objects.get(name=group_name).permissions.add(
        permission(apps, app_label, model, codename, name)
    )
