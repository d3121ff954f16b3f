"""Operations at work in the Wagtail admin, end to end in a real browser: Orla
filters the backlog to what nobody has looked at, gives ideas an owner, answers
one publicly, folds a duplicate into it, and sends a done idea to the editors
as a practice, which Eden approves. Then the public site and the people who
voted are checked for what they would notice."""

import re

from playwright.sync_api import expect

from community.models import User
from community.notifications.models import Notification
from practices import flows
from practices.demo import IDEAS
from practices.models import Idea

from .site import browser_test, sign_in

pytestmark = browser_test

CALLBACK = "A callback instead of hold music"
# Arrives overnight, saying what CALLBACK already says.
DUPLICATE = "Ring me back when it is my turn"
RESPONSE = ("The phone system can already hold a caller's place; we are switching call-backs "
            "on for every queue next month.")
MERGE_NOTE = "Same idea as the call-back one; your vote has moved there."
DONE = "Receipts by e-mail"
# Nobody has looked at these yet: the demo ideas with no status change, and the
# duplicate; the demo's own merged duplicate is off the backlog.
UNTRIAGED = {spec.title for spec in IDEAS if not spec.steps and not spec.merge_into} | {DUPLICATE}


def test_operations_triage_the_backlog_and_publish_a_practice(open_page):
    duplicate = a_duplicate_arrives()
    orla = sign_in(open_page(), "ops@example.com", then="/admin/")

    filter_to_untriaged(orla)
    assign_an_owner(orla, [CALLBACK, DUPLICATE])
    answer_publicly(orla, CALLBACK)
    merge(orla, duplicate, into=CALLBACK)
    draft_a_practice(orla, DONE)
    editor_approves(open_page(), DONE)

    what_the_public_sees(open_page(), duplicate)
    what_the_voters_are_told(open_page())


def a_duplicate_arrives():
    kai = User.objects.get(email="kai@example.com")
    sam = User.objects.get(email="sam@example.com")
    duplicate = flows.submit_idea(
        kai, DUPLICATE, problem="I was on hold for half an hour to ask one question.",
        proposal="Take my number and ring me back when I reach the front of the queue.",
        outcome="Customers keep their place without listening to hold music.")
    flows.toggle_vote(duplicate, sam)
    return duplicate


def backlog_rows(page):
    return page.locator("#listing-results tbody tr")


def open_the_backlog(page):
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Ideas backlog").click()


def open_in_backlog(page, title):
    open_the_backlog(page)
    backlog_rows(page).get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def filter_to_untriaged(page):
    open_the_backlog(page)
    triaged = "Let store staff issue refunds at the till"
    expect(page.get_by_role("link", name=triaged)).to_be_visible()

    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name="Untriaged").click()
    page.get_by_label("Untriaged", exact=True).select_option(label="Yes")
    expect(page).to_have_url(re.compile(r"untriaged=true"))

    rows = backlog_rows(page)
    expect(rows).to_have_count(len(UNTRIAGED))
    for title in UNTRIAGED:
        expect(rows.filter(has_text=title)).to_have_count(1)
    expect(rows.filter(has_text=triaged)).to_have_count(0)
    headings = [text.strip() for text in page.locator("#listing-results thead th").all_inner_texts()]
    status = headings.index("Status") + 1
    expect(rows.locator(f"td:nth-child({status})")).to_have_text(["New"] * len(UNTRIAGED))


def assign_an_owner(page, titles):
    rows = backlog_rows(page)
    for title in titles:
        rows.filter(has_text=title).locator("input[data-bulk-action-checkbox]").check()
    page.get_by_role("link", name="Assign an owner to the selected ideas").click()

    expect(page.get_by_role("heading", name="Assign owner")).to_be_visible()
    for title in titles:
        expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_label("Owner").select_option(label="Orla Ops")
    page.get_by_role("button", name="Assign owner").click()

    expect(page.get_by_text(f"{len(titles)} idea(s) given to Orla Ops.")).to_be_visible()
    for title in titles:
        expect(backlog_rows(page).filter(has_text=title)).to_contain_text("Orla Ops")


