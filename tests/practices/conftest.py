"""Idea fixtures: an idea submitted by a worker, and forum threads to back ideas with."""

import pytest

from community.models import User
from practices import flows
from tests.forum.conftest import forum, forum_index, make_forum, thread  # noqa: F401


@pytest.fixture
def idea(worker):
    return flows.submit_idea(
        worker, "Tell people where their refund is",
        problem="I returned a kettle two weeks ago and have heard nothing.",
        proposal="Send a message at each step of a refund.",
        outcome="Customers know when their money comes back without having to ask.",
    )


@pytest.fixture
def make_voters(make_person):
    """`make_voters(count, prefix, *roles)`: people who can vote, in the given roles."""

    def make(count, prefix, *person_roles):
        return [make_person(f"{prefix}{n}@example.com", *person_roles) for n in range(count)]

    return make


def fresh(idea):
    return type(idea).objects.get(pk=idea.pk)


def voters_of(idea):
    return set(User.objects.filter(pk__in=idea.votes.values("user_id")))
