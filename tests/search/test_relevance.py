"""Relevance, tested: a labelled set of queries over the demo content, each with
the results that must be among its top three, on every backend."""

import pytest
from django.core.management import call_command

from search.backends.base import Query

from .helpers import refresh

# query -> titles that must all be in the top 3
LABELLED = {
    "money back": ["How long does a refund take after a return in store?",
                   "Money back without the wait"],
    "card machine": ["The card machine at till 3 keeps failing contactless"],
    "hold music": ["A callback instead of hold music"],
    "self-checkout bag": ["Self-checkout asks for staff approval for every bagged item",
                          "Let self-checkouts trust my own bag"],
    "quiet hour": ["A quiet hour for customers with sensory needs", "A quiet hour every week"],
    "phone charger": ["Spare phone chargers at the help desk", "Chargers at every help desk"],
    "gift without receipt": ["Can I return a gift without the receipt?"],
    "bank holiday": ["Are you open on the bank holiday Monday?"],
    "membership renews": ["Remind me before my membership renews"],
    "faulty item": ["Swap a faulty item on the spot",
                    "Let staff replace a faulty item on the spot"],
}


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.django_db
def test_labelled_queries_find_their_targets_in_the_top_three(search_backend, demo):
    refresh(search_backend)
    misses = {}
    for text, wanted in LABELLED.items():
        top = [hit.title for hit in search_backend.search(Query(text=text, per_page=3)).hits]
        if not set(wanted) <= set(top):
            misses[text] = top
    assert misses == {}
