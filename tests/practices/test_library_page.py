"""The practice library: what it lists, in which order, filtered how, and at what cost."""

import pytest
from wagtail.models import PageViewRestriction

from community import roles
from community.models import Barrier, JourneyStage
from practices.queries import library as queries
from practices.models import PracticePage
from tests.pages import queries_on
from tests.paging import walk


def titles(response):
    assert response.status_code == 200
    return [practice.title for practice in response.context["page_obj"]]


@pytest.mark.django_db
def test_newest_first_and_retired_practices_last(client, library, make_practice):
    old = make_practice("Old", days_ago=30)
    new = make_practice("New", days_ago=1)
    gone = make_practice("Gone", days_ago=0)
    PracticePage.objects.filter(pk=gone.pk).update(retired=True, replaced_by=new)
    assert titles(client.get(library.url)) == ["New", "Old", "Gone"]
    html = client.get(library.url).content.decode()
    assert "Retired" in html and f'Replaced by <a href="{new.url}">New</a>' in html
    assert old.url in html


@pytest.mark.django_db
def test_most_helpful_first(client, library, make_practice):
    make_practice("Liked", days_ago=5)
    make_practice("Loved", days_ago=4)
    make_practice("Ignored", days_ago=1)
    PracticePage.objects.filter(title="Liked").update(helpful_count=2)
    PracticePage.objects.filter(title="Loved").update(helpful_count=7)
    assert titles(client.get(library.url + "?sort=helpful")) == ["Loved", "Liked", "Ignored"]


@pytest.mark.django_db
def test_drafts_unpublished_and_restricted_practices_are_never_listed(
        client, library, make_practice):
    make_practice("Public")
    make_practice("Draft", publish=False)
    make_practice("Withdrawn").unpublish()
    private = make_practice("Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles(client.get(library.url)) == ["Public"]
    assert list(queries.readable_practices().values_list("title", flat=True)) == ["Public"]


@pytest.mark.django_db
def test_filters_by_stage_barrier_and_tag(client, library, make_practice):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    make_practice("Plain")
    make_practice("Staged", journey_stage=stage)
    make_practice("Barred", barriers=[barrier])
    make_practice("Tagged", tags=["opening hours"])
    assert titles(client.get(library.url + f"?stage={stage.slug}")) == ["Staged"]
    assert titles(client.get(library.url + f"?barrier={barrier.slug}")) == ["Barred"]
    assert titles(client.get(library.url + "?tag=Opening+hours")) == ["Tagged"]
    assert titles(client.get(library.url + "?tag=opening-hours")) == ["Tagged"]
    assert titles(client.get(library.url + "?tag=nothing-like-it")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "?stage=nonsense", "?barrier=%00", "?sort=oldest", "?sort=", "?after=abc", "?before=-1",
    "?after=e30.AAAA&before=", "?page=1", "?stage=&barrier=&tag=",
])
def test_bad_filter_sort_and_cursor_values_are_ignored(client, library, make_practice, query):
    make_practice("One", days_ago=2)
    make_practice("Two", days_ago=1)
    assert titles(client.get(library.url + query)) == ["Two", "One"]


@pytest.mark.django_db
def test_pages_by_twenty(client, library, make_practice):
    for n in range(queries.PRACTICES_PER_PAGE + 1):
        make_practice(f"Practice {n}", days_ago=n)
    first = client.get(library.url)
    assert len(titles(first)) == queries.PRACTICES_PER_PAGE
    older = {"after": first.context["page_obj"].next_cursor}
    assert titles(client.get(library.url, older)) == [f"Practice {queries.PRACTICES_PER_PAGE}"]
    # Numbered pages are no more: their old links lead to the first page.
    response = client.get(library.url + "?sort=helpful&page=2")
    assert response.status_code == 302 and response["Location"] == f"{library.url}?sort=helpful"


@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(queries.SORTS))
def test_next_and_previous_lead_through_every_practice_once(client, library, make_practice,
                                                            monkeypatch, sort):
    # Pages of three, so a few practices make several pages.
    monkeypatch.setattr(queries, "PRACTICES_PER_PAGE", 3)
    practices = [make_practice(f"Practice {n}", days_ago=n % 4) for n in range(10)]
    moment = practices[0].first_published_at
    for n, practice in enumerate(practices):
        PracticePage.objects.filter(pk=practice.pk).update(
            helpful_count=n % 2, retired=n in (2, 7), first_published_at=moment
            if n in (3, 4, 5) else None if n in (6, 7) else practice.first_published_at)

    def place(practice):
        published = practice.first_published_at
        return (practice.retired, published is None, -(published.timestamp() if published else 0),
                -practice.pk) if sort == "newest" else (
                practice.retired, -practice.helpful_count, -practice.pk)

    def listed(page):
        return [a["href"] for a in page.select(".practice-card-title a")]

    expected = [p.url for p in sorted(PracticePage.objects.all(), key=place)]
    forward, last = walk(client, f"{library.url}?sort={sort}", "next")
    assert [url for page in forward for url in listed(page)] == expected
    back, _ = walk(client, last, "prev")
    assert [listed(page) for page in reversed(back)] == [listed(page) for page in forward]


@pytest.mark.django_db
def test_taxonomy_chips_link_to_the_filtered_library(client, library, make_practice):
    stage = JourneyStage.objects.get(slug="get-help")
    make_practice("Refunds", journey_stage=stage, tags=["refunds"])
    html = client.get(library.url).content.decode()
    assert f'href="{library.url}?stage=get-help"' in html
    assert f'href="{library.url}?tag=refunds"' in html


@pytest.mark.django_db
def test_empty_library_and_no_match_say_so(client, library, make_practice):
    assert "No practices yet" in client.get(library.url).content.decode()
    make_practice("Plain")
    assert "No practice matches" in client.get(library.url + "?tag=zzz").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(queries.SORTS))
def test_library_queries_do_not_grow_with_practices(
        client, client_as, library, make_practice, make_person, sort):
    stages, barriers = list(JourneyStage.objects.all()), list(Barrier.objects.all())
    workers = [make_person(f"w{n}@example.com", roles.CUSTOMER, roles.WORKER) for n in range(4)]

    def add(count, start):
        for n in range(start, start + count):
            practice = make_practice(
                f"Practice {n}", journey_stage=stages[n % len(stages)],
                barriers=barriers[n % 3:n % 3 + 2], tags=[f"tag {n}", "shared"],
                contributors=workers[:n % 4 + 1],
            )
            if n % 4 == 0:
                PracticePage.objects.filter(pk=practice.pk).update(
                    retired=True, replaced_by=practice)

    url = library.url + f"?sort={sort}"
    add(2, 0)
    few = queries_on(client, url)
    add(15, 2)
    many = queries_on(client, url)
    assert few == many
    signed_in = client_as(workers[0])
    assert queries_on(signed_in, url) == queries_on(signed_in, url + "&tag=shared")
