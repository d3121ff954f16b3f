"""The README's pictures: the main pages of the demo at phone and desktop
widths, as a signed-in customer sees them, and the backlog as Operations sees
it. `make screenshots` runs this module; the suite does not collect it, since
it writes files rather than testing anything."""

from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE
from .site import CASEY, browser_test, main_pages, sign_in, visit

pytestmark = browser_test

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
PICTURED = ["home", "forum", "thread", "ideas board", "idea", "roadmap", "library", "practice",
            "search"]


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(open_page, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = sign_in(open_page(viewport=WIDTHS[width]), CASEY)
    pages = main_pages()
    for name in PICTURED:
        visit(page, pages[name]).screenshot(path=SCREENSHOTS / f"{name.replace(' ', '-')}-{width}.png")
    ops = sign_in(open_page(viewport=WIDTHS[width]), "ops@example.com")
    visit(ops, "/admin/ideas/backlog/").screenshot(path=SCREENSHOTS / f"backlog-{width}.png")
