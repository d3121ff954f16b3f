"""The public ideas board: what it lists, in which order, filtered how, and at what cost."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import roles
from community.models import Barrier, JourneyStage
from practices import flows, queries
from practices.models import Idea, IdeasBoardPage
from tests.pages import queries_on


def titles(response):
    return [idea.title for idea in response.context["page_obj"]]


@pytest.mark.django_db
def test_board_lists_ideas_trending_first_and_leaves_merged_ones_out(
        client, board, make_idea, ops):
    low, high, gone = make_idea("Low"), make_idea("High"), make_idea("Gone")
    flows.merge_ideas(gone, high, ops)  # recounts `high`, so scores are set after
    Idea.objects.filter(pk=high.pk).update(trending_score=5, vote_count=1)
    Idea.objects.filter(pk=low.pk).update(trending_score=1, vote_count=9)
    assert titles(client.get(board.url)) == ["High", "Low"]
    assert titles(client.get(board.url + "?sort=top")) == ["Low", "High"]
    assert titles(client.get(board.url + "?sort=new")) == ["High", "Low"]
    Idea.objects.filter(pk=low.pk).update(updated_at=high.updated_at.replace(year=2100))
    assert titles(client.get(board.url + "?sort=updated")) == ["Low", "High"]


@pytest.mark.django_db
def test_board_filters_by_status_stage_barrier_and_tag(client, board, make_idea, ops):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    make_idea("Plain")
    planned = make_idea("Planned one")
    flows.change_status(planned, Idea.Status.PLANNED, ops)
    make_idea("Staged", journey_stage=stage)
    make_idea("Barred", barriers=[barrier])
    make_idea("Tagged", tags=["opening hours"])
    assert titles(client.get(board.url + "?status=planned")) == ["Planned one"]
    assert titles(client.get(board.url + f"?stage={stage.slug}")) == ["Staged"]
    assert titles(client.get(board.url + f"?barrier={barrier.slug}")) == ["Barred"]
    assert titles(client.get(board.url + "?tag=Opening+hours")) == ["Tagged"]
    assert len(titles(client.get(board.url + "?status=nonsense"))) == 5


@pytest.mark.django_db
def test_ideas_i_voted_for(client, client_as, board, make_idea, customer):
    mine, _ = make_idea("Mine"), make_idea("Other")
    flows.toggle_vote(mine, customer)
    assert client.get(board.url + "?voted=1").status_code == 302
    response = client_as(customer).get(board.url + "?voted=1")
    assert titles(response) == ["Mine"]
    assert 'aria-pressed="true"' in response.content.decode()


@pytest.mark.django_db
def test_board_pages_by_25(client, board, make_idea):
    for n in range(26):
        make_idea(f"Idea {n}")
    first = client.get(board.url)
    assert len(titles(first)) == 25
    older = first.context["page_obj"].next_cursor
    assert len(titles(client.get(board.url, {"after": older}))) == 1


@pytest.mark.django_db
def test_submit_button_only_for_those_who_can_submit(client, client_as, board, customer, worker):
    assert "Submit an idea" not in client.get(board.url).content.decode()
    assert "Submit an idea" not in client_as(customer).get(board.url).content.decode()
    assert "Submit an idea" in client_as(worker).get(board.url).content.decode()


@pytest.mark.django_db
def test_nav_has_ideas_item(client, board):
    response = client.get("/")
    assert f'href="{board.url}"' in response.content.decode()
    assert ">Ideas<" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in", "query"), [
    (False, ""), (True, ""), (True, "?voted=1&sort=top"),
])
def test_board_queries_constant(client, client_as, board, make_idea, make_person, signed_in,
                                query):
    reader = make_person("reader@example.com", roles.CUSTOMER)
    viewer = client_as(reader) if signed_in else client
    stages = list(JourneyStage.objects.all())

    def grow(count, start):
        for n in range(start, start + count):
            idea = make_idea(f"Idea {n}", journey_stage=stages[n % len(stages)], tags=[f"t{n}"])
            flows.toggle_vote(idea, reader)

    grow(2, 0)
    few = queries_on(viewer, board.url + query)
    grow(23, 2)
    assert queries_on(viewer, board.url + query) == few


@pytest.mark.django_db
def test_which_ideas_i_voted_for_is_one_query(make_idea, customer):
    ideas = [make_idea(f"Idea {n}") for n in range(3)]
    flows.toggle_vote(ideas[1], customer)
    with CaptureQueriesContext(connection) as captured:
        voted = queries.voted_idea_ids(customer, ideas)
    assert voted == {ideas[1].pk} and len(captured.captured_queries) == 1


@pytest.mark.django_db
def test_demo_board_has_ideas_with_votes(client):
    for _ in range(2):  # running it again changes nothing
        call_command("seed_demo", allow_production=True, verbosity=0, stdout=io.StringIO())
    board_page = IdeasBoardPage.objects.get()
    response = client.get(board_page.url)
    assert len(titles(response)) == Idea.objects.filter(merged_into__isnull=True).count() >= 20
    assert Idea.objects.filter(vote_count__gt=1, evidence_count=1).exists()