def answer_publicly(page, title):
    open_in_backlog(page, title)
    # Wagtail marks the required field with an asterisk inside its label.
    page.get_by_role("combobox", name=re.compile(r"^Status")).select_option(label="Planned")
    page.get_by_label("Official response").fill(RESPONSE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Idea “{title}” updated.")).to_be_visible()


def merge(page, duplicate, into):
    open_in_backlog(page, DUPLICATE)
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Merge into…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Merge “{DUPLICATE}”")

    page.get_by_role("button", name="Choose an idea").click()
    modal = page.get_by_role("dialog")
    # The newest idea is listed first, until the search leaves it out.
    expect(modal.get_by_role("link", name=DUPLICATE)).to_be_visible()
    modal.locator("input[name=q]").fill("callback")
    expect(modal.get_by_role("link", name=DUPLICATE)).to_have_count(0)
    modal.get_by_role("link", name=into).click()
    # The chooser now names the idea chosen, in place of its button (looked
    # for there alone: the closing modal may still list the same title).
    expect(page.locator("#id_target-title")).to_have_text(into)
    expect(page.get_by_role("button", name="Choose an idea")).to_be_hidden()
    page.get_by_label("Official response").fill(MERGE_NOTE)
    page.get_by_role("button", name="Merge").click()

    expect(page.get_by_text(f"“{DUPLICATE}” was merged into “{into}”.")).to_be_visible()


def draft_a_practice(page, title):
    open_in_backlog(page, title)
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Publish as practice").click()
    page.get_by_role("button", name="Draft the practice").click()
    expect(page.get_by_text(f"“{title}” is drafted and waits for the")).to_be_visible()


def editor_approves(page, title):
    sign_in(page, "editor@example.com", then="/admin/")
    waiting = page.get_by_role("region", name="Awaiting your review")
    waiting.get_by_role("link", name=title).click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    # Back in the library's pages, where the practice is now marked live.
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row.get_by_role("link", name="Current page status: live")).to_be_visible()


def what_the_public_sees(page, duplicate):
    callback = Idea.objects.get(title=CALLBACK)
    page.goto(callback.get_absolute_url())
    expect(page.locator(".idea-header .badge-status")).to_have_text("Planned")
    timeline = page.get_by_role("region", name="What happened")
    expect(timeline).to_contain_text(RESPONSE)
    expect(timeline).to_contain_text(f"“{DUPLICATE}” merged into this idea")

    page.goto(f"/ideas/{duplicate.pk}/")
    expect(page).to_have_url(re.compile(rf"/ideas/{callback.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(CALLBACK)

    done = Idea.objects.get(title=DONE)
    page.goto(done.get_absolute_url())
    note = page.get_by_role("note").filter(has_text="Published as a practice")
    note.get_by_role("link", name=DONE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DONE)


def told(event, title):
    return set(Notification.objects.filter(event=event, title=title)
               .values_list("recipient__email", flat=True))


def backers(title):
    """Who submitted and voted for a demo idea, as the demo content says; the
    votes of a demo duplicate merged into it count, as they moved there."""
    spec = next(spec for spec in IDEAS if spec.title == title)
    moved = [voter for other in IDEAS if other.merge_into == title for voter in other.voters]
    return {spec.author, *spec.voters, *moved}


def what_the_voters_are_told(page):
    assert told("ideas.status_changed", f"“{CALLBACK}” is now planned") == backers(CALLBACK)
    assert told("ideas.status_changed", f"“{DUPLICATE}” was merged into “{CALLBACK}”") == {
        "kai@example.com", "sam@example.com"}
    practice_notice = f"“{DONE}” is now a practice: “{DONE}”"
    assert told("practices.published", practice_notice) == backers(DONE)
    assert told("practices.published", f"Your practice “{DONE}” is published") == {
        "ops@example.com"}

    # Wren submitted the call-back idea and voted for e-mailed receipts.
    wren = sign_in(page, "worker@example.com", then="/notifications/")
    notices = wren.get_by_role("main")
    expect(notices.get_by_role("link", name=practice_notice)).to_be_visible()
    notices.get_by_role("link", name=f"“{CALLBACK}” is now planned").click()
    expect(wren.get_by_role("heading", level=1)).to_have_text(CALLBACK)
    expect(wren.get_by_role("region", name="What happened")).to_contain_text(RESPONSE)
