"""Paging through the ideas board: "Next" and "Previous" (or "Older" and "Newer")
lead through every idea on the board exactly once, in every order and filter,
at the cost of the first page, whatever a link says."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from community import keyset, roles
from practices import flows, queries
from practices.models import Idea, Vote
from tests.pages import queries_on
from tests.paging import link, link_labels, soup, walk

PER_PAGE = queries.IDEAS_PER_PAGE


def listed(page):
    return [a["href"] for a in page.select(".idea-row-title a")]


def urls(ideas):
    return [idea.get_absolute_url() for idea in ideas]


@pytest.fixture
def reader(make_person):
    return make_person("reader@example.com", roles.CUSTOMER)


@pytest.fixture
def full_board(board, make_idea, ops, reader):
    """Sixty ideas, three merged into others; scores and vote counts that tie
    across the ends of pages, ten ideas whose times tie to the microsecond, a
    third of them planned, and the reader's votes on every other one."""
    ideas = [make_idea(f"Idea {n}") for n in range(60)]
    for n, idea in enumerate(ideas):
        Idea.objects.filter(pk=idea.pk).update(
            trending_score=(n % 3) * 1.5, vote_count=n % 4,
            status=Idea.Status.PLANNED if n % 3 == 0 else Idea.Status.NEW)
    same_moment = timezone.now() - timedelta(hours=1)
    Idea.objects.filter(pk__in=[idea.pk for idea in ideas[20:30]]).update(
        created_at=same_moment, updated_at=same_moment)
    Vote.objects.bulk_create([Vote(idea=idea, user=reader, voter_role=Vote.Role.CUSTOMER)
                              for idea in ideas[::2]])
    for duplicate, target in ((ideas[5], ideas[6]), (ideas[26], ideas[40]), (ideas[51], ideas[2])):
        flows.merge_ideas(Idea.objects.get(pk=duplicate.pk), Idea.objects.get(pk=target.pk), ops)
    return board


def expected(reader, sort, status="", voted=False):
    """The board as the product describes it, worked out here from the rows."""
    ideas = [idea for idea in Idea.objects.filter(merged_into__isnull=True)
             if (not status or idea.status == status)
             and (not voted or Vote.objects.filter(idea=idea, user=reader).exists())]
    key = {
        "trending": lambda idea: (idea.trending_score, idea.pk),
        "top": lambda idea: (idea.vote_count, idea.pk),
        "new": lambda idea: (idea.created_at, idea.pk),
        "updated": lambda idea: (idea.updated_at, idea.pk),
    }[sort]
    return sorted(ideas, key=key, reverse=True)


@pytest.mark.django_db
def test_next_and_previous_lead_through_every_idea_on_the_board_once_in_every_order(
        client_as, full_board, reader):
    client = client_as(reader)
    for sort in queries.SORTS:
        for status, voted in (("", False), (Idea.Status.PLANNED, False), ("", True)):
            combination = f"sort={sort}&status={status}" + ("&voted=1" if voted else "")
            forward, last = walk(client, f"{full_board.url}?{combination}", "next")
            seen = [url for page in forward for url in listed(page)]
            assert seen == urls(expected(reader, sort, status, voted)), combination
            assert all(len(listed(page)) == PER_PAGE for page in forward[:-1]), combination

            back, _ = walk(client, last, "prev")
            assert [listed(page) for page in reversed(back)] == [listed(p) for p in forward], (
                combination)


@pytest.mark.django_db
def test_board_links_say_newer_and_older_only_for_orders_by_time(client, full_board):
    by_votes, _ = walk(client, full_board.url + "?sort=top", "next")
    assert [link_labels(page) for page in by_votes] == [
        ["Next"], ["First", "Previous", "Next"], ["First", "Previous"]]
    by_time, _ = walk(client, full_board.url + "?sort=new", "next")
    assert link_labels(by_time[1]) == ["Latest", "Newer", "Older"]


@pytest.mark.django_db
def test_board_cursor_opens_the_page_right_after_an_idea(client, full_board, reader):
    for sort in queries.SORTS:
        ideas = expected(reader, sort)
        page = soup(client.get(full_board.url, {
            "sort": sort, "after": queries.board_cursor(ideas[10], sort)}))
        assert listed(page) == urls(ideas[11:11 + PER_PAGE]), sort


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_a_deep_board_page_costs_what_the_first_does(client, client_as, board, make_idea,
                                                     reader, signed_in):
    viewer = client_as(reader) if signed_in else client
    ideas = [make_idea(f"Idea {n}", tags=[f"t{n}"]) for n in range(PER_PAGE * 2 + 2)]
    Vote.objects.bulk_create([Vote(idea=idea, user=reader, voter_role=Vote.Role.CUSTOMER)
                              for idea in ideas])
    first = queries_on(viewer, board.url + "?sort=new")
    deep = f"{board.url}?sort=new&after={queries.board_cursor(ideas[PER_PAGE + 1], 'new')}"
    assert len(listed(soup(viewer.get(deep)))) == PER_PAGE
    assert queries_on(viewer, deep) == first


@pytest.mark.django_db
def test_a_bad_board_cursor_or_page_number_answers_the_first_page(client, full_board, reader):
    first = listed(soup(client.get(full_board.url)))
    cursor = queries.board_cursor(expected(reader, "top")[3], "top")
    for bad in ("nonsense", "", "\x00", "e30.AAAA", cursor[:-2], cursor):  # last: another order
        for side in ("after", "before"):
            assert listed(soup(client.get(full_board.url, {side: bad}))) == first, (side, bad)
    response = client.get(full_board.url, {"status": "planned", "page": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{full_board.url}?status=planned"
    assert listed(soup(client.get(full_board.url, {"page": "1"}))) == first


@pytest.mark.django_db
def test_filtering_starts_again_at_the_first_page(client, full_board):
    second = soup(client.get(full_board.url + link(soup(client.get(full_board.url)), "next")))
    form = second.select_one("form.idea-filters")
    assert not form.select("input[name=after], input[name=before]")
    assert not [a["href"] for a in second.select(".sort-links a") if "after=" in a["href"]]


def plan(queryset):
    """PostgreSQL's plan for `queryset`, told to avoid whole-table scans, which a
    test's few rows would always make cheapest."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    return queryset.explain()


# SQLite, knowing nothing of a few rows, walks the merged_into foreign key's index
# for the board and sorts; the embedded default is not where boards grow large.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(queries.SORTS))
def test_every_board_page_walks_an_index_from_where_the_page_before_ended(board, make_idea,
                                                                          sort):
    ideas = [make_idea(f"Idea {n}") for n in range(3)]
    listed_ideas = queries.board_ideas(AnonymousUser(), sort)
    cursor = queries.board_cursor(ideas[1], sort)
    for rows in (keyset.following(listed_ideas, cursor), keyset.preceding(listed_ideas, cursor)):
        steps = plan(rows[:PER_PAGE + 1])
        assert "Index Scan using idea_" in steps or "Index Scan Backward using idea_" in steps
        assert "Sort" not in steps
        # The boundary is where the walk starts, not a filter on every row passed.
        assert "Index Cond: (ROW(" in steps
