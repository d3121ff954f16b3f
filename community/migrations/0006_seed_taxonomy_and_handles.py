"""The journey stages and barriers of DESIGN.md, @handles for existing people,
and the right to suspend people for Moderators."""

from django.db import migrations
from django.utils.text import slugify

from community.migration_support import grant

JOURNEY_STAGES = [
    ("Discover", "discover", "Finding out we exist and what we offer."),
    ("Buy", "buy", "Choosing, ordering and paying."),
    ("Onboard", "onboard", "The first days: setting up, learning the ropes."),
    ("Use", "use", "Everyday use of what they bought."),
    ("Get help", "get-help", "Asking for help when something goes wrong."),
    ("Renew or leave", "renew-or-leave", "Deciding to stay, or leaving well."),
]
BARRIERS = [
    ("Rigid systems", "rigid-systems", "Systems that cannot bend to the customer's situation."),
    ('"Not my job"', "not-my-job", "Passing the customer along instead of owning the problem."),
    ("Policy before people", "policy-before-people", "Rules applied where judgement was needed."),
    ("No problem solving", "no-problem-solving", "Nobody empowered to find a way."),
    ("Systems built for staff convenience", "staff-convenience",
     "Processes shaped around the organisation rather than the customer."),
    ("Over-reliance on technology", "over-reliance-on-technology",
     "A machine where a person was needed."),
    ("Slow response", "slow-response", "Waiting too long for an answer or a fix."),
    ("Missing resources", "missing-resources", "Not enough people, tools or stock to serve well."),
]


def seed(apps, schema_editor):
    for model_name, rows in (("JourneyStage", JOURNEY_STAGES), ("Barrier", BARRIERS)):
        model = apps.get_model("community", model_name)
        for order, (name, slug, description) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "sort_order": order}
            )

    User = apps.get_model("community", "User")
    taken = set(User.objects.exclude(handle=None).values_list("handle", flat=True))
    for user in User.objects.filter(handle=None).order_by("pk"):
        base = slugify(user.display_name) or "member"
        handle, n = base, 2
        while handle in taken:
            handle, n = f"{base}-{n}", n + 1
        taken.add(handle)
        user.handle = handle
        user.save(update_fields=["handle"])

    grant(apps, "Moderators", "community", "user", "suspend_user", "Can suspend and restore people")


class Migration(migrations.Migration):
    dependencies = [("community", "0005_taxonomy_handles_suspension")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
