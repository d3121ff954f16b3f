"""Forum fixtures: a forum index with forums in the page tree, and threads in them."""

import pytest

from community.models import HomePage
from forum import flows
from forum.models import ForumIndexPage, ForumPage


@pytest.fixture
def forum_index(db):
    home = HomePage.objects.get()
    index = ForumIndexPage(title="Forums", slug="forums")
    home.add_child(instance=index)
    return index


@pytest.fixture
def make_forum(forum_index):
    def make(title="Getting help", description="Questions about anything"):
        forum = ForumPage(title=title, slug=title.lower().replace(" ", "-"), description=description)
        forum_index.add_child(instance=forum)
        return forum

    return make


@pytest.fixture
def forum(make_forum):
    return make_forum()


@pytest.fixture
def thread(forum, customer):
    return flows.start_thread(
        forum=forum, author=customer, title="Where is my refund?",
        body="I returned a kettle two weeks ago and have heard nothing.",
    )
