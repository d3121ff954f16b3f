"""The Content-Security-Policy in a real browser: no page of the site, nor of
the Wagtail admin, has anything refused by it, as a visitor, a customer, a
worker and operations meet them; and what HTMX does (the search box's
suggestions, a vote on the board) still works under it."""

import re

from playwright.sync_api import expect

from practices.models import PracticePage

from .site import (
    CASEY, an_idea_to_vote_for, browser_test, first_forum, main_pages, sign_in, top_idea,
    visit, vote_button,
)

pytestmark = browser_test

# Every refusal fires this event on the document; the listener is added before
# any script of the page runs, on every page the tab opens.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || document.location.pathname}:${event.lineNumber}`;
  window.reportViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline code"} at ${where}`);
});
"""


def watched(page):
    """`page`, and the refusals it meets from now on: those the page's own
    listener hears and those chromium writes to the console."""
    refused = []

    def heard(text):
        refused.append(f"{page.url}: {text}")

    def logged(message):
        if "Content Security Policy" in message.text:
            heard(message.text)

    page.expose_function("reportViolation", heard)
    page.add_init_script(LISTEN)
    page.on("console", logged)
    return page, refused


def signed_in(page, email, then="/"):
    """`page` watched from the sign-in form on, as `email`."""
    page, refused = watched(page)
    return sign_in(page, email, then=then), refused


def visit_all(page, urls):
    for url in urls:
        visit(page, url)
        # What a page does once loaded (HTMX's set-up) is checked too.
        page.wait_for_load_state("networkidle")


def test_no_page_breaks_the_policy_for_a_visitor(open_page):
    page, refused = watched(open_page())
    pages = [*main_pages().values(), "/accounts/login/", "/accounts/signup/"]
    # Twice: the second time from the page cache, with the header it was kept with.
    visit_all(page, pages + pages)
    assert page.evaluate("typeof htmx") == "object", "HTMX did not load"
    assert not refused, "\n".join(refused)


def test_search_suggestions_appear_under_the_policy(open_page):
    page, refused = watched(open_page())
    visit(page, "/")
    page.get_by_role("search").get_by_role("searchbox").press_sequentially("refund")
    suggestions = page.locator("#site-search-suggestions")
    expect(suggestions.get_by_role("link").first).to_be_visible()
    assert not refused, "\n".join(refused)


def test_no_page_breaks_the_policy_for_a_customer_who_votes(open_page):
    page, refused = signed_in(open_page(), CASEY)
    visit_all(page, [*main_pages().values(), "/notifications/", "/people/me/",
                     f"{first_forum().url}new/", "/accounts/email/",
                     # Its QR code is a data: image.
                     "/accounts/2fa/totp/activate/"])

    idea = an_idea_to_vote_for(CASEY)
    visit(page, idea.get_absolute_url())
    vote_button(page, "Vote", idea).click()
    expect(vote_button(page, "Voted", idea)).to_be_visible()
    assert idea.votes.filter(user__email=CASEY).exists()
    assert not refused, "\n".join(refused)


def test_no_page_breaks_the_policy_for_a_worker(open_page):
    page, refused = signed_in(open_page(), "worker@example.com")
    board = main_pages()["ideas board"]
    library = main_pages()["library"]
    visit_all(page, [*main_pages().values(), f"{board}new/", f"{library}propose/"])
    assert not refused, "\n".join(refused)


def test_no_admin_page_breaks_the_policy_for_operations(open_page):
    page, refused = signed_in(open_page(), "ops@example.com", then="/admin/")
    idea = top_idea()
    visit_all(page, ["/admin/", "/admin/ideas/backlog/", f"/admin/ideas/backlog/edit/{idea.pk}/"])
    expect(page.get_by_role("combobox", name=re.compile(r"^Status"))).to_be_visible()

    # The merge form's chooser opens in a dialog the admin's scripts fetch and fill.
    visit(page, f"/admin/ideas/backlog/merge/{idea.pk}/")
    page.get_by_role("button", name="Choose an idea").click()
    expect(page.get_by_role("dialog").locator("input[name=q]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not refused, "\n".join(refused)


def test_the_dashboard_keeps_to_the_policy_for_a_superuser(open_page):
    """A superuser's dashboard also asks Wagtail's site for its latest release."""
    page, refused = signed_in(open_page(), "admin@example.com", then="/admin/")
    visit_all(page, ["/admin/", "/admin/users/"])
    assert not refused, "\n".join(refused)


def test_the_page_editor_keeps_to_the_policy(open_page):
    """Opened by an editor: operations have no rights on the page tree."""
    page, refused = signed_in(open_page(), "editor@example.com", then="/admin/")
    practice = PracticePage.objects.live().order_by("pk").first()
    visit_all(page, ["/admin/", "/admin/pages/", f"/admin/pages/{practice.pk}/edit/"])
    # The editor's scripts ran: its rich text fields became Draftail editors.
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    # Its preview is a frame of the admin's own.
    page.get_by_role("button", name="Toggle preview").click()
    expect(page.frame_locator("#w-preview-iframe").get_by_role("heading", level=1)).to_have_text(
        practice.title)
    assert not refused, "\n".join(refused)
