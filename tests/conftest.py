"""What every test shares: the fixtures of tests/fixtures/, a cache emptied
around each test, and the database CI asks for."""

import pytest

# Every fixture of the suite, available to every test, so no test module
# imports one by name (a fixture imported by name hides where it comes from
# and breaks when it moves).
pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.limits",
    "tests.fixtures.forums",
    "tests.fixtures.ideas",
    "tests.fixtures.library",
]


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
