"""The demo practice library: published, credited, counted true, and seeded once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from community import roles
from practices.demo import PRACTICES
from practices.models import (
    Idea, PracticeContributor, PracticeLibraryPage, PracticePage, PracticeRating,
)


def seed():
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())


def snapshot():
    return {
        "pages": list(PracticePage.objects.order_by("pk").values_list("pk", "title", "live",
                                                                      "helpful_count")),
        "libraries": PracticeLibraryPage.objects.count(),
        "ratings": PracticeRating.objects.count(),
        "credits": PracticeContributor.objects.count(),
        "revisions": sum(page.revisions.count() for page in PracticePage.objects.all()),
    }


@pytest.fixture
def seeded(db):
    seed()


def test_seeding_twice_creates_no_second_practice(seeded):
    before = snapshot()
    seed()
    assert snapshot() == before
    assert before["libraries"] == 1 and len(before["pages"]) == len(PRACTICES)


def test_demo_practices_are_published_credited_and_counted_true(seeded):
    practices = PracticePage.objects.annotate(rows=Count("ratings"))
    assert all(page.live and page.has_unpublished_changes is False for page in practices)
    assert all(page.helpful_count == page.rows for page in practices)
    assert PracticeRating.objects.count() >= 2
    for credit in PracticeContributor.objects.select_related("user"):
        assert roles.has_role(credit.user, roles.WORKER), credit.user
    money_back = PracticePage.objects.get(title="Money back without the wait")
    assert set(money_back.tags.names()) >= {"refunds", "returns"}
    born = PracticePage.objects.filter(source_idea__isnull=False)
    assert born.count() >= 2
    assert set(born.values_list("source_idea__status", flat=True)) == {Idea.Status.DONE}


def test_demo_has_a_retired_practice_pointing_to_its_replacement(seeded):
    retired = PracticePage.objects.get(retired=True)
    assert retired.replaced_by.title == "Money back without the wait"


def test_demo_library_lists_the_practices(seeded, client):
    library = PracticeLibraryPage.objects.get()
    response = client.get(library.url + "?tag=refunds")
    assert response.status_code == 200
    assert "Money back without the wait" in response.content.decode()
