"""A frontline worker's day on the site, end to end in a real browser: Wren
answers a customer in the forums, turns the thread into an improvement idea
(spotting a similar idea while typing its title), and sends a practice story to
the editors."""

import re

from playwright.sync_api import expect

from community.notifications.models import Notification
from forum.models import Thread
from practices.models import Idea, PracticePage

from .site import browser_test, sign_in

pytestmark = browser_test

THREAD = "How long does a refund take after a return in store?"
REPLY = ("Casey, if the refund still has not shown by Friday, bring the receipt to the desk "
         "and I will trace it with the bank while you wait.")
# Worded like the customer, and close enough to a demo idea for the form to point it out.
IDEA = "Text me when my refund is on its way"
LIKE_IT = "Text me when a click-and-collect order is ready"
PRACTICE = "Trace a late refund while the customer waits"


def test_a_worker_answers_turns_the_thread_into_an_idea_and_tells_a_practice(open_page):
    wren = sign_in(open_page(), "worker@example.com")
    thread = Thread.objects.get(title=THREAD)

    answer(wren, thread)
    promote(wren, thread)
    propose_a_practice(wren)
    editor_finds_it_waiting(open_page())


def answer(page, thread):
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Post reply").click()

    expect(page.locator(".post-list")).to_contain_text(REPLY)
    # Casey follows her own thread, so she hears of the answer.
    notices = Notification.objects.filter(recipient=thread.author, event="forum.reply")
    assert [notice.title for notice in notices] == [f"Wren Worker replied to “{THREAD}”"]


def promote(page, thread):
    page.get_by_role("link", name="Turn into an idea").click()
    expect(page).to_have_url(re.compile(rf"/ideas/promote/{thread.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(THREAD)

    similar = page.get_by_role("region", name="Ideas and threads like this one")
    # The idea, not the forum thread of the same name that the box lists too.
    like_it = similar.get_by_role("link", name=LIKE_IT).and_(
        page.locator(f'[href="{Idea.objects.get(title=LIKE_IT).get_absolute_url()}"]'))
    # What the thread's own title finds does not include the idea the new title will.
    expect(similar.get_by_role("link").first).to_be_visible()
    expect(like_it).to_have_count(0)

    title = page.get_by_label("Title")
    title.clear()
    title.press_sequentially(IDEA, delay=20)
    expect(like_it).to_be_visible()

    # The customer's own words came over from the thread as the problem.
    expect(page.get_by_label("The problem")).to_have_value(re.compile("took a kettle back"))
    page.get_by_label("The proposal").fill(
        "Send a text when the refund leaves the till, with the date the bank should show it.")
    page.get_by_label("The outcome").fill(
        "Customers know when to expect their money and stop worrying that it was lost.")
    page.get_by_label("Slow response").check()
    page.get_by_role("button", name="Submit idea").click()

    expect(page.get_by_role("heading", level=1, name=IDEA)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/ideas/{Idea.objects.get(title=IDEA).pk}/"))
    evidence = page.get_by_role("region", name="In the forums")
    expect(evidence.get_by_role("link", name=THREAD)).to_be_visible()


def propose_a_practice(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Practices").click()
    page.get_by_role("link", name="Propose a practice").click()
    expect(page).to_have_url(re.compile(r"/propose/$"))

    page.get_by_label("Title").fill(PRACTICE)
    page.get_by_label("Summary").fill(
        "When a refund has not reached the card, the desk traces it with the bank there and "
        "then, instead of sending the customer away to wait.")
    page.get_by_label("The situation").fill(
        "A customer comes back a week after a return: the refund is not on their card and "
        "they think it was never made.")
    page.get_by_label("What we do").fill(
        "Look up the refund on the till, read the bank reference to the customer, and call "
        "the card helpline with them if it is older than five working days.")
    page.get_by_label("The outcome").fill(
        "Customers leave knowing where their money is, and nobody is sent home to wait again.")
    page.get_by_role("button", name="Send to the editors").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Thank you: “{PRACTICE}” is with the editors")
    # Not in the library until an editor publishes it.
    expect(page.get_by_role("link", name=PRACTICE)).to_have_count(0)
    practice = PracticePage.objects.get(title=PRACTICE)
    assert not practice.live
    assert practice.current_workflow_state.status == "in_progress"


def editor_finds_it_waiting(page):
    sign_in(page, "editor@example.com", then="/admin/")
    waiting = page.get_by_role("region", name="Awaiting your review")
    expect(waiting.get_by_role("link", name=PRACTICE)).to_be_visible()
