"""Fixtures for the practice library, imported by its test modules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import HomePage
from practices.models import PracticeContributor, PracticeLibraryPage, PracticePage

TEXT = {
    "summary": "Staff fix it the same evening.",
    "situation": "<p>A guest finds the shower cold at 7.30 pm.</p>",
    "what_we_do": "<p>Reception calls the on-call technician straight away.</p>",
    "outcome": "<p>The guest has a hot shower by 8.15 pm.</p>",
}


@pytest.fixture
def library(db):
    page = PracticeLibraryPage(title="Practice library", slug="practices")
    HomePage.objects.get().add_child(instance=page)
    return page


@pytest.fixture
def make_practice(library):
    """`make_practice(title, ...)`: a practice published through a revision, as an
    editor's is; `days_ago` dates its first publication back, `publish=False`
    leaves it a draft."""

    def make(title="A practice", *, contributors=(), barriers=(), tags=(), days_ago=0,
             publish=True, **fields):
        page = PracticePage(title=title, live=False, **{**TEXT, **fields})
        page.barriers = list(barriers)
        page.contributors = [PracticeContributor(user=person) for person in contributors]
        page.tags.add(*tags)
        library.add_child(instance=page)
        if publish:
            page.save_revision().publish()
            published = timezone.now() - timedelta(days=days_ago)
            PracticePage.objects.filter(pk=page.pk).update(first_published_at=published)
        return PracticePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def practice(make_practice):
    return make_practice("Fix it the same evening")
