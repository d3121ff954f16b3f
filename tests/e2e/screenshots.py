"""The README's pictures: the main pages of the demo at phone and desktop
widths, as a signed-in customer sees them, and the backlog as Operations sees
it. `make screenshots` runs this module; the suite does not collect it, since
it writes files rather than testing anything."""

from pathlib import Path

import pytest

from practices.models import Idea, IdeasBoardPage, PracticePage
from forum.models import ForumPage, Thread

from .conftest import DESKTOP
from .people import browser_test, sign_in
from .test_accessibility import PHONE

pytestmark = browser_test

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def customer_pages():
    board = IdeasBoardPage.objects.live().get()
    return {
        "home": "/",
        "forum": ForumPage.objects.live().order_by("path").first().url,
        "thread": Thread.objects.filter(solution__isnull=False).order_by("pk").first()
        .get_absolute_url(),
        "ideas": board.url,
        "idea": Idea.objects.filter(merged_into=None).order_by("-vote_count", "pk").first()
        .get_absolute_url(),
        "roadmap": f"{board.url}roadmap/",
        "practices": PracticePage.objects.live().order_by("pk").first().get_parent().url,
        "practice": PracticePage.objects.live().order_by("pk").first().url,
        "search": "/search/?q=refund",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(open_page, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = sign_in(open_page(viewport=WIDTHS[width]), "customer@example.com")
    for name, url in customer_pages().items():
        page.goto(url)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")
    ops = sign_in(open_page(viewport=WIDTHS[width]), "ops@example.com")
    ops.goto("/admin/ideas/backlog/")
    ops.screenshot(path=SCREENSHOTS / f"backlog-{width}.png")
