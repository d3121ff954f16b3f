"""Every main page passes axe-core with no serious or critical violation, as a
visitor, a customer and a worker sees it; on a phone, none scrolls sideways."""

import pytest

from community.models import User
from forum.models import ForumPage, Thread
from practices.models import Idea, IdeasBoardPage, PracticeLibraryPage, PracticePage

from .axe import blocking_violations, describe
from .conftest import DESKTOP
from .people import browser_test, sign_in

pytestmark = browser_test

PHONE = {"width": 390, "height": 844}


def reading_pages():
    """What anyone may read: one of each kind of page, from the demo."""
    forum = ForumPage.objects.live().order_by("path").first()
    board = IdeasBoardPage.objects.live().get()
    return {
        "home": "/",
        "forum index": forum.get_parent().url,
        "forum": forum.url,
        "thread": Thread.objects.filter(reply_count__gt=1).order_by("pk").first().get_absolute_url(),
        "ideas board": board.url,
        "idea": Idea.objects.filter(merged_into=None).order_by("-vote_count", "pk").first()
        .get_absolute_url(),
        "roadmap": f"{board.url}roadmap/",
        "library": PracticeLibraryPage.objects.live().get().url,
        "practice": PracticePage.objects.live().order_by("pk").first().url,
        "search": "/search/?q=refund",
        "topics": "/topics/",
    }


def check(page, pages):
    """The blocking violations on each page, by page name."""
    found = {}
    for name, url in pages.items():
        page.goto(url)
        if violations := blocking_violations(page):
            found[name] = violations
    return found


def sideways_scrolling(page, pages):
    """The pages wider than the screen: a phone reader would have to scroll
    sideways to read them (WCAG 1.4.10, reflow)."""
    wider = {}
    for name, url in pages.items():
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            wider[name] = width
    return wider


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_for_a_visitor(open_page, viewport):
    pages = {**reading_pages(), "sign-up": "/accounts/signup/", "sign-in": "/accounts/login/"}
    found = check(open_page(viewport=viewport), pages)
    assert not found, describe(found)


def test_main_pages_for_a_customer(open_page):
    page = sign_in(open_page(), "customer@example.com")
    me = User.objects.get(email="customer@example.com")
    forum = ForumPage.objects.live().order_by("path").first()
    pages = {
        **reading_pages(),
        "notifications": "/notifications/",
        "profile": me.get_absolute_url(),
        "edit profile": "/people/me/",
        "new thread": f"{forum.url}new/",
    }
    found = check(page, pages)
    assert not found, describe(found)


def test_the_pages_a_worker_writes_on(open_page):
    page = sign_in(open_page(), "worker@example.com")
    board = IdeasBoardPage.objects.live().get()
    pages = {
        "new idea": f"{board.url}new/",
        "promote a thread": f"/ideas/promote/{Thread.objects.order_by('pk').first().pk}/",
        "propose a practice": f"{PracticeLibraryPage.objects.live().get().url}propose/",
    }
    found = check(page, pages)
    assert not found, describe(found)


def test_no_page_scrolls_sideways_on_a_phone(open_page):
    page = sign_in(open_page(viewport=PHONE), "worker@example.com")
    wider = sideways_scrolling(page, reading_pages())
    assert not wider, f"wider than the {PHONE['width']} px screen: {wider}"
