"""What the browser tests share: how they are marked, how a person signs in
through the site's own form, and the demo content they pick from."""

import re

import pytest

from community.demo import DEMO_PASSWORD
from forum.models import ForumPage, Thread
from practices.models import Idea, IdeasBoardPage, PracticeLibraryPage, PracticePage

# The live server answers from another thread, so what a test writes must be
# committed; serialized_rollback brings back what the migrations made (the
# page tree, the roles, the taxonomy) after the flush of the test before.
browser_test = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CASEY = "customer@example.com"


def sign_in(page, email, password=DEMO_PASSWORD, then="/"):
    page.goto(f"/accounts/login/?next={then}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{then}")
    return page


def visit(page, url):
    """Open `url`, which must answer: a check of an error page proves nothing."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    return page


def first_forum():
    return ForumPage.objects.live().order_by("path").first()


def the_board():
    return IdeasBoardPage.objects.live().get()


def top_idea():
    """The most voted idea on the board (ties go to the oldest, on every database)."""
    return Idea.objects.filter(merged_into=None).order_by("-vote_count", "pk").first()


def an_idea_to_vote_for(email=CASEY):
    """The most voted idea still open to votes that `email` has not voted for."""
    return (Idea.objects.filter(merged_into=None).exclude(status__in=Idea.CLOSED)
            .exclude(votes__user__email=email).order_by("-vote_count", "pk").first())


def vote_button(page, label, idea):
    """The "Vote" or "Voted" button of `idea`. Its title is there for screen
    readers only; the browser puts a space before its colon, as it does for
    any out-of-flow element."""
    return page.get_by_role("button", name=re.compile(rf"^{label}\W+{re.escape(idea.title)}$"))


def main_pages():
    """What anyone may read: one of each kind of page, from the demo."""
    forum = first_forum()
    board = the_board()
    library = PracticeLibraryPage.objects.live().get()
    return {
        "home": "/",
        "forum index": forum.get_parent().url,
        "forum": forum.url,
        "thread": Thread.objects.filter(solution__isnull=False).order_by("pk").first()
        .get_absolute_url(),
        "ideas board": board.url,
        "idea": top_idea().get_absolute_url(),
        "roadmap": f"{board.url}roadmap/",
        "library": library.url,
        "practice": PracticePage.objects.live().child_of(library).order_by("pk").first().url,
        "search": "/search/?q=refund",
        "topics": "/topics/",
    }
