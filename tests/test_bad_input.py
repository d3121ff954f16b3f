"""No input answers with a server error. Whatever is typed into a form, put in
an address or its query, or sent by hand, the site answers with a page, a
redirect or a 4xx with its reason.

First the cases found one by one, each as a reader would meet it; then a sweep
that sends hostile values to every form field and every query parameter of the
site and of our admin views, as each role, and counts the answers."""

import pytest
from django.core import mail
from django.urls import reverse

from community.models import Barrier, JourneyStage
from forum.models import Thread
from practices import flows
from practices.models import Idea, PracticePage
from tests.forum.conftest import forum, forum_index, make_forum, thread  # noqa: F401
from tests.practices.boards import board, make_idea  # noqa: F401

HUGE = "99999999999999999999"


# --- A made-up `next` ---------------------------------------------------------------

@pytest.mark.parametrize("next_url", ["abc", "https://elsewhere.example/", "//elsewhere.example",
                                      "javascript:alert(1)", ""])
def test_a_vote_with_a_made_up_way_back_returns_to_the_idea(client_as, board, make_idea, customer,
                                                            next_url):
    idea = make_idea()
    response = client_as(customer).post(f"/ideas/{idea.pk}/vote/", {"next": next_url})
    assert response.status_code == 302 and response.url == idea.get_absolute_url()
    assert Idea.objects.get(pk=idea.pk).vote_count == 1


def test_a_vote_goes_back_to_the_board_it_was_cast_on(client_as, board, make_idea, customer):
    idea = make_idea()
    response = client_as(customer).post(f"/ideas/{idea.pk}/vote/", {"next": board.url + "?sort=new"})
    assert response.status_code == 302 and response.url == board.url + "?sort=new"


def test_a_moderator_action_with_a_made_up_way_back_returns_to_the_thread(client_as, moderator,
                                                                          thread):
    response = client_as(moderator).post(f"/moderate/thread/{thread.pk}/lock/", {"next": "abc"})
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert Thread.objects.get(pk=thread.pk).is_locked


def test_marking_notifications_read_with_a_made_up_way_back_shows_the_list(client_as, customer):
    response = client_as(customer).post(reverse("notifications:mark_all_read"), {"next": "abc"})
    assert response.status_code == 302 and response.url == reverse("notifications:list")


# --- Ids that cannot be ids -----------------------------------------------------------

def _idea_fields(**changed):
    return {"title": "Say where refunds are", "problem": "Nobody knows", "proposal": "Tell them",
            "outcome": "They know", **changed}


@pytest.mark.parametrize("field", ["journey_stage", "barriers"])
@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_the_idea_form_refuses_a_stage_or_barrier_that_is_no_id(client_as, board, worker, field,
                                                                value):
    response = client_as(worker).post(board.url + "new/", _idea_fields(**{field: value}))
    page = response.content.decode()
    assert response.status_code in (200, 400) and not Idea.objects.exists()
    assert "Say where refunds are" in page and "Nobody knows" in page  # nothing typed is lost
    assert "not one of the available choices" in page or "is not a valid value" in page


def test_the_idea_form_still_takes_a_real_stage_and_barrier(client_as, board, worker):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    response = client_as(worker).post(board.url + "new/", _idea_fields(
        journey_stage=stage.pk, barriers=[barrier.pk]))
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.journey_stage == stage and list(idea.barriers.all()) == [barrier]


@pytest.mark.parametrize("target", ["abc", HUGE, "-1", ""])
def test_merging_into_an_idea_that_is_no_id_is_a_form_error(client_as, ops, make_idea, target):
    duplicate, _other = make_idea("Refund tracking"), make_idea("Tell people about refunds")
    response = client_as(ops).post(reverse("ideas_backlog:merge", args=[duplicate.pk]),
                                   {"target": target})
    assert response.status_code == 200
    assert "Choose an idea that is still on the board." in response.content.decode() or (
        target == "" and "This field is required." in response.content.decode())
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None


@pytest.mark.parametrize("chooser", ["practice_idea_chooser", "person_chooser"])
@pytest.mark.parametrize("pk", ["abc", HUGE, "-1", "1.5", "%00"])
def test_the_admin_choosers_answer_404_for_an_id_that_cannot_be(client_as, editor, chooser, pk):
    response = client_as(editor).get(reverse(f"{chooser}:chosen", args=[pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("chooser", ["practice_idea_chooser", "person_chooser"])
def test_the_admin_choosers_choose_several_leaving_out_ids_that_cannot_be(client_as, editor,
                                                                          make_idea, chooser):
    real = str(editor.pk if chooser == "person_chooser" else make_idea().pk)
    url = reverse(f"{chooser}:chosen_multiple")
    response = client_as(editor).get(url, {"id": ["abc", HUGE, real]})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["result"]] == [real]


# --- Titles on one line ----------------------------------------------------------------

BROKEN_TITLE = "Where is\r\nmy refund?\tBcc: everyone@example.com\x07"
ONE_LINE = "Where is my refund? Bcc: everyone@example.com"


def test_a_thread_title_with_line_breaks_is_saved_on_one_line(client_as, customer, forum):
    response = client_as(customer).post(forum.url + "new/", {
        "title": BROKEN_TITLE, "body": "I returned a kettle."})
    assert response.status_code == 302
    assert Thread.objects.get().title == ONE_LINE


def test_an_idea_title_with_line_breaks_is_saved_on_one_line(client_as, board, worker):
    response = client_as(worker).post(board.url + "new/", _idea_fields(title=BROKEN_TITLE))
    assert response.status_code == 302
    assert Idea.objects.get().title == ONE_LINE


def test_a_title_of_control_characters_alone_is_no_title(client_as, board, worker):
    response = client_as(worker).post(board.url + "new/", _idea_fields(title="\r\n\x07\t"))
    assert "Give the idea a title." in response.content.decode() and not Idea.objects.exists()


def test_a_practice_title_with_line_breaks_is_kept_to_one_line_by_the_editor_form():
    form_class = PracticePage.get_edit_handler().get_form_class()
    assert form_class.base_fields["title"].clean(BROKEN_TITLE) == ONE_LINE
