"""Browser tests: Playwright drives Debian's chromium against a live server
holding the demo content, as a visitor meets the site.

Without chromium (or without Playwright) the tests are skipped, saying why,
unless REQUIRE_BROWSER=1 (CI), where that is a failure. The accessibility
checks also need axe-core, which `make test` installs with npm into
tests/e2e/node_modules.

Each test gets a freshly seeded demo site: it commits for real, because the
server answers from another thread, and the flush afterwards is undone for the
next test by serialized_rollback (see `site.browser_test`).
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

HERE = Path(__file__).resolve().parent
FAILURES = HERE.parents[1] / "var" / "e2e-failures"

# Headless, with no sandbox (CI runs as root) and none of chromium's own
# background traffic (updates, sync, field trials): the tests see only the
# requests the pages make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Debugging a journey is quicker with a short wait than with Playwright's 30 s.
WAIT_MS = 10_000


def required():
    return os.environ.get("REQUIRE_BROWSER") == "1"


try:
    import playwright.sync_api  # noqa: F401
except ImportError:
    # The test modules use Playwright from their first line; without it they
    # are left out here, so the rest of the suite still runs. Under
    # REQUIRE_BROWSER=1 they are collected and fail on the import.
    PLAYWRIGHT_MISSING = True
    if not required():
        collect_ignore_glob = ["test_*.py"]
else:
    PLAYWRIGHT_MISSING = False


def chromium_path():
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def skip_or_fail(reason):
    if required():
        pytest.fail(f"REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(f"Browser suite skipped: {reason}")


@pytest.fixture(scope="session")
def chromium_executable():
    executable = chromium_path()
    if not executable:
        skip_or_fail("chromium is not installed (Debian: apt-get install chromium)")
    return executable


@pytest.fixture
def demo_site(chromium_executable, live_server, settings):
    """The live server's address, after `seed_demo` filled it with the demo."""
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    return live_server.url


@pytest.fixture
def browser(chromium_executable, demo_site, monkeypatch):
    """A chromium for one test, started once its database is ready.

    While Playwright's sync API runs, an event loop runs on the test's thread,
    and Django takes the thread for async code: it refuses queries (hence
    DJANGO_ALLOW_ASYNC_UNSAFE) and hands out database connections other than
    the thread's own (asgiref's Local). Had the browser outlived a test, the
    next test's database set-up would have gone to those other connections and
    the page tree would not come back after the flush. The live server answers
    from its own thread, where none of this applies.
    """
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_executable,
                                              args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        # chromium is here, so this is a broken set-up: never a quiet skip.
        pytest.fail(f"chromium at {chromium_executable} did not start: {error}", pytrace=False)
    # expect() waits as long as the pages' own actions: a form post answered
    # while the machine is busy can take longer than its own 5 s.
    expect.set_options(timeout=WAIT_MS)
    yield chromium
    # The connections the test's own queries opened; PostgreSQL would not drop
    # the test database while they are open.
    connections.close_all()
    chromium.close()
    playwright.stop()


ASSETS = {"stylesheet", "script", "image", "font"}


def missing_asset(response, errors):
    if response.status >= 400 and response.request.resource_type in ASSETS:
        errors.append(f"{response.status} for {response.url}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def open_page(browser, demo_site, request):
    """`open_page(javascript=True, viewport=DESKTOP)`: a new page in a browser
    context of its own (its own cookies), on the demo site. A test fails if a
    page it opened threw a JavaScript error or missed a stylesheet, script,
    image or font; a failing test leaves screenshots of its pages in
    var/e2e-failures/."""
    contexts, errors = [], []

    def open_(javascript=True, viewport=DESKTOP):
        context = browser.new_context(
            base_url=demo_site, java_script_enabled=javascript, viewport=viewport
        )
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.on("response", lambda response: missing_asset(response, errors))
        return page

    for old in FAILURES.glob(f"{request.node.name}-*.png"):
        old.unlink()  # from an earlier run: they would mislead
    yield open_
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(contexts):
            for tab, page in enumerate(context.pages):
                page.screenshot(path=FAILURES / f"{request.node.name}-{number}-{tab}.png",
                                full_page=True)
    for context in contexts:
        context.close()
    assert not errors, "Errors on the pages:\n" + "\n".join(errors)
