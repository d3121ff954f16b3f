"""The five roles of DESIGN.md as groups, with the permissions they need today.

Wagtail ships a "Moderators" group that publishes pages and an "Editors" group
that drafts them. Here, Moderators are community moderators (they work the flag
queue, not the page tree) and Editors curate content, so page rights move to
Editors and the default approval workflow is reviewed by Editors.
Later apps add their own permissions to these groups in their own migrations.
"""

from django.db import migrations

from community.migration_support import permission

GROUPS = ["Customers", "Workers", "Operations", "Moderators", "Editors"]
ADMIN_GROUPS = ["Operations", "Moderators", "Editors"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_MEDIA_PERMISSIONS = {
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "change_document", "choose_document"],
}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}

    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin")
    for name in ADMIN_GROUPS:
        groups[name].permissions.add(access_admin)

    moderators, editors = groups["Moderators"], groups["Editors"]
    moderators.permissions.set([access_admin])
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()

    root_page = Page.objects.filter(depth=1).first()
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission(apps, "wagtailcore", "page", codename)
        )
    root_collection = Collection.objects.filter(depth=1).first()
    for (app_label, model), codenames in EDITOR_MEDIA_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=permission(apps, app_label, model, codename),
            )
    editors.permissions.add(permission(apps, "community", "communitysettings", "change_communitysettings"))

    for task in GroupApprovalTask.objects.filter(groups=moderators):
        task.groups.remove(moderators)
        task.groups.add(editors)
        if task.name == "Moderators approval":
            task.name = "Editors approval"
            task.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_site"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
