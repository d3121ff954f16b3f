"""A customer's first day, in the browser: join, ask, hear back from a worker,
accept the answer, vote on an idea and find it again."""

import re

from django.core import mail
from playwright.sync_api import expect

from forum.models import Thread
from tests.signup import NEW_PASSWORD, code_from

from .site import an_idea_to_vote_for, browser_test, first_forum, sign_in, vote_button

pytestmark = browser_test

NORA = "nora@example.net"
QUESTION = "Can I swap a gift jumper for a bigger size after Christmas?"
ANSWER = "Yes: bring it with the gift receipt before the end of January and the desk swaps it."


def join(page, email, name):
    """Sign up through the site's form and confirm the address with the code
    the site e-mails."""
    page.goto("/")
    page.get_by_role("link", name="Join", exact=True).click()
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()

    (message,) = [m for m in mail.outbox if email in m.to]
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(code_from(message))
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()


def test_a_customer_joins_asks_accepts_an_answer_votes_and_finds_the_idea_again(open_page):
    customer = open_page()
    join(customer, NORA, "Nora Newcomer")
    expect(customer.get_by_role("link", name=re.compile("Nora Newcomer"))).to_be_visible()

    # She asks in a forum.
    customer.goto(first_forum().url)
    customer.get_by_role("link", name="Start a thread").click()
    customer.get_by_label("Title").fill(QUESTION)
    customer.get_by_label("Your post").fill("It was a present and the tags are still on.")
    customer.get_by_role("button", name="Post thread").click()
    expect(customer.get_by_role("heading", level=1)).to_have_text(QUESTION)
    thread = Thread.objects.get(title=QUESTION, author__email=NORA)
    thread_url = thread.get_absolute_url()
    expect(customer).to_have_url(re.compile(re.escape(thread_url)))

    # The demo worker answers her, from a browser of his own.
    worker = sign_in(open_page(), "worker@example.com")
    worker.goto(thread_url)
    worker.get_by_label("Your reply").fill(ANSWER)
    worker.get_by_role("button", name="Post reply").click()
    expect(worker.get_by_text(ANSWER)).to_be_visible()

    # The bell tells her; the notice leads to the answer.
    customer.reload()
    bell = customer.get_by_role("link", name=re.compile(r"Notifications, 1 unread"))
    expect(bell).to_be_visible()
    bell.click()
    customer.get_by_role("link", name=f"Unread: Wren Worker replied to “{QUESTION}”").click()
    expect(customer.get_by_text(ANSWER)).to_be_visible()

    # She accepts it: the thread is solved, with the answer right under the question.
    customer.get_by_role("button", name=re.compile("Mark as solution")).click()
    solution = customer.get_by_role("region", name=re.compile("The reply that answered this"))
    expect(solution).to_contain_text(ANSWER)

    # She votes for an idea on the board.
    idea = an_idea_to_vote_for(NORA)
    customer.goto("/ideas/")
    customer.get_by_role("link", name=idea.title, exact=True).first.click()
    vote_button(customer, "Vote", idea).click()
    voted = vote_button(customer, "Voted", idea)
    expect(voted).to_have_attribute("aria-pressed", "true")
    votes = f"{idea.vote_count + 1} votes"
    expect(customer.locator(".idea-vote-count")).to_have_text(votes)

    # Later, the header search finds it again, suggesting it as she types.
    customer.goto("/")
    box = customer.get_by_role("searchbox", name="Search")
    box.press_sequentially(" ".join(idea.title.split()[:3]), delay=20)
    suggestions = customer.get_by_role("list", name="Suggestions")
    suggestion = suggestions.get_by_role("link", name=re.compile(re.escape(idea.title)))
    expect(suggestion).to_be_visible()
    box.press("Enter")
    expect(customer).to_have_url(re.compile(r"/search/\?q="))
    customer.get_by_role("main").get_by_role("link", name=idea.title, exact=True).click()
    expect(voted).to_have_attribute("aria-pressed", "true")
    expect(customer.locator(".idea-vote-count")).to_have_text(votes)
