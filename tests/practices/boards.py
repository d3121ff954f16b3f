"""Fixtures for the public ideas board, imported by the board's test modules."""

import pytest

from community.models import HomePage
from practices import flows
from practices.models import IdeasBoardPage


@pytest.fixture
def board(db):
    page = IdeasBoardPage(title="Ideas", slug="ideas")
    HomePage.objects.get().add_child(instance=page)
    return page


@pytest.fixture
def make_idea(worker):
    def make(title="An idea", author=None, **fields):
        text = {"problem": f"Problem of {title}", "proposal": "A proposal", "outcome": "An outcome"}
        return flows.submit_idea(author or worker, title, **{**text, **fields})

    return make


def idea_url(idea):
    return f"/ideas/{idea.pk}/{idea.slug}/"
