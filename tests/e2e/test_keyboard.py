"""A customer who uses only the keyboard, with JavaScript on: from the top of
a page, Tab reaches what they came for, every stop on the way shows where
focus is, and Enter or Space does what a click would. When HTMX swaps a
button in place, focus stays on it."""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from forum.models import Thread

from .site import CASEY, an_idea_to_vote_for, browser_test, sign_in, vote_button

pytestmark = browser_test

# A thread page has some 25 tab stops before its reply box; far more means
# something is trapping or repeating focus.
MOST_TABS = 80

# What a keyboard user sees of the focused element: its name, and whether a
# ring (outline or shadow) marks it.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    name: (el.getAttribute("aria-label") || label || el.innerText || el.value || el.id || "")
      .replace(/\\s+/g, " ").trim(),
    ring: el.matches(":focus-visible") && (
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none"),
  };
}"""
# Whether the focused element is big enough to see and inside the window. The
# page scrolls smoothly to it, so this is waited for, not read at once.
IN_SIGHT = """() => {
  const box = document.activeElement.getBoundingClientRect();
  return box.width > 4 && box.height > 4 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
}"""
SCROLL_MS = 3_000


def focused(page):
    return page.evaluate(FOCUS)


def assert_focus_shows(page, where):
    """That a keyboard user can see where focus is; returns what has it."""
    stop = focused(page)
    assert stop is not None, f"focus left the page {where}"
    assert stop["ring"], f"the focused {stop['tag']} “{stop['name']}” has no focus ring {where}"
    try:
        page.wait_for_function(IN_SIGHT, timeout=SCROLL_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"the focused {stop['tag']} “{stop['name']}” cannot be seen {where}") from None
    return stop


def has_focus(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, target, most=MOST_TABS):
    """Press Tab until `target` has focus, checking at every stop on the way
    that focus can be seen. Returns the names of the stops passed."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        stop = assert_focus_shows(page, f"after {passed}")
        if has_focus(target):
            return passed
        passed.append(stop["name"])
    raise AssertionError(f"{most} presses of Tab never reached {target}; passed {passed}")


def test_replying_to_a_thread_with_the_keyboard(open_page):
    thread = Thread.objects.get(title="Self-checkout asks for staff approval for every bagged item")
    page = sign_in(open_page(), CASEY, then=thread.get_absolute_url())

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert has_focus(skip), f"the first Tab went to {focused(page)}, not the skip link"
    assert_focus_shows(page, "on the first Tab")
    expect(skip).to_be_in_viewport()

    box = page.get_by_role("textbox", name="Your reply")
    passed = tab_to(page, box)
    # Focus moves in reading order: the thread's header, then its posts, then the box.
    assert passed.index("Follow") < passed.index("Helpful : post 1"), passed

    reply = "Thanks, Tom. Scanning the bag's barcode first stops the approvals."
    page.keyboard.type(reply)
    expect(box).to_have_value(reply)
    send = page.get_by_role("button", name="Post reply")
    tab_to(page, send, most=1)
    page.keyboard.press("Enter")

    posts = page.locator(".post-list > li")
    expect(posts).to_have_count(2)
    expect(posts.nth(1)).to_contain_text("Casey Customer")
    expect(posts.nth(1)).to_contain_text(reply)
    expect(page).to_have_url(re.compile(r"#post-\d+$"))


def test_following_and_marking_helpful_keep_focus_on_the_button(open_page):
    thread = Thread.objects.get(title="Can I return a gift without the receipt?")
    answer = thread.posts.get(number=2)
    page = sign_in(open_page(), CASEY, then=thread.get_absolute_url())

    follow = page.get_by_role("button", name="Follow", exact=True)
    tab_to(page, follow)
    page.keyboard.press("Enter")
    unfollow = page.get_by_role("button", name="Unfollow")
    expect(unfollow).to_be_visible()
    expect(page.get_by_text("You are told about new replies.")).to_be_visible()
    # HTMX replaced the button: focus must not drop back to the page.
    expect(unfollow).to_be_focused()
    assert_focus_shows(page, "after following")

    post = page.locator(f"#post-{answer.pk}")
    helpful = post.get_by_role("button", name=re.compile(r"^Helpful\W+post 2$"))
    marks = answer.helpful_count
    expect(post.locator(".helpful-count")).to_have_text(f"{marks} found this helpful")
    tab_to(page, helpful)
    page.keyboard.press("Space")
    expect(post.locator(".helpful-count")).to_have_text(f"{marks + 1} found this helpful")
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_be_focused()
    assert_focus_shows(page, "after marking helpful")

    # Pressed again, from where focus stayed, it takes the mark back. HTMX
    # wires up the new button once the swap settles, some milliseconds on;
    # a press before that is an ordinary form post, which reloads the page.
    expect(post.locator(".helpful")).not_to_have_class(re.compile(r"\bhtmx-settling\b"))
    page.keyboard.press("Enter")
    expect(post.locator(".helpful-count")).to_have_text(f"{marks} found this helpful")
    expect(helpful).to_have_attribute("aria-pressed", "false")
    expect(helpful).to_be_focused()


def test_voting_for_an_idea_with_the_keyboard(open_page):
    idea = an_idea_to_vote_for()
    votes = idea.vote_count
    page = sign_in(open_page(), CASEY, then=idea.get_absolute_url())
    count = page.locator(".idea-vote-count")
    expect(count).to_have_text(f"{votes} votes")

    # The skip link takes a keyboard user past the header in one step.
    page.keyboard.press("Tab")
    assert has_focus(page.get_by_role("link", name="Skip to content"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    vote = vote_button(page, "Vote", idea)
    passed = tab_to(page, vote)
    assert "Sign out" not in passed, "Tab went back through the header after the skip link"
    expect(vote).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Space")

    voted = vote_button(page, "Voted", idea)
    expect(count).to_have_text(f"{votes + 1} votes")
    expect(voted).to_have_attribute("aria-pressed", "true")
    # HTMX replaced the button: focus must not drop back to the page.
    expect(voted).to_be_focused()
    assert_focus_shows(page, "after voting")
    page.reload()
    expect(count).to_have_text(f"{votes + 1} votes")
    expect(voted).to_have_attribute("aria-pressed", "true")


def test_marking_a_notification_read_keeps_the_keyboard_in_place(open_page):
    page = sign_in(open_page(), CASEY, then="/notifications/")
    unread = page.locator(".notification.unread").first
    first = page.locator(f"#{unread.get_attribute('id')}")
    mark_read = first.get_by_role("button", name=re.compile(r"^Mark read"))
    tab_to(page, mark_read)
    page.keyboard.press("Enter")

    marked = first.get_by_text("Marked read", exact=True)
    expect(marked).to_be_focused()
    expect(first).not_to_have_class(re.compile(r"\bunread\b"))
    # The next Tab goes on to the next notification, not back to the top.
    page.keyboard.press("Tab")
    expect(page.locator(".notification").nth(1).get_by_role("link").first).to_be_focused()
