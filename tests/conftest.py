"""Shared fixtures: people in each role, and clients signed in as them."""

import pytest

from community import roles
from community.models import User

PASSWORD = "a-Strong-test-passw0rd"


@pytest.fixture
def make_person(db):
    """Build a person with a verified address and the given roles."""

    def make(email, *person_roles, display_name="", superuser=False, **fields):
        create = User.objects.create_superuser if superuser else User.objects.create_user
        user = create(email, PASSWORD, display_name=display_name, **fields)
        for role in person_roles:
            roles.grant_role(user, role)
        return user

    return make


@pytest.fixture
def customer(make_person):
    return make_person("carla@example.com", roles.CUSTOMER, display_name="Carla")


@pytest.fixture
def worker(make_person):
    return make_person("walt@staff.example.com", roles.CUSTOMER, roles.WORKER, display_name="Walt")


@pytest.fixture
def ops(make_person):
    return make_person("olive@staff.example.com", roles.CUSTOMER, roles.OPERATIONS, display_name="Olive")


@pytest.fixture
def moderator(make_person):
    return make_person("mo@example.com", roles.CUSTOMER, roles.MODERATOR, display_name="Mo")


@pytest.fixture
def editor(make_person):
    return make_person("edie@example.com", roles.CUSTOMER, roles.EDITOR, display_name="Edie")


@pytest.fixture
def superuser(make_person):
    return make_person("root@example.com", superuser=True, display_name="Root")


@pytest.fixture
def client_as(client):
    """`client_as(user)`: the test client, signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache, and pages in the page cache; each test
    starts with none used and none kept."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db["NAME"] if db["ENGINE"].endswith("sqlite3") else f"{db.get('HOST')}:{db.get('PORT')}"
    lines = [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({where})"]
    from tests.e2e.conftest import PLAYWRIGHT_MISSING, required

    if PLAYWRIGHT_MISSING and not required():
        lines.append("Browser suite skipped: Playwright is not installed (pip install -e '.[test]')")
    return lines


@pytest.fixture(scope="session", autouse=True)
def _required_database(django_db_blocker):
    """CI names the database each run must use, so a run that silently fell back
    to another one fails instead of passing for the wrong reason."""
    import os

    from django.db import connection

    required = os.environ.get("REQUIRE_DATABASE")
    if required and connection.vendor != required:
        pytest.exit(f"REQUIRE_DATABASE={required} but the suite runs on {connection.vendor}", 2)
