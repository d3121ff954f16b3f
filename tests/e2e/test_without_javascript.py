"""With JavaScript off, a signed-in customer can still read everything, post,
reply, vote and mark a reply helpful: HTMX only enhances plain forms, so each
of these is an ordinary page load. A form sent with bad input comes back with
the reason at the field and the text still in it."""

import re

from playwright.sync_api import expect

from forum.models import Post, Thread
from practices.models import Idea, PracticePage

from .site import CASEY, an_idea_to_vote_for, browser_test, sign_in, top_idea, vote_button

pytestmark = browser_test



def customer_without_javascript(open_page, then="/"):
    page = sign_in(open_page(javascript=False), CASEY, then=then)
    # Each test here means something only if no script ran: had htmx loaded,
    # it would have taken over the forms.
    assert page.evaluate("typeof window.htmx") == "undefined"
    return page


def field(page, label):
    """The block around one form field: its label, error, input and help."""
    return page.locator(".field").filter(has=page.get_by_label(label, exact=True))


def test_reading_the_forums_ideas_library_and_search(open_page):
    page = customer_without_javascript(open_page, then="/forums/")
    expect(page.get_by_role("heading", level=1, name="Forums")).to_be_visible()

    page.get_by_role("link", name="Getting help", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Getting help")).to_be_visible()
    question = "How long does a refund take after a return in store?"
    page.get_by_role("link", name=question).click()
    expect(page.get_by_role("heading", level=1, name=question)).to_be_visible()
    posts = page.locator(".post-list > li")
    expect(posts).to_have_count(Thread.objects.get(title=question).posts.count())
    expect(posts.nth(0)).to_contain_text("nothing has shown up on my card yet")
    expect(posts.nth(1)).to_contain_text("Wren Worker")
    expect(posts.nth(1)).to_contain_text("banks take 3 to 5 working days")
    expect(posts.nth(2)).to_contain_text("It arrived this morning.")
    expect(page.get_by_role("heading", name="The reply that answered this")).to_be_visible()

    page.goto("/ideas/")
    expect(page.get_by_role("heading", level=1, name="Ideas")).to_be_visible()
    top = top_idea()
    page.get_by_role("link", name=top.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=top.title)).to_be_visible()
    expect(page.get_by_role("heading", name="The problem")).to_be_visible()
    expect(page.locator(".idea-vote-count")).to_have_text(f"{top.vote_count} votes")

    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1, name="Practice library")).to_be_visible()
    practice = PracticePage.objects.live().order_by("pk").first()
    page.get_by_role("link", name=practice.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=practice.title)).to_be_visible()
    expect(page.get_by_role("heading", name="What we do")).to_be_visible()


def test_searching_and_narrowing_the_results(open_page):
    page = customer_without_javascript(open_page)
    # The header's box has no visible button: Enter sends it, as in any form.
    page.get_by_role("searchbox", name="Search", exact=True).fill("refund")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=refund$"))
    count = page.locator("#search-results-heading")
    expect(count).to_have_text(re.compile(r"^\d+ results? for “refund”$"))
    everything = int(count.inner_text().split()[0])
    assert everything > 1

    facets = page.get_by_role("form", name="Narrow the results")
    kinds = facets.get_by_role("group", name="Type")
    choice = kinds.get_by_role("checkbox").first
    label = choice.locator("xpath=..").inner_text()  # "Threads (4)"
    expected = int(re.search(r"\((\d+)\)", label).group(1))
    assert expected < everything, "narrowing by one type should leave fewer results"
    kind = label.split("(")[0].strip()
    choice.check()
    facets.get_by_role("button", name="Apply").click()

    expect(count).to_have_text(re.compile(rf"^{expected} results? for “refund”$"))
    expect(page.get_by_role("form", name="Narrow the results")
           .get_by_role("checkbox", name=kind)).to_be_checked()
    # Every hit on the page is of the chosen type (a page holds 20).
    expect(page.locator(".search-hit-kind")).to_have_text([kind] * min(expected, 20))


def test_starting_a_thread(open_page):
    page = customer_without_javascript(open_page, then="/forums/getting-help/")
    page.get_by_role("link", name="Start a thread").click()
    heading = page.get_by_role("heading", level=1, name="Start a thread in Getting help")
    expect(heading).to_be_visible()

    title = "Does the loyalty card work at the airport shop?"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Your post").fill("I fly next week and would love to **use my points**.")
    page.get_by_label("Tags").fill("loyalty, travel")
    page.get_by_label("Where are you in your journey?").select_option(label="Buy")
    page.get_by_role("button", name="Post thread").click()

    expect(page).to_have_url(re.compile(r"/t/\d+/"))
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    opening = page.locator(".post-list > li").first
    expect(opening).to_contain_text("Casey Customer")
    expect(opening.locator("strong", has_text="use my points")).to_be_visible()
    topics = page.locator("header .thread-topics")
    expect(topics).to_contain_text("Buy")
    expect(topics).to_contain_text("loyalty")
    expect(topics).to_contain_text("travel")
    assert Thread.objects.filter(title=title, author__email=CASEY).count() == 1


