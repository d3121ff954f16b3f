"""Workers propose practice stories from the site; editors review and publish
them in the admin, and the proposer is told."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from wagtail.models import TaskState

from community.notifications.models import Notification
from practices.flows import publishing
from practices.models import PracticePage

from .test_publishing import approve

STORY = {
    "title": "Fix it the same evening",
    "summary": "Reception calls the technician at once; the guest has hot water by 8.15 pm.",
    "situation": "A guest finds the shower cold at 7.30 pm.\n\nThey have a dinner at 9.",
    "what_we_do": "Reception calls the on-call technician.\nThen rings the guest back.",
    "outcome": "The guest has a hot shower <b>by 8.15 pm</b> & says so.",
    "tags": "plumbing, evenings",
}


def propose_url(library):
    return library.url + "propose/"


def test_workers_and_operations_are_offered_the_form(client, client_as, library, worker, ops,
                                                    customer):
    assert propose_url(library) not in client.get(library.url).content.decode()
    for person, offered in ((customer, False), (worker, True), (ops, True)):
        page = client_as(person).get(library.url).content.decode()
        assert (propose_url(library) in page) is offered
        assert ("Propose a practice" in page) is offered
    assert client_as(worker).get(propose_url(library)).status_code == 200


def test_a_worker_proposes_a_draft_for_the_editors(client_as, library, worker, editor):
    response = client_as(worker).post(propose_url(library), STORY, follow=True)

    practice = PracticePage.objects.get()
    assert response.redirect_chain[-1][0] == library.url
    assert "is with the editors" in response.content.decode()
    assert not practice.live and practice.get_parent().pk == library.pk
    assert (practice.title, practice.slug, practice.owner) == (
        STORY["title"], "fix-it-the-same-evening", worker)
    assert practice.situation == ("<p>A guest finds the shower cold at 7.30 pm.</p>"
                                  "<p>They have a dinner at 9.</p>")
    assert practice.what_we_do == ("<p>Reception calls the on-call technician.<br/>"
                                   "Then rings the guest back.</p>")
    # What was typed is text, never markup.
    assert practice.outcome == (
        "<p>The guest has a hot shower &lt;b&gt;by 8.15 pm&lt;/b&gt; &amp; says so.</p>")
    assert set(practice.tags.names()) == {"plumbing", "evenings"}
    assert [credit.user for credit in practice.contributors.all()] == [worker]
    assert practice.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert practice.title in client_as(editor).get("/admin/").content.decode()


def test_the_worker_cannot_publish_it_the_editor_does(client, client_as, library, worker, editor,
                                                      django_capture_on_commit_callbacks):
    practice = publishing.propose_practice(worker, library=library, **{**STORY, "tags": []})

    assert not practice.permissions_for_user(worker).can_publish()
    with pytest.raises(PermissionDenied):
        practice.get_latest_revision().publish(user=worker)
    # No admin at all: the page editor sends the worker to sign in.
    response = client_as(worker).get(f"/admin/pages/{practice.pk}/edit/")
    assert response.status_code == 302 and "login" in response.url
    assert practice.permissions_for_user(editor).can_publish()

    with django_capture_on_commit_callbacks(execute=True):
        practice = approve(practice, editor)

    assert practice.live
    assert client.get(practice.url).status_code == 200
    notice = Notification.objects.get(event="practices.published")
    assert (notice.recipient, notice.actor, notice.url) == (worker, editor, practice.url)
    assert notice.title == f"Your practice “{practice.title}” is published"


def test_a_customer_cannot_propose(client_as, library, customer):
    client = client_as(customer)
    assert client.get(propose_url(library)).status_code == 403
    response = client.post(propose_url(library), STORY)
    assert response.status_code == 403 and "told by staff" in response.content.decode()
    with pytest.raises(publishing.NotAllowed):
        publishing.propose_practice(customer, library=library, **STORY)
    assert not PracticePage.objects.exists()


def test_signed_out_people_are_asked_to_sign_in(client, library):
    response = client.get(propose_url(library))
    assert response.status_code == 302 and "login" in response.url


def test_bad_input_keeps_everything_typed(client_as, library, worker):
    response = client_as(worker).post(propose_url(library), {**STORY, "title": "",
                                                              "summary": "x" * 301})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give the practice a title." in page and "at most 300 characters" in page
    assert "A guest finds the shower cold at 7.30 pm." in page
    assert "&lt;b&gt;by 8.15 pm&lt;/b&gt;" in page and 'value="plumbing, evenings"' in page
    assert not PracticePage.objects.exists()


@override_settings(RATE_LIMITS={"practices.propose": "1/h"})
def test_proposals_are_rate_limited_and_the_text_stays(client_as, library, worker):
    client = client_as(worker)
    client.post(propose_url(library), STORY)
    response = client.post(propose_url(library), {**STORY, "title": "Another one"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "too often" in page and 'value="Another one"' in page
    assert PracticePage.objects.count() == 1


def test_same_titles_get_their_own_addresses_and_never_the_route(library, worker):
    story = {**STORY, "tags": []}
    first = publishing.propose_practice(worker, library=library, **story)
    second = publishing.propose_practice(worker, library=library, **story)
    routed = publishing.propose_practice(worker, library=library, **{**story, "title": "Propose"})
    assert first.slug != second.slug
    assert routed.slug != "propose"


def test_no_library_no_proposal(client_as, worker, db):
    with pytest.raises(publishing.NotAllowed, match="no practice library"):
        publishing.propose_practice(worker, **STORY)
