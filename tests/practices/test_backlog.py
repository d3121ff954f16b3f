"""The ideas backlog in the Wagtail admin: only operations and superusers
triage, and every decision goes through practices/flows/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Barrier, JourneyStage
from practices import flows
from practices.models import Idea, InternalNote, StatusChange
from tests.fixtures.ideas import fresh

BACKLOG = "/admin/ideas/backlog/"


def edit_url(idea):
    return reverse("ideas_backlog:edit", args=[idea.pk])


def merge_url(idea):
    return reverse("ideas_backlog:merge", args=[idea.pk])


@pytest.fixture
def make_idea(worker):
    def make(title, **fields):
        idea = flows.submit_idea(worker, title, problem=f"{title}: the problem",
                                 proposal=f"{title}: the proposal", outcome="Happier customers")
        if fields:
            Idea.objects.filter(pk=idea.pk).update(**fields)
        return fresh(idea)

    return make


def triage_data(idea, **changes):
    data = {"status": idea.status, "owner": "", "impact": "", "confidence": "", "effort": "",
            "response": "", "internal_note": ""}
    return {**data, **changes}


def test_backlog_lives_under_the_admin():
    assert reverse("ideas_backlog:index") == BACKLOG


# --- Who gets in ---------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ops", "superuser"])
def test_operations_and_superusers_see_the_backlog_in_the_menu(request, client_as, role):
    client = client_as(request.getfixturevalue(role))
    assert BACKLOG in client.get("/admin/").text
    assert client.get(BACKLOG).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_other_admin_users_neither_see_nor_open_any_backlog_url(request, client_as, idea, role):
    client = client_as(request.getfixturevalue(role))
    assert BACKLOG not in client.get("/admin/").text
    for url in (BACKLOG, edit_url(idea), merge_url(idea), BACKLOG + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    response = client.post(edit_url(idea), triage_data(idea, status="planned"))
    assert response.status_code in (302, 403)
    assert fresh(idea).status == Idea.Status.NEW


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "worker"])
def test_people_without_admin_access_are_told_no(request, client_as, idea, role):
    client = client_as(request.getfixturevalue(role))
    for url in (BACKLOG, edit_url(idea), merge_url(idea)):
        response = client.get(url, follow=True)
        assert response.status_code == 403
    client.post(merge_url(idea), {"target": idea.pk})
    assert fresh(idea).merged_into is None


# --- The listing ---------------------------------------------------------------------

@pytest.mark.django_db
def test_listing_shows_priority_votes_split_evidence_and_owner(client_as, ops, make_idea):
    make_idea("Refund tracker", impact=4, confidence=50, effort=2, vote_count=3,
              customer_votes=2, worker_votes=1, evidence_count=1, owner=ops)
    page = client_as(ops).get(BACKLOG).text
    # reach 3 + 3×1 evidence = 6; 6 × 4 × 0.5 / 2
    assert "Refund tracker" in page
    assert "6.0" in page
    assert "2 / 1" in page
    assert "Olive" in page


@pytest.mark.django_db
def test_merged_ideas_are_left_out_unless_asked_for(client_as, ops, make_idea):
    target, duplicate = make_idea("The original"), make_idea("The repeat")
    flows.merge_ideas(duplicate, target, ops)
    client = client_as(ops)
    assert "The repeat" not in client.get(BACKLOG).text
    assert "The repeat" in client.get(BACKLOG + "?include_merged=true").text
    assert "The repeat" in client.get(BACKLOG + "?status=duplicate").text


@pytest.mark.django_db
def test_filters_by_status_stage_barrier_and_owner(client_as, ops, make_idea):
    stage, barrier = JourneyStage.objects.first(), Barrier.objects.first()
    planned = make_idea("Planned one", status="planned", journey_stage=stage, owner=ops)
    planned.barriers.add(barrier)
    make_idea("Still new")
    client = client_as(ops)
    for query in ("status=planned", f"journey_stage={stage.pk}", f"barriers={barrier.pk}",
                  f"owner={ops.pk}"):
        page = client.get(f"{BACKLOG}?{query}").text
        assert "Planned one" in page, query
        assert "Still new" not in page, query


@pytest.mark.django_db
def test_untriaged_means_new_and_never_moved(client_as, ops, make_idea):
    make_idea("Fresh")
    returned = make_idea("Sent back")
    flows.change_status(returned, "under_review", ops)
    flows.change_status(returned, "new", ops)
    make_idea("Already planned", status="planned")
    page = client_as(ops).get(BACKLOG + "?untriaged=true").text
    assert "Fresh" in page
    assert "Sent back" not in page
    assert "Already planned" not in page


@pytest.mark.django_db
def test_search_looks_at_title_problem_and_proposal(client_as, ops, make_idea):
    make_idea("Kettle returns")
    make_idea("Opening hours")
    page = client_as(ops).get(BACKLOG + "?q=kettle").text
    assert "Kettle returns" in page
    assert "Opening hours" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("ordering, first", [
    ("-vote_count", "Idea popular"), ("-trending_score", "Idea rising"),
    ("created_at", "Idea oldest"), ("-updated_at", "Idea touched"),
])
def test_orders_by_votes_trending_created_and_updated(client_as, ops, make_idea, ordering, first):
    now = timezone.now()

    def days_ago(days):
        return {"created_at": now - timedelta(days=days), "updated_at": now - timedelta(days=days)}

    make_idea("Idea popular", vote_count=9, **days_ago(5))
    make_idea("Idea rising", trending_score=5.0, **days_ago(3))
    make_idea("Idea oldest", **days_ago(30))
    make_idea("Idea touched", created_at=now - timedelta(days=4), updated_at=now)
    page = client_as(ops).get(f"{BACKLOG}?ordering={ordering}").text
    titles = ("Idea popular", "Idea rising", "Idea oldest", "Idea touched")
    assert min(titles, key=page.index) == first


@pytest.mark.django_db
def test_listing_is_paginated(client_as, ops, make_idea):
    for n in range(55):
        make_idea(f"Idea number {n:02d}")
    client = client_as(ops)
    assert client.get(BACKLOG).text.count("Idea number") == 50
    assert client.get(BACKLOG + "?p=2").text.count("Idea number") == 5


@pytest.mark.django_db
def test_listing_runs_the_same_queries_for_few_and_many_ideas(client_as, ops, make_idea):
    client = client_as(ops)

    def queries_for(count):
        for n in range(count):
            make_idea(f"Batch {count} idea {n}", owner=ops, impact=2, confidence=80, effort=1)
        client.get(BACKLOG)  # warm per-session caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(BACKLOG).status_code == 200
        return len(captured)

    assert queries_for(3) == queries_for(20)


# --- Triage --------------------------------------------------------------------------

@pytest.mark.django_db
def test_triage_changes_status_with_a_public_response_and_saves_priority(
    client_as, ops, idea
):
    response = client_as(ops).post(edit_url(idea), triage_data(
        idea, status="planned", response="We will build this next quarter.", owner=ops.pk,
        impact=4, confidence=80, effort=2,
    ))
    assert response.status_code == 302
    idea = fresh(idea)
    assert (idea.status, idea.owner, idea.impact, idea.confidence, idea.effort) == (
        "planned", ops, 4, 80, 2)
    change = StatusChange.objects.get(idea=idea)
    assert (change.to_status, change.response, change.changed_by) == (
        "planned", "We will build this next quarter.", ops)


@pytest.mark.django_db
def test_saving_without_a_status_change_records_no_timeline_step(client_as, ops, idea):
    client_as(ops).post(edit_url(idea), triage_data(idea, impact=3))
    assert fresh(idea).impact == 3
    assert not StatusChange.objects.filter(idea=idea).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [
    ("impact", 6), ("impact", 0), ("effort", 9), ("confidence", 101), ("status", "duplicate"),
])
def test_out_of_range_inputs_are_refused_at_the_field_and_input_kept(
    client_as, ops, idea, field, value
):
    data = triage_data(idea, internal_note="Keep this text", **{field: value})
    response = client_as(ops).post(edit_url(idea), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Keep this text" in response.text
    assert fresh(idea).status == Idea.Status.NEW
    assert not InternalNote.objects.exists()


@pytest.mark.django_db
def test_a_response_without_a_status_change_is_refused(client_as, ops, idea):
    response = client_as(ops).post(edit_url(idea), triage_data(idea, response="Hello"))
    assert "response" in response.context["form"].errors


@pytest.mark.django_db
def test_owner_must_be_in_operations(client_as, ops, worker, idea):
    response = client_as(ops).post(edit_url(idea), triage_data(idea, owner=worker.pk))
    assert "owner" in response.context["form"].errors
    assert fresh(idea).owner is None


@pytest.mark.django_db
def test_internal_note_is_appended_and_listed_for_ops(client_as, ops, idea):
    client = client_as(ops)
    client.post(edit_url(idea), triage_data(idea, internal_note="Finance says Q3."))
    note = InternalNote.objects.get(idea=idea)
    assert (note.body, note.author) == ("Finance says Q3.", ops)
    assert "Finance says Q3." in client.get(edit_url(idea)).text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["customer", "worker", "moderator", "editor"])
def test_internal_notes_are_shown_to_no_one_else(request, client_as, ops, idea, role):
    flows.add_internal_note(idea, ops, "Secret budget line")
    response = client_as(request.getfixturevalue(role)).get(edit_url(idea))
    assert b"Secret budget line" not in response.content


# --- Merging -------------------------------------------------------------------------

@pytest.mark.django_db
def test_merge_into_offers_only_other_unmerged_ideas(client_as, ops, make_idea):
    target, duplicate, gone = make_idea("Target"), make_idea("Repeat"), make_idea("Gone")
    flows.merge_ideas(gone, target, ops)
    form = client_as(ops).get(merge_url(duplicate)).context["form"]
    offered = set(form.fields["target"].queryset)
    assert offered == {target}


@pytest.mark.django_db
def test_merging_moves_the_duplicate_and_shows_it_as_merged(client_as, ops, make_idea):
    target, duplicate = make_idea("Target"), make_idea("Repeat")
    client = client_as(ops)
    response = client.post(merge_url(duplicate), {"target": target.pk, "response": "Same idea."})
    assert response.status_code == 302
    duplicate = fresh(duplicate)
    assert (duplicate.merged_into, duplicate.status) == (target, Idea.Status.DUPLICATE)
    page = client.get(edit_url(duplicate)).text
    assert "Merged into" in page
    assert merge_url(duplicate) not in page


@pytest.mark.django_db
def test_merging_into_itself_or_a_merged_idea_is_refused(client_as, ops, make_idea):
    target, duplicate, gone = make_idea("Target"), make_idea("Repeat"), make_idea("Gone")
    flows.merge_ideas(gone, target, ops)
    client = client_as(ops)
    for choice in (duplicate, gone):
        response = client.post(merge_url(duplicate), {"target": choice.pk})
        assert "target" in response.context["form"].errors
    assert fresh(duplicate).merged_into is None


# --- Export --------------------------------------------------------------------------

@pytest.mark.django_db
def test_csv_export_lists_ideas_without_internal_notes(client_as, ops, make_idea):
    idea = make_idea("Exported idea", impact=4, confidence=50, effort=2, vote_count=3)
    flows.add_internal_note(idea, ops, "Do not forward this")
    response = client_as(ops).get(BACKLOG + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Exported idea" in body
    assert b"Priority" in body
    assert b"Do not forward this" not in body


@pytest.mark.django_db
def test_xlsx_export_downloads(client_as, ops, make_idea):
    make_idea("Exported idea")
    response = client_as(ops).get(BACKLOG + "?export=xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


# --- Bulk status ---------------------------------------------------------------------

BULK = "/admin/bulk/practices/idea/set_status/"


@pytest.mark.django_db
def test_listing_offers_the_bulk_set_status_action(client_as, ops, idea):
    page = client_as(ops).get(BACKLOG).text
    assert BULK in page
    assert f'idea_{idea.pk}_title' in page


@pytest.mark.django_db
def test_bulk_set_status_records_one_response_on_each_idea(client_as, ops, make_idea):
    first, second = make_idea("First"), make_idea("Second")
    already = make_idea("Already planned", status="planned")
    query = f"?id={first.pk}&id={second.pk}&id={already.pk}&next={BACKLOG}"
    client = client_as(ops)
    assert client.get(BULK + query).status_code == 200
    response = client.post(BULK + query, {"status": "planned", "response": "Coming in May."})
    assert response.status_code == 302
    changes = StatusChange.objects.filter(to_status="planned")
    assert {c.idea_id for c in changes} == {first.pk, second.pk}
    assert {c.response for c in changes} == {"Coming in May."}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_bulk_set_status_is_refused_to_others(request, client_as, idea, role):
    response = client_as(request.getfixturevalue(role)).post(
        f"{BULK}?id={idea.pk}", {"status": "planned"})
    assert response.status_code in (302, 403)
    assert fresh(idea).status == Idea.Status.NEW


# --- Owners ----------------------------------------------------------------------------

BULK_OWNER = "/admin/bulk/practices/idea/assign_owner/"


@pytest.fixture
def ops_colleague(make_person):
    from community import roles

    return make_person("otto@staff.example.com", roles.CUSTOMER, roles.OPERATIONS,
                       display_name="Otto")


def assigned_to(person):
    return sorted(int(pk) for pk in person.notifications.filter(event="ideas.assigned")
                  .values_list("object_id", flat=True))


@pytest.mark.django_db
def test_a_new_owner_is_told_and_the_change_is_audited(client_as, ops, ops_colleague, idea):
    from wagtail.models import ModelLogEntry

    client_as(ops).post(edit_url(idea), triage_data(idea, owner=ops_colleague.pk))
    assert fresh(idea).owner == ops_colleague
    assert len(assigned_to(ops_colleague)) == 1
    assert ModelLogEntry.objects.filter(action="ideas.assign_owner").count() == 1
    # Saving again with the same owner neither tells them twice nor logs again.
    client_as(ops).post(edit_url(idea), triage_data(fresh(idea), owner=ops_colleague.pk, impact=2))
    assert len(assigned_to(ops_colleague)) == 1
    assert ModelLogEntry.objects.filter(action="ideas.assign_owner").count() == 1


@pytest.mark.django_db
def test_taking_an_idea_yourself_is_not_news_to_you(client_as, ops, idea):
    client_as(ops).post(edit_url(idea), triage_data(idea, owner=ops.pk))
    assert fresh(idea).owner == ops and assigned_to(ops) == []


@pytest.mark.django_db
def test_bulk_assign_owner_gives_each_idea_and_tells_the_owner(client_as, ops, ops_colleague,
                                                                make_idea):
    first, second = make_idea("First"), make_idea("Second")
    query = f"?id={first.pk}&id={second.pk}&next={BACKLOG}"
    client = client_as(ops)
    page = client.get(BULK_OWNER + query)
    assert page.status_code == 200 and "The owner is told" in page.text
    response = client.post(BULK_OWNER + query, {"owner": ops_colleague.pk})
    assert response.status_code == 302
    assert {fresh(first).owner, fresh(second).owner} == {ops_colleague}
    assert assigned_to(ops_colleague) == sorted([first.pk, second.pk])
    # "Nobody" takes them back.
    client.post(BULK_OWNER + query, {"owner": ""})
    assert {fresh(first).owner, fresh(second).owner} == {None}


@pytest.mark.django_db
def test_bulk_assign_owner_refuses_someone_outside_operations(client_as, ops, worker, idea):
    response = client_as(ops).post(f"{BULK_OWNER}?id={idea.pk}", {"owner": worker.pk})
    assert response.status_code == 200 and fresh(idea).owner is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["worker", "moderator", "editor"])
def test_bulk_assign_owner_is_refused_to_others(request, client_as, ops, idea, role):
    response = client_as(request.getfixturevalue(role)).post(
        f"{BULK_OWNER}?id={idea.pk}", {"owner": ops.pk})
    assert response.status_code in (302, 403) and fresh(idea).owner is None


@pytest.mark.django_db
def test_bulk_actions_answer_nonsense_ids_with_not_found(client_as, ops):
    assert client_as(ops).get(f"{BULK_OWNER}?id=abc&id=99999999999999999999").status_code == 404


@pytest.mark.django_db
def test_owners_are_only_operations_in_the_flow(worker, ops, idea):
    with pytest.raises(flows.NotAllowed, match="not in operations"):
        flows.assign_owner(idea, worker, ops)
    with pytest.raises(flows.NotAllowed):
        flows.assign_owner(idea, ops, worker)


@pytest.mark.django_db
def test_select_all_changes_only_the_ideas_the_filtered_backlog_lists(client_as, ops, make_idea):
    listed = [make_idea("Refund by text"), make_idea("Refund on the app")]
    other_status = make_idea("Refund planned", status="planned")
    not_found = make_idea("Open on Sundays")
    query = f"?id=all&q=refund&status=new&next={BACKLOG}"
    client = client_as(ops)
    page = client.get(BULK + query).text
    assert "Refund by text" in page and "Open on Sundays" not in page
    client.post(BULK + query, {"status": "under_review", "response": ""})
    assert {fresh(idea).status for idea in listed} == {"under_review"}
    assert fresh(other_status).status == "planned" and fresh(not_found).status == "new"


@pytest.mark.django_db
def test_backlog_pages_never_repeat_an_idea_among_equal_votes(client_as, ops, make_idea):
    for n in range(60):
        make_idea(f"Idea {n}")
    client = client_as(ops)
    seen = []
    for page in (1, 2):
        listing = client.get(f"{BACKLOG}?p={page}").text
        seen += [n for n in range(60) if f">Idea {n}<" in listing]
    assert sorted(seen) == list(range(60))


@pytest.mark.django_db
def test_a_page_opened_before_a_status_change_does_not_revert_it(client_as, ops, idea):
    page = client_as(ops).get(edit_url(idea)).text
    assert 'name="status_seen" value="new"' in page
    opened = triage_data(idea, status_seen="new")  # the page showed "new"
    flows.change_status(idea, "planned", ops, response="Coming in May.")
    response = client_as(ops).post(edit_url(idea), {**opened, "impact": 3})
    assert response.status_code == 302
    idea = fresh(idea)
    assert (idea.status, idea.impact) == ("planned", 3)
    assert StatusChange.objects.filter(idea=idea).count() == 1


@pytest.mark.django_db
def test_choosing_a_status_on_a_stale_page_asks_again(client_as, ops, idea):
    opened = triage_data(idea, status_seen="new")
    flows.change_status(idea, "planned", ops)
    response = client_as(ops).post(edit_url(idea), {
        **opened, "status": "declined", "response": "Not for us."})
    assert response.status_code == 200
    assert "since you opened it" in str(response.context["form"].errors["status"])
    assert "Not for us." in response.text
    assert fresh(idea).status == "planned"


CHOOSER = "/admin/practice_idea_chooser/"


@pytest.mark.django_db
def test_merge_page_chooses_the_target_in_a_searchable_chooser(client_as, ops, make_idea):
    target, duplicate = make_idea("Refund tracking"), make_idea("Where is my refund")
    make_idea("Open on Sundays")
    client = client_as(ops)
    page = client.get(merge_url(duplicate)).text
    # The chooser's address, and the script that opens it: without it the
    # button does nothing in a browser.
    assert CHOOSER in page and "chooser-widget.js" in page
    found = client.get(CHOOSER + "results/", {"q": "refund"}).text
    assert "Refund tracking" in found and "Where is my refund" in found
    assert "Open on Sundays" not in found


@pytest.mark.django_db
def test_the_chooser_never_offers_merged_ideas(client_as, ops, make_idea):
    target, gone = make_idea("Refund tracking"), make_idea("Refund tracker")
    flows.merge_ideas(gone, target, ops)
    listed = client_as(ops).get(CHOOSER + "results/").text
    assert "Refund tracking" in listed and "Refund tracker" not in listed
