"""The public roadmap: planned, in progress and recently done ideas."""

from datetime import timedelta
from itertools import islice

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices import flows, queries
from practices.models import Idea
from tests.fixtures.ideas import idea_url
from tests.pages import queries_on


def roadmap_url(board):
    return board.url + "roadmap/"


def moved(idea, ops, *statuses):
    for status in statuses:
        flows.change_status(idea, status, ops)
    return idea


@pytest.mark.django_db
def test_columns_hold_their_ideas(client, board, make_idea, ops):
    planned = moved(make_idea("PLANNED-ONE"), ops, Idea.Status.PLANNED)
    doing = moved(make_idea("DOING-ONE"), ops, Idea.Status.IN_PROGRESS)
    done = moved(make_idea("DONE-RECENT"), ops, Idea.Status.DONE)
    old = moved(make_idea("DONE-LONG-AGO"), ops, Idea.Status.DONE)
    Idea.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=91))
    make_idea("STILL-NEW")
    merged = moved(make_idea("MERGED-AWAY"), ops, Idea.Status.PLANNED)
    flows.merge_ideas(merged, planned, ops)

    columns = {status: [i.title for i in ideas] for status, _, ideas, _ in queries.roadmap()}
    assert columns == {"planned": ["PLANNED-ONE"], "in_progress": ["DOING-ONE"],
                       "done": ["DONE-RECENT"]}
    page = client.get(roadmap_url(board)).content.decode()
    for idea in (planned, doing, done):
        assert idea_url(idea) in page
    for title in ("Planned", "In progress", "Recently done"):
        assert title in page
    for title in ("DONE-LONG-AGO", "STILL-NEW", "MERGED-AWAY"):
        assert title not in page


@pytest.mark.django_db
def test_ideas_show_votes_and_busiest_first(client, board, make_idea, ops, customer):
    quiet = moved(make_idea("QUIET"), ops, Idea.Status.PLANNED)
    busy = moved(make_idea("BUSY"), ops, Idea.Status.PLANNED)
    flows.toggle_vote(busy, customer)
    page = client.get(roadmap_url(board)).content.decode()
    assert page.index("BUSY") < page.index("QUIET") and "1 vote" in page
    assert idea_url(quiet) in page


@pytest.mark.django_db
def test_a_full_column_links_to_the_rest(client, board, make_idea, ops, monkeypatch):
    monkeypatch.setattr("practices.queries.board.ROADMAP_COLUMN_MAX", 2)
    for n in range(3):
        moved(make_idea(f"Planned {n}"), ops, Idea.Status.PLANNED)
    page = client.get(roadmap_url(board)).content.decode()
    assert sum(f"Planned {n}" in page for n in range(3)) == 2 and "status=planned" in page


@pytest.mark.django_db
def test_the_board_links_to_the_roadmap(client, board):
    assert roadmap_url(board) in client.get(board.url).content.decode()


@pytest.mark.django_db
def test_queries_stay_constant(client, board, make_idea, ops):
    made = iter(range(1000))  # titles never repeat: the same idea twice would be one

    def grow(count):
        for n in islice(made, count):
            for status in (Idea.Status.PLANNED, Idea.Status.IN_PROGRESS, Idea.Status.DONE):
                moved(make_idea(f"{status} {n}"), ops, status)

    grow(1)
    with CaptureQueriesContext(connection) as captured:
        queries.roadmap()
    assert len(captured.captured_queries) == 3
    few = queries_on(client, roadmap_url(board))
    grow(5)
    assert queries_on(client, roadmap_url(board)) == few
