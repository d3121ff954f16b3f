"""Every main page passes axe-core with no serious or critical violation, as a
visitor, a customer and a worker sees it; on a phone, none scrolls sideways."""

import pytest

from community.models import User
from forum.models import Thread
from practices.models import PracticeLibraryPage

from .axe import blocking_violations, describe
from .conftest import DESKTOP, PHONE
from .site import CASEY, browser_test, first_forum, main_pages, sign_in, the_board, visit

pytestmark = browser_test


def check(page, pages):
    """The blocking violations on each page, by page name."""
    found = {}
    for name, url in pages.items():
        if violations := blocking_violations(visit(page, url)):
            found[name] = violations
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_for_a_visitor(open_page, viewport):
    pages = {**main_pages(), "sign-up": "/accounts/signup/", "sign-in": "/accounts/login/"}
    found = check(open_page(viewport=viewport), pages)
    assert not found, describe(found)


def test_main_pages_for_a_customer(open_page):
    page = sign_in(open_page(), CASEY)
    pages = {
        **main_pages(),
        "notifications": "/notifications/",
        "profile": User.objects.get(email=CASEY).get_absolute_url(),
        "edit profile": "/people/me/",
        "new thread": f"{first_forum().url}new/",
    }
    found = check(page, pages)
    assert not found, describe(found)


def test_the_pages_a_worker_writes_on(open_page):
    page = sign_in(open_page(), "worker@example.com")
    pages = {
        "new idea": f"{the_board().url}new/",
        "promote a thread": f"/ideas/promote/{Thread.objects.order_by('pk').first().pk}/",
        "propose a practice": f"{PracticeLibraryPage.objects.live().get().url}propose/",
    }
    found = check(page, pages)
    assert not found, describe(found)


def test_no_page_scrolls_sideways_on_a_phone(open_page):
    """A phone reader never has to scroll sideways to read (WCAG 1.4.10, reflow)."""
    page = sign_in(open_page(viewport=PHONE), "worker@example.com")
    wider = {}
    for name, url in main_pages().items():
        width = visit(page, url).evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wider[name] = width
    assert not wider, f"wider than the {PHONE['width']} px screen: {wider}"
