"""From a done idea to a published practice: operations draft it from the
backlog, editors publish it through the moderation workflow, and then the idea,
its evidence threads and the people behind it all know."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission, PageViewRestriction, TaskState
from wagtail.models import Page as WagtailPage

from community import roles
from community.models import Barrier, JourneyStage
from community.notifications.models import Notification
from practices import flows
from practices.flows import publishing
from practices.models import Idea, PracticePage
from tests.fixtures.ideas import fresh

EVENT = "practices.published"


def publish_url(idea):
    return reverse("ideas_backlog:publish_practice", args=[idea.pk])


def edit_url(idea):
    return reverse("ideas_backlog:edit", args=[idea.pk])


def done(idea, ops):
    flows.change_status(idea, Idea.Status.DONE, ops, response="Live in every shop.")
    return fresh(idea)


def approve(practice, editor):
    """The editor approves the practice's task in the moderation workflow, as the
    "Approve" button in their "Awaiting your review" list does."""
    state = PracticePage.objects.get(pk=practice.pk).current_workflow_task_state.specific
    state.task.specific.on_action(state, editor, "approve")
    return PracticePage.objects.get(pk=practice.pk)


def told(event=EVENT):
    return set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))


@pytest.fixture
def done_idea(idea, ops, thread, worker):
    """A done idea with its taxonomy and a forum thread as evidence."""
    idea.journey_stage = JourneyStage.objects.get(slug="get-help")
    idea.save(update_fields=["journey_stage"])
    idea.barriers.set(Barrier.objects.filter(slug__in=["slow-response", "not-my-job"]))
    idea.tags.set(["refunds", "returns"])
    Idea.objects.filter(pk=idea.pk).update(problem=(
        "I returned a kettle two weeks ago and have heard nothing. Nobody answers the phone.\n\n"
        "**Where** is my money? <script>alert(1)</script>"))
    flows.add_evidence(idea, thread, worker)
    return done(idea, ops)


@pytest.fixture
def drafted(done_idea, ops, library):
    return publishing.draft_practice_from_idea(done_idea, ops)


# --- Drafting from the backlog ----------------------------------------------------

def test_ops_draft_a_practice_told_from_the_idea(client_as, ops, worker, done_idea, library):
    response = client_as(ops).post(publish_url(done_idea))

    practice = PracticePage.objects.get(source_idea=done_idea)
    # Operations hold no page rights by default, so they are sent back to the idea.
    assert response.status_code == 302 and response.url == edit_url(done_idea)
    assert not practice.live and practice.get_parent().pk == library.pk
    assert practice.title == done_idea.title and practice.owner == ops
    assert practice.summary == "I returned a kettle two weeks ago and have heard nothing."
    assert "<p>I returned a kettle" in practice.situation
    assert "<b>Where</b>" in practice.situation or "<strong>Where</strong>" in practice.situation
    assert "<script" not in practice.situation
    assert practice.what_we_do == "<p>Send a message at each step of a refund.</p>"
    assert "without having to ask" in practice.outcome
    assert practice.journey_stage.slug == "get-help"
    assert {b.slug for b in practice.barriers.all()} == {"slow-response", "not-my-job"}
    assert set(practice.tags.names()) == {"refunds", "returns"}
    assert [c.user for c in practice.contributors.all()] == [worker]
    assert practice.latest_revision is not None
    # Submitted to the editors' review.
    state = practice.current_workflow_task_state
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert list(state.task.specific.groups.values_list("name", flat=True)) == ["Editors"]
    page = client_as(ops).get(response.url).content.decode()
    assert "waits for the editors" in page


def test_editors_find_the_draft_awaiting_their_review(client_as, editor, drafted):
    page = client_as(editor).get("/admin/").content.decode()
    assert "Awaiting your review" in page
    assert drafted.title in page


def test_ops_with_page_rights_land_in_the_page_editor(client_as, ops, done_idea, library):
    # An administrator may let operations edit the drafts they make (Settings → Groups).
    GroupPagePermission.objects.create(group=ops.groups.get(name="Operations"), page=library,
                                       permission_type="add")
    response = client_as(ops).post(publish_url(done_idea))
    practice = PracticePage.objects.get(source_idea=done_idea)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[practice.pk])
    assert client_as(ops).get(response.url).status_code == 200


def test_an_idea_author_who_is_not_a_worker_is_not_credited(ops, library, customer):
    idea = flows.submit_idea(ops, "Call back", problem="Nobody calls back.",
                             proposal="Call back.", outcome="Called back.")
    practice = publishing.draft_practice_from_idea(done(idea, ops), ops)
    assert not practice.contributors.exists()


def test_the_button_shows_only_for_a_done_idea_without_a_practice(client_as, ops, idea, library):
    client = client_as(ops)
    assert publish_url(idea) not in client.get(edit_url(idea)).content.decode()
    idea = done(idea, ops)
    assert publish_url(idea) in client.get(edit_url(idea)).content.decode()
    confirm = client.get(publish_url(idea)).content.decode()
    assert "Draft the practice" in confirm and "the editors' review" in confirm
    client.post(publish_url(idea))
    assert publish_url(idea) not in client.get(edit_url(idea)).content.decode()


def test_an_idea_not_done_or_already_drafted_is_refused_clearly(client_as, ops, idea, library):
    client = client_as(ops)
    response = client.post(publish_url(idea), follow=True)
    assert "Only an idea that is done" in response.content.decode()
    assert not PracticePage.objects.exists()
    assert "Only an idea that is done" in client.get(publish_url(idea)).content.decode()

    idea = done(idea, ops)
    first = publishing.draft_practice_from_idea(idea, ops)
    with pytest.raises(publishing.NotAllowed, match="already made from this idea"):
        publishing.draft_practice_from_idea(idea, ops)
    response = client.post(publish_url(idea), follow=True)
    assert f"already made from this idea: “{first.title}”" in response.content.decode()
    assert PracticePage.objects.count() == 1


def test_a_merged_idea_is_refused(ops, worker, idea, library):
    other = flows.submit_idea(worker, "Refund tracking", problem="p", proposal="p", outcome="o")
    flows.merge_ideas(done(idea, ops), other, ops)
    with pytest.raises(publishing.NotAllowed, match="merged"):
        publishing.draft_practice_from_idea(fresh(idea), ops)


@pytest.mark.parametrize("role", ["worker", "editor", "moderator"])
def test_only_operations_draft_from_an_idea(request, client_as, role, done_idea, library):
    person = request.getfixturevalue(role)
    with pytest.raises(publishing.NotAllowed, match="operations"):
        publishing.draft_practice_from_idea(done_idea, person)
    client = client_as(person)
    # People without the admin are sent to sign in; the admin sends others without
    # triage back to its dashboard, saying they may not.
    for response in (client.post(publish_url(done_idea)), client.get(publish_url(done_idea))):
        assert response.status_code == 302
        assert response.url.startswith((reverse("wagtailadmin_login"), reverse("wagtailadmin_home")))
    assert not PracticePage.objects.exists()


def test_a_customer_cannot_reach_the_backlog_or_its_buttons(client_as, customer, done_idea,
                                                            library):
    response = client_as(customer).post(publish_url(done_idea), follow=True)
    assert response.status_code == 403
    assert not PracticePage.objects.exists()


# --- Publishing -------------------------------------------------------------------

def test_the_editor_publishes_and_the_idea_and_thread_link_to_it(
    client, editor, ops, worker, drafted, done_idea, thread,
    make_voters, django_capture_on_commit_callbacks,
):
    voters = make_voters(3, "voter", roles.CUSTOMER)
    # Done ideas take no more votes; these came in while it was being built.
    Idea.objects.filter(pk=done_idea.pk).update(status=Idea.Status.IN_PROGRESS)
    for person in [*voters, editor]:
        flows.toggle_vote(fresh(done_idea), person)
    Idea.objects.filter(pk=done_idea.pk).update(status=Idea.Status.DONE)
    # Not published yet: nothing links to the draft.
    assert drafted.url_path not in client.get(done_idea.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        practice = approve(drafted, editor)

    assert practice.live
    idea_page = client.get(done_idea.get_absolute_url()).content.decode()
    assert f'Published as a practice: <a href="{practice.url}">{practice.title}</a>' in idea_page
    thread_page = client.get(thread.get_absolute_url()).content.decode()
    assert "is now a best practice" in thread_page
    assert f'<a href="{practice.url}">{practice.title}</a>' in thread_page
    # The submitter, the voters and the ops who drafted it; not the editor who published.
    assert told() == {worker.pk, ops.pk, *(person.pk for person in voters)}
    notice = Notification.objects.get(event=EVENT, recipient=worker)
    assert notice.url == practice.url and notice.actor == editor
    assert f"is now a practice: “{practice.title}”" in notice.title
    assert "Your practice" in Notification.objects.get(event=EVENT, recipient=ops).title


def test_publishing_again_tells_nobody_twice(editor, drafted,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = approve(drafted, editor)
    first = Notification.objects.filter(event=EVENT).count()
    assert first
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        practice.title = "Tell people where their refund is, at every step"
        practice.save_revision(user=editor).publish(user=editor)
    assert Notification.objects.filter(event=EVENT).count() == first
    assert not callbacks  # a later publication is no news: nothing is even queued


def test_a_practice_unpublished_before_the_notice_tells_nobody(
    editor, drafted, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        practice = approve(drafted, editor)
    practice.unpublish()
    for callback in callbacks:
        callback()
    assert not told()


def publish_counting_queries(practice, editor, capture):
    with capture() as callbacks, CaptureQueriesContext(connection) as queries:
        approve(practice, editor)
    return len(queries), callbacks


def test_the_publish_request_costs_the_same_for_2_or_30_voters(
    ops, editor, worker, library, make_voters, django_capture_on_commit_callbacks,
):
    def practice_with_voters(title, count):
        idea = flows.submit_idea(worker, title, problem="Slow. Very.", proposal="p", outcome="o")
        for person in make_voters(count, title.lower().replace(" ", ""), roles.CUSTOMER):
            flows.toggle_vote(idea, person)
        return publishing.draft_practice_from_idea(done(idea, ops), ops), idea

    warm_up, _ = practice_with_voters("Warm up", 1)
    few, _ = practice_with_voters("Few voters", 2)
    many, many_idea = practice_with_voters("Many voters", 30)
    publish_counting_queries(warm_up, editor, django_capture_on_commit_callbacks)
    few_queries, _ = publish_counting_queries(few, editor, django_capture_on_commit_callbacks)
    many_queries, callbacks = publish_counting_queries(
        many, editor, django_capture_on_commit_callbacks)

    assert few_queries == many_queries
    Notification.objects.all().delete()
    for callback in callbacks:
        callback()
    voters = set(many_idea.votes.values_list("user_id", flat=True))
    assert told() == {worker.pk, ops.pk, *voters} and len(voters) == 30


def test_practices_behind_a_view_restriction_are_not_linked(
    client, editor, drafted, done_idea, thread, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        practice = approve(drafted, editor)
    PageViewRestriction.objects.create(page=WagtailPage.objects.get(pk=practice.get_parent().pk),
                                       restriction_type=PageViewRestriction.LOGIN)
    assert publishing.published_from([done_idea]) == []
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "is now a best practice" not in page and practice.url not in page


def test_the_thread_banner_costs_one_query(client, editor, drafted, thread,
                                           django_capture_on_commit_callbacks):
    from tests.pages import queries_on

    before = queries_on(client, thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        approve(drafted, editor)
    assert queries_on(client, thread.get_absolute_url()) == before


# --- Text -------------------------------------------------------------------------

def test_idea_text_becomes_story_rich_text_without_markup_it_cannot_hold():
    html = publishing.story_html("### Steps\n\n1. Call\n2. [Write](https://example.com)\n\n"
                                 '<img src=x onerror="alert(1)">')
    assert "<h3" not in html and "<img" not in html and "onerror" not in html
    assert "<ol>" in html and '<a href="https://example.com">Write</a>' in html
    # Markup alone renders to nothing; the story keeps it as text rather than go empty.
    assert publishing.story_html("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


def test_the_summary_is_the_first_sentence_and_fits():
    assert publishing.summary_of("It is slow. Very slow.") == "It is slow."
    long = "word " * 200
    assert len(publishing.summary_of(long)) <= 300
