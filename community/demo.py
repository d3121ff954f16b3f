"""Demo content for the community core: the home page, site settings, and one
account per role. Every step looks before it writes, so running it again
changes nothing."""

from wagtail.models import Site

from . import roles
from .models import CommunitySettings, HomePage, User
from .people import set_skills

DEMO_PASSWORD = "commons-demo"

DEMO_PEOPLE = [
    # email, display name, roles, superuser, bio, skills
    ("customer@example.com", "Casey Customer", [roles.CUSTOMER], False,
     "Regular at the city-centre branch. Asks a lot of questions about returns.", []),
    ("worker@example.com", "Wren Worker", [roles.CUSTOMER, roles.WORKER], False,
     "Front desk, weekday evenings. Happy to help with bookings and returns.",
     ["Returns", "Bookings", "Spanish"]),
    ("ops@example.com", "Orla Ops", [roles.CUSTOMER, roles.OPERATIONS], False,
     "Operations lead. I read every idea on the board.", []),
    ("moderator@example.com", "Milo Moderator", [roles.CUSTOMER, roles.MODERATOR], False,
     "Keeps the forums friendly.", []),
    ("editor@example.com", "Eden Editor", [roles.CUSTOMER, roles.EDITOR], False,
     "Curates the practice library.", []),
    ("admin@example.com", "Ada Admin", [], True, "Site administrator.", []),
]

HOME_BODY = (
    "<h2>How it works</h2><ol>"
    "<li>Customers ask, answer and share wins in the forums.</li>"
    "<li>Frontline workers turn what they hear into improvement ideas.</li>"
    "<li>Customers and workers vote; operations triage and ship the best ideas.</li>"
    "<li>What worked is published as a best practice, and everyone who cared is told.</li>"
    "</ol>"
)


def seed(stdout):
    seed_site(stdout)
    seed_people(stdout)


def seed_site(stdout):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.first()
    if home and not home.body:
        home.body = HOME_BODY
        home.save_revision().publish()
        stdout.write("  home page filled in")
    settings = CommunitySettings.for_site(site)
    if not settings.pk:
        settings.save()
        stdout.write("  site settings created")


def seed_people(stdout):
    for email, name, person_roles, superuser, bio, skills in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            create = User.objects.create_superuser if superuser else User.objects.create_user
            user = create(email, DEMO_PASSWORD, display_name=name, bio=bio)
            stdout.write(f"  created {email}")
        for role in person_roles:
            roles.grant_role(user, role)
        if skills and not user.skills.exists():
            set_skills(user, skills)
