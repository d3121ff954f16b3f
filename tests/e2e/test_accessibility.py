"""Every main page passes axe-core with no serious or critical violation, for
a visitor and for a signed-in customer, at desktop and phone widths."""

import pytest

from forum.models import ForumPage, Thread
from practices.models import Idea, IdeasBoardPage, PracticePage

from .axe import blocking_violations, describe
from .conftest import DESKTOP
from .people import browser_test, sign_in

pytestmark = browser_test

PHONE = {"width": 390, "height": 844}


def main_pages():
    board = IdeasBoardPage.objects.live().first()
    thread = Thread.objects.filter(reply_count__gt=1).order_by("pk").first()
    return {
        "home": "/",
        "forum index": ForumPage.objects.live().first().get_parent().url,
        "forum": ForumPage.objects.live().first().url,
        "thread": thread.get_absolute_url(),
        "ideas board": board.url,
        "idea": Idea.objects.order_by("-vote_count").first().get_absolute_url(),
        "roadmap": board.url + "roadmap/",
        "library": PracticePage.objects.live().first().get_parent().url,
        "practice": PracticePage.objects.live().first().url,
        "search": "/search/?q=refund",
        "topics": "/topics/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_main_pages_as_a_visitor(open_page, viewport):
    page = open_page(viewport=viewport)
    found = {}
    for name, url in {**main_pages(), "sign-up": "/accounts/signup/", "sign-in": "/accounts/login/"}.items():
        page.goto(url)
        if violations := blocking_violations(page):
            found[name] = violations
    assert not found, describe(found)


def test_main_pages_as_a_customer(open_page):
    page = sign_in(open_page(), "customer@example.com")
    found = {}
    from community.models import User
    me = User.objects.get(email="customer@example.com")
    for name, url in {**main_pages(), "notifications": "/notifications/",
                      "profile": me.get_absolute_url(), "edit profile": "/people/me/"}.items():
        page.goto(url)
        if violations := blocking_violations(page):
            found[name] = violations
    assert not found, describe(found)
