"""Submitting ideas, turning threads into ideas, and voting, as people do it in the browser."""

import pytest
from django.test import override_settings

from community.models import Barrier, JourneyStage
from practices import flows
from practices.models import Evidence, Idea, Vote
from tests.fixtures.ideas import idea_url

HTMX = {"HTTP_HX_REQUEST": "true"}


def new_url(board):
    return board.url + "new/"


@pytest.mark.django_db
def test_worker_submits_an_idea(client_as, board, worker):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    response = client_as(worker).post(new_url(board), {
        "title": "Say where refunds are", "problem": "Nobody knows", "proposal": "Tell them",
        "outcome": "They know", "journey_stage": stage.pk, "barriers": [barrier.pk],
        "tags": "refunds, messages",
    })
    idea = Idea.objects.get()
    assert response.status_code == 302 and response.url == idea_url(idea)
    assert idea.author == worker and idea.journey_stage == stage
    assert list(idea.barriers.all()) == [barrier]
    assert sorted(idea.tags.names()) == ["messages", "refunds"]


@pytest.mark.django_db
def test_errors_keep_what_was_typed(client_as, board, worker):
    response = client_as(worker).post(new_url(board), {
        "title": "", "problem": "Typed problem", "proposal": "Typed proposal", "outcome": "",
        "tags": "typed tag",
    })
    page = response.content.decode()
    assert response.status_code == 400 and not Idea.objects.exists()
    assert "Give the idea a title." in page
    for typed in ("Typed problem", "Typed proposal", "typed tag"):
        assert typed in page


@pytest.mark.django_db
def test_customers_are_told_staff_submit_ideas(client, client_as, board, customer):
    assert client.get(new_url(board)).status_code == 302
    response = client_as(customer).get(new_url(board))
    assert response.status_code == 403
    assert "Ideas are submitted by staff" in response.content.decode()
    assert "forums" in response.content.decode()
    response = client_as(customer).post(new_url(board), {"title": "x", "problem": "x",
                                                         "proposal": "x", "outcome": "x"})
    assert response.status_code == 403 and not Idea.objects.exists()


@pytest.mark.django_db
def test_promote_a_thread(client_as, board, worker, thread):
    url = f"/ideas/promote/{thread.pk}/"
    page = client_as(worker).get(url).content.decode()
    assert thread.title in page and "I returned a kettle" in page
    response = client_as(worker).post(url, {
        "title": thread.title, "problem": "Nobody knows", "proposal": "Tell them",
        "outcome": "They know",
    })
    idea = Idea.objects.get()
    assert response.url == idea_url(idea)
    assert Evidence.objects.get().thread == thread and idea.evidence_count == 1


@pytest.mark.django_db
def test_customers_cannot_promote(client_as, board, customer, thread):
    assert client_as(customer).get(f"/ideas/promote/{thread.pk}/").status_code == 403


@pytest.mark.django_db
def test_vote_and_take_it_back(client_as, board, make_idea, customer):
    idea = make_idea()
    viewer = client_as(customer)
    response = viewer.post(f"/ideas/{idea.pk}/vote/")
    assert response.url == idea_url(idea)
    assert Vote.objects.get().user == customer
    fragment = viewer.post(f"/ideas/{idea.pk}/vote/", **HTMX).content.decode()
    assert 'aria-pressed="false"' in fragment and "<strong>0</strong>" in fragment
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_signed_out_voters_sign_in_first(client, board, make_idea):
    idea = make_idea()
    response = client.post(f"/ideas/{idea.pk}/vote/")
    assert response.status_code == 302 and "login" in response.url
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_closed_ideas_refuse_votes_with_the_reason(client_as, board, make_idea, customer, ops):
    idea = make_idea()
    flows.change_status(idea, Idea.Status.DECLINED, ops)
    viewer = client_as(customer)
    response = viewer.post(f"/ideas/{idea.pk}/vote/")
    assert response.status_code == 403 and "takes no more votes" in response.content.decode()
    fragment = viewer.post(f"/ideas/{idea.pk}/vote/", **HTMX)
    assert fragment.status_code == 200 and "takes no more votes" in fragment.content.decode()
    assert not Vote.objects.exists()


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"ideas.vote": "1/m"})
def test_too_many_votes_get_429(client_as, board, make_idea, customer):
    idea = make_idea()
    viewer = client_as(customer)
    viewer.post(f"/ideas/{idea.pk}/vote/")
    assert viewer.post(f"/ideas/{idea.pk}/vote/").status_code == 429
    assert Vote.objects.count() == 1


@pytest.mark.django_db
def test_idea_titled_vote_still_has_a_page(client, board, make_idea):
    idea = make_idea("Vote")
    assert client.get(f"/ideas/{idea.pk}/vote/").status_code == 200


@pytest.mark.django_db
def test_voting_without_javascript_returns_to_where_the_button_was(client_as, board, customer,
                                                                   make_idea):
    idea = make_idea("Text me when my refund is paid")
    client = client_as(customer)
    board_page = board.url + "?sort=top"
    assert 'name="next" value="/ideas/?sort=top"' in client.get(board_page).content.decode()
    response = client.post(f"/ideas/{idea.pk}/vote/", {"next": board_page})
    assert response.status_code == 302 and response.url == board_page
    response = client.post(f"/ideas/{idea.pk}/vote/", {"next": "https://elsewhere.example/"})
    assert response.url == idea_url(idea)
    assert Vote.objects.count() == 0  # voted, then took it back


@pytest.mark.django_db
def test_idea_pages_answer_head_requests(client, make_idea):
    idea = make_idea("Text me when my refund is paid")
    assert client.head(idea_url(idea)).status_code == 200
    vote_address = f"/ideas/{idea.pk}/vote/"
    assert client.head(vote_address).status_code == client.get(vote_address).status_code == 302
