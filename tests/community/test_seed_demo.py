import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from community import roles
from community.demo import DEMO_PASSWORD
from community.models import User

def seed():
    call_command("seed_demo", allow_production=True, verbosity=0)


DEMO_ACCOUNTS = {
    "customer@example.com": [roles.CUSTOMER],
    "worker@example.com": [roles.CUSTOMER, roles.WORKER],
    "ops@example.com": [roles.CUSTOMER, roles.OPERATIONS],
    "moderator@example.com": [roles.CUSTOMER, roles.MODERATOR],
    "editor@example.com": [roles.CUSTOMER, roles.EDITOR],
    "admin@example.com": [],
}


def snapshot():
    """Every row of every table of ours and Wagtail's, as comparable values."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "django_tasks_database"):
            continue
        rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


@pytest.mark.django_db
def test_demo_accounts_have_their_roles(client):
    seed()
    for email, expected in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert roles.roles_of(user) == expected, email
    assert User.objects.get(email="admin@example.com").is_superuser


@pytest.mark.django_db
@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_each_demo_account_signs_in(client, email):
    seed()
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/").wsgi_request.user.email == email


@pytest.mark.django_db
def test_demo_home_page_says_what_the_community_is_for(client):
    seed()
    page = client.get("/").content.decode()
    assert "How it works" in page
    assert "frontline workers" in page.lower()


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_on_a_production_site():
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