def test_a_thread_without_a_title_comes_back_with_the_text_kept(open_page):
    page = customer_without_javascript(open_page, then="/forums/getting-help/new/")
    body = "My receipt faded in the sun.\n\nCan you still find the purchase from my card?"
    page.get_by_label("Title").fill("   ")
    page.get_by_label("Your post").fill(body)
    page.get_by_label("Tags").fill("receipts")
    page.get_by_role("button", name="Post thread").click()

    summary = page.get_by_role("alert").filter(has_text="Please check the form")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Title: Give your thread a title.")).to_be_visible()
    title = page.get_by_label("Title")
    expect(field(page, "Title").locator(".error")).to_have_text("Error: Give your thread a title.")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("Give your thread a title."))
    expect(page.get_by_label("Your post")).to_have_value(body)
    expect(page.get_by_label("Tags")).to_have_value("receipts")
    assert not Thread.objects.filter(posts__body=body).exists()

    # Fixing the one field is all it takes.
    fixed = "Lost receipt: can you find my purchase?"
    title.fill(fixed)
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1, name=fixed)).to_be_visible()
    expect(page.locator(".post-list")).to_contain_text("Can you still find the purchase")


def test_replying_with_a_preview_first(open_page):
    thread = Thread.objects.get(title="Self-checkout asks for staff approval for every bagged item")
    page = customer_without_javascript(open_page, then=thread.get_absolute_url())
    posts = page.locator(".post-list > li")
    before = thread.posts.count()
    expect(posts).to_have_count(before)

    # An empty reply is refused at the field, and nothing is posted.
    page.get_by_role("button", name="Post reply").click()
    error = field(page, "Your reply").locator(".error")
    expect(error).to_have_text("Error: Write something to post.")
    expect(page.get_by_label("Your reply")).to_have_attribute("aria-invalid", "true")
    expect(posts).to_have_count(before)

    reply = "Same here. Putting the bag on the scale **before** the first item stops it."
    page.get_by_label("Your reply").fill(reply)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#reply-preview")
    expect(preview.locator("strong", has_text="before")).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_value(reply)
    expect(posts).to_have_count(before)

    page.get_by_role("button", name="Post reply").click()
    expect(posts).to_have_count(before + 1)
    expect(posts.last).to_contain_text("Casey Customer")
    expect(posts.last).to_contain_text("Putting the bag on the scale before the first item")
    expect(page).to_have_url(re.compile(r"#post-\d+$"))
    # The box is empty again, ready for another reply, not holding the one just sent.
    expect(page.get_by_label("Your reply")).to_have_value("")


def test_marking_a_reply_helpful(open_page):
    thread = Thread.objects.get(title="Can I return a gift without the receipt?")
    answer = thread.posts.get(number=2)
    page = customer_without_javascript(open_page, then=thread.get_absolute_url())
    post = page.locator(f"#post-{answer.pk}")
    button = post.get_by_role("button", name=re.compile(r"^Helpful\W+post 2$"))
    marks = answer.helpful_count
    expect(post.locator(".helpful-count")).to_have_text(f"{marks} found this helpful")
    expect(button).to_have_attribute("aria-pressed", "false")

    button.click()
    expect(post.locator(".helpful-count")).to_have_text(f"{marks + 1} found this helpful")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(post.locator(".helpful-count")).to_have_text(f"{marks + 1} found this helpful")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert Post.objects.get(pk=answer.pk).reactions.filter(user__email=CASEY).exists()


def test_voting_for_an_idea_and_taking_the_vote_back(open_page):
    idea = an_idea_to_vote_for()
    votes = idea.vote_count
    page = customer_without_javascript(open_page, then=idea.get_absolute_url())
    count = page.locator(".idea-vote-count")
    button = vote_button(page, "Vote", idea)
    expect(count).to_have_text(f"{votes} votes")
    expect(button).to_have_attribute("aria-pressed", "false")

    button.click()
    voted = vote_button(page, "Voted", idea)
    expect(count).to_have_text(f"{votes + 1} votes")
    expect(voted).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(re.escape(idea.get_absolute_url()) + "$"))
    page.reload()
    expect(count).to_have_text(f"{votes + 1} votes")
    expect(voted).to_have_attribute("aria-pressed", "true")

    voted.click()
    expect(count).to_have_text(f"{votes} votes")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert Idea.objects.get(pk=idea.pk).vote_count == votes
