"""A common word at scale, on every backend: a search ranks, counts and pages
through the best results up to a cap (SEARCH_RESULTS_CAP, small here) and says
"5+" past it, the best match comes first wherever it sits in time, and the
facets count among those results."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from search import query
from search.models import SearchEntry

from .helpers import document, refresh, results

NOW = datetime.now(UTC)


@pytest.fixture
def cap(settings):
    settings.SEARCH_RESULTS_CAP = 5
    return 5


def parcels(count, kind="thread", start=1, **fields):
    return [document(kind, n, f"Parcel question {n}", "Where is my parcel?",
                     created_at=NOW - timedelta(hours=n), **fields)
            for n in range(start, start + count)]


@pytest.mark.django_db
def test_more_matches_than_the_cap_count_as_the_cap_and_more(search_backend, cap):
    search_backend.index(parcels(8))
    refresh(search_backend)
    first = query.search("parcel", per_page=2)
    assert (first.total, first.total_is_lower_bound) == (cap, True)
    # Pages stop at the cap: a page past it shows the last one.
    last = query.search("parcel", page=9, per_page=2)
    assert last.query.page == 3 and len(last.hits) == 1
    pages = [query.search("parcel", page=n, per_page=2).hits for n in (1, 2, 3)]
    assert len({(hit.kind, hit.pk) for page in pages for hit in page}) == cap


@pytest.mark.django_db
def test_as_many_matches_as_the_cap_are_counted_exactly(search_backend, cap):
    search_backend.index(parcels(cap))
    answer = results(search_backend, "parcel")
    assert (answer.total, answer.total_is_lower_bound) == (cap, False)
    assert {value.label: (value.count, value.count_is_lower_bound)
            for value in answer.facets["kind"]} == {"thread": (cap, False)}


@pytest.mark.django_db
def test_the_best_match_comes_first_though_many_newer_ones_mention_it(search_backend, cap):
    about = document("thread", 1, "Parcel lost in the post", "My parcel never came.",
                     created_at=NOW - timedelta(days=400))
    mentions = [document("post", 100 + n, "Re: Opening hours", f"Also, my parcel came late {n}.",
                         created_at=NOW - timedelta(hours=n), own_title=False)
                for n in range(12)]
    search_backend.index([about, *mentions])
    assert [(hit.kind, hit.pk) for hit in results(search_backend, "parcel").hits][:1] == [
        ("thread", 1)]


@pytest.mark.django_db
def test_facets_count_among_the_capped_results(search_backend, cap):
    search_backend.index(parcels(6, facets={"forum": ["Billing"]})
                         + parcels(3, kind="idea", start=20, facets={"status": ["New"]}))
    answer = results(search_backend, "parcel")
    kinds = {value.label: (value.count, value.count_is_lower_bound)
             for value in answer.facets["kind"]}
    # Among the five best results, every count is at least what is shown.
    assert sum(count for count, _ in kinds.values()) == cap
    assert all(more for _, more in kinds.values())
    # Choosing a kind counts the others without that choice, also capped.
    ideas = results(search_backend, "parcel", {"kind": ["idea"]})
    assert (ideas.total, ideas.total_is_lower_bound) == (3, False)
    chosen = {value.label: (value.count, value.selected) for value in ideas.facets["kind"]}
    assert chosen["idea"][1] and sum(count for count, _ in chosen.values()) == cap
    assert {value.label: value.count for value in ideas.facets["status"]} == {"New": 3}


@pytest.mark.django_db
def test_the_search_page_says_1000_plus_and_pages_within_them(client):
    SearchEntry.objects.bulk_create([
        SearchEntry.from_document(document("thread", n, f"Voucher question {n}",
                                           "A voucher that will not scan.",
                                           facets={"forum": ["Billing"]}))
        for n in range(1, 1003)])
    page = client.get("/search/", {"q": "voucher"}).content.decode()
    assert "1,000+ results for “voucher”" in page
    assert "Billing <span class=\"meta\">(1,000+)</span>" in page
    # Twenty a page: the pages end at the fiftieth, and a later one shows it.
    assert re.findall(r"page=(\d+)", page)[-2:] == ["50", "2"]
    later = client.get("/search/", {"q": "voucher", "page": "51"}).content.decode()
    assert '<span class="visually-hidden">Page </span>50</span>' in later
    assert "page=51" not in later
