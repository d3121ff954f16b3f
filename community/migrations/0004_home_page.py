"""Replace Wagtail's welcome page with the community's home page."""

from django.db import migrations

HOME_INTRO = (
    "Customers ask and answer, frontline workers turn what they hear into ideas, "
    "and the best of it becomes practice everyone can use."
)


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("community", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="homepage")
    root = Page.objects.get(depth=1)
    # Place the home page after any remaining top-level pages in the tree.
    last = Page.objects.filter(depth=2).order_by("-path").first()
    step = int(last.path[-4:], 36) + 1 if last else 1
    path = root.path + _base36(step).rjust(4, "0")
    home = HomePage.objects.create(
        title="Welcome to Service Commons",
        draft_title="Welcome to Service Commons",
        slug="home",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=HOME_INTRO,
        locale=Locale.objects.first(),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.id, "site_name": "Service Commons"},
    )


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
