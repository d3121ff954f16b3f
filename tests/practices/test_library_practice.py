"""A practice page: what it shows, what it costs, and how editors work on it."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from community import roles
from community.models import Barrier, JourneyStage
from forum.models import Thread
from practices import flows
from practices.flows import ratings
from practices.queries import library as reads
from practices.models import Idea, PracticeContributor, PracticePage
from tests.fixtures.library import TEXT
from tests.pages import queries_on

BODY = [
    ("text", "<p>It started on a Tuesday.</p>"),
    ("story", {"quote": "Someone knocked at eight with a new shower head.",
               "attribution": "A guest, room 214"}),
    ("steps", ["Take the report yourself.", "Call the technician now."]),
]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def done_idea(make_idea, ops):
    idea = make_idea("Fix rooms the same evening")
    flows.change_status(idea, Idea.Status.DONE, ops)
    return idea


@pytest.mark.django_db
def test_practice_page_shows_its_parts(client, make_practice, worker, ops, done_idea, thread):
    flows.add_evidence(done_idea, thread, worker)
    stage, barrier = JourneyStage.objects.get(slug="use"), Barrier.objects.get(slug="slow-response")
    page = make_practice(
        "Fix it the same evening", body=BODY, journey_stage=stage, barriers=[barrier],
        tags=["hotels"], contributors=[worker], source_idea=done_idea, practice_owner=ops,
        review_by=date(2031, 3, 1),
    )
    html = soup(client.get(page.url))
    text = html.get_text(" ", strip=True)
    assert html.h1.get_text() == "Fix it the same evening"
    for part in ["Staff fix it the same evening.", "The situation", "A guest finds the shower cold",
                 "What we do", "Reception calls the on-call technician", "The outcome",
                 "It started on a Tuesday.", "Take the report yourself.",
                 "Someone knocked at eight with a new shower head.", "A guest, room 214"]:
        assert part in text, part
    assert [li.get_text() for li in html.select(".practice-steps li")] == [
        "Take the report yourself.", "Call the technician now."]
    assert html.select_one(".service-story blockquote")
    topics = [li.get_text(" ", strip=True) for li in html.select(".practice-header .linked-tags li")]
    assert topics == ["Journey stage: Use", "Barrier removed: Slow response", "Tag: hotels"]
    credits = html.select_one(".practice-contributors")
    assert credits.select_one("a.person").get_text() == "Walt"
    assert "Worker" in credits.get_text()
    origin = html.select_one(".practice-origin")
    assert origin.find("a", href=done_idea.get_absolute_url()).get_text() == done_idea.title
    assert origin.find("a", href=thread.get_absolute_url()).get_text() == thread.title
    meta = html.select_one(".practice-meta").get_text(" ", strip=True)
    assert "Owner: Olive" in meta and "Review by 1 March 2031" in meta
    assert html.select_one("#helpful .helpful-count").get_text() == "Nobody has rated this yet"


@pytest.mark.django_db
def test_evidence_shows_only_threads_anyone_may_see(client, make_practice, worker, done_idea,
                                                     thread, forum, customer):
    from forum import flows as forum_flows

    hidden = forum_flows.start_thread(forum=forum, author=customer, title="Taken down",
                                      body="Spam spam spam.")
    flows.add_evidence(done_idea, thread, worker)
    flows.add_evidence(done_idea, hidden, worker)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    page = make_practice(source_idea=done_idea)
    assert reads.evidence_threads(page) == [thread]
    assert "Taken down" not in soup(client.get(page.url)).get_text()


@pytest.mark.django_db
def test_practice_without_origin_or_owner_leaves_those_parts_out(client, practice):
    html = soup(client.get(practice.url))
    assert not html.select(".practice-origin, .practice-contributors, .practice-meta, .notice")


@pytest.mark.django_db
def test_retired_practice_points_to_its_replacement(client, make_practice):
    new = make_practice("Money back without the wait")
    old = make_practice("A supervisor for every refund", retired=True, replaced_by=new)
    notice = soup(client.get(old.url)).select_one(".practice-retired")
    assert "retired" in notice.get_text()
    assert notice.find("a", href=new.url).get_text() == "Money back without the wait"
    # Nobody can be sent on to a replacement that is not published.
    new.unpublish()
    notice = soup(client.get(old.url)).select_one(".practice-retired")
    assert notice.find("a") is None and "kept here for reference" in notice.get_text()


@pytest.mark.django_db
def test_an_image_block_has_alt_text_and_caption(client, make_practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="Night desk", description="The night desk at 8 pm",
                                 file=get_test_image_file())
    page = make_practice(body=[
        ("image", {"image": image, "alt_text": "", "caption": "Where it started"}),
        ("image", {"image": image, "alt_text": "Reception, lit", "caption": ""}),
    ])
    figures = soup(client.get(page.url)).select(".practice-image")
    assert [figure.img["alt"] for figure in figures] == ["The night desk at 8 pm", "Reception, lit"]
    assert figures[0].figcaption.get_text() == "Where it started"
    assert figures[1].figcaption is None


@pytest.mark.django_db
def test_unpublished_practice_is_not_found(client, make_practice):
    draft = make_practice("Draft", publish=False)
    assert client.get(draft.url or "/practices/draft/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_practice_page_queries_do_not_grow_with_its_relations(
        client, client_as, make_practice, make_person, ops, customer, done_idea, forum, signed_in):
    people = [make_person(f"w{n}@example.com", roles.CUSTOMER, roles.WORKER,
                          *([roles.OPERATIONS] if n % 2 else []), display_name=f"W {n}")
              for n in range(6)]
    barriers = list(Barrier.objects.all())
    threads = [Thread.objects.create(forum=forum, author=customer, title=f"T{n}", slug=f"t{n}")
               for n in range(4)]
    retired = {"retired": True}
    small = make_practice("Small", contributors=people[:1], barriers=barriers[:1], tags=["a"],
                          source_idea=done_idea, practice_owner=ops, **retired)
    flows.add_evidence(done_idea, threads[0], ops)
    other = flows.submit_idea(ops, "Other", problem="p", proposal="p", outcome="o")
    for found in threads:
        flows.add_evidence(other, found, ops)
    big = make_practice("Big", contributors=people, barriers=barriers, tags=list("abcdefg"),
                        body=BODY * 3, source_idea=other, practice_owner=ops, **retired,
                        replaced_by=small)
    PracticePage.objects.filter(pk=small.pk).update(replaced_by=big)
    viewer = client_as(customer) if signed_in else client
    assert queries_on(viewer, small.url) == queries_on(viewer, big.url)


@pytest.mark.django_db
def test_contributors_are_credited_in_the_editors_order(practice, worker, ops):
    PracticeContributor.objects.create(page=practice, user=ops, sort_order=2)
    PracticeContributor.objects.create(page=practice, user=worker, sort_order=1,
                                       contribution="tried it first")
    credits = reads.contributors(practice)
    assert [(c.user, c.contribution) for c in credits] == [(worker, "tried it first"), (ops, "")]


# --- Editors ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_editors_never_overwrite_the_live_helpful_count(practice, customer, worker, editor):
    draft = PracticePage.objects.get(pk=practice.pk)
    draft.summary = "Fixed the same evening, every evening."
    revision = draft.save_revision(user=editor)
    ratings.toggle_helpful_practice(practice, customer)
    revision.publish()
    stored = PracticePage.objects.get(pk=practice.pk)
    assert (stored.summary, stored.helpful_count) == ("Fixed the same evening, every evening.", 1)
    # An editor's copy loaded before a rating lands, saved after it.
    ratings.toggle_helpful_practice(practice, worker)
    stored.title = "Fix it tonight"
    stored.save()
    stored = PracticePage.objects.get(pk=practice.pk)
    assert (stored.title, stored.helpful_count) == ("Fix it tonight", 2)
    copy = stored.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.helpful_count == 0


@pytest.mark.django_db
def test_editor_edits_a_practice_in_tabs_with_choosers(client_as, practice, editor):
    client = client_as(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[practice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(tab in html for tab in ["Taxonomy", "Lifecycle", "Ownership", "Retiring"])
    assert reverse("person_chooser:choose") in html
    assert reverse("practice_idea_chooser:choose") in html
    response = client.get(reverse("wagtailadmin_pages:add",
                                  args=["practices", "practicepage", practice.get_parent().pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_person_chooser_finds_people_by_name_not_by_email(client_as, editor, worker, customer):
    client = client_as(editor)
    url = reverse("person_chooser:choose_results")
    found = client.get(url, {"q": "walt"}).content.decode()
    assert "Walt" in found and "Carla" not in found
    assert "Walt" not in client.get(url, {"q": "staff.example"}).content.decode()


@pytest.mark.django_db
def test_idea_chooser_leaves_merged_ideas_out(client_as, editor, make_idea, ops):
    kept, merged = make_idea("Kept idea"), make_idea("Merged idea")
    flows.merge_ideas(merged, kept, ops)
    html = client_as(editor).get(reverse("practice_idea_chooser:choose_results"),
                                 {"q": "idea"}).content.decode()
    assert "Kept idea" in html and "Merged idea" not in html


@pytest.mark.django_db
def test_practices_live_under_the_library_only(library):
    assert PracticePage.can_create_at(library)
    assert not PracticePage.can_create_at(library.get_parent())
    assert PracticePage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_preview_shows_an_editors_unsaved_practice(library, practice, worker, editor):
    edited = PracticePage.objects.get(pk=practice.pk)
    edited.summary = "Unsaved summary"
    edited.contributors = [PracticeContributor(user=worker, contribution="unsaved credit")]
    html = edited.make_preview_request().content.decode()
    assert "Unsaved summary" in html and "unsaved credit" in html
    assert not PracticeContributor.objects.exists()
    # A practice never saved, placed in the tree as the admin's preview places it.
    new = PracticePage(title="Brand new", slug="brand-new", depth=library.depth + 1,
                       path=library.get_last_child()._inc_path(), **TEXT)
    new.tags.add("fresh")
    response = new.make_preview_request()
    assert response.status_code == 200
    assert "Brand new" in response.content.decode() and "fresh" in response.content.decode()


def _editor_form(worker, *contributors, **fields):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    stage, barriers = JourneyStage.objects.get(slug="use"), Barrier.objects.all()[:2]
    return nested_form_data({
        "title": "Fix it the same evening", "slug": "fix-it-the-same-evening",
        "summary": "Fixed tonight.", "situation": rich_text("<p>A cold shower.</p>"),
        "what_we_do": rich_text("<p>Call the technician.</p>"),
        "outcome": rich_text("<p>A hot shower.</p>"),
        "body": streamfield([("story", {"quote": "Eight o'clock!", "attribution": "A guest"})]),
        "journey_stage": stage.pk, "tags": "hotels, maintenance",
        "contributors": inline_formset([{"user": person.pk, "contribution": ""}
                                        for person in contributors]),
        "practice_owner": worker.pk, "review_by": "2031-01-01",
        "action-publish": "action-publish", **fields,
    }) | {"barriers": [barrier.pk for barrier in barriers]}


@pytest.mark.django_db
def test_editor_publishes_a_practice_through_the_admin(client_as, library, editor, worker,
                                                       done_idea):
    client = client_as(editor)
    url = reverse("wagtailadmin_pages:add", args=["practices", "practicepage", library.pk])
    twice = client.post(url, _editor_form(worker, worker, worker))
    assert twice.status_code == 200 and not PracticePage.objects.exists()
    assert "duplicate data for page and user" in twice.content.decode()
    response = client.post(url, _editor_form(worker, worker, source_idea=done_idea.pk))
    assert response.status_code == 302, response.context["form"].errors
    page = PracticePage.objects.get()
    assert page.live and page.source_idea == done_idea and page.practice_owner == worker
    assert [credit.user for credit in page.contributors.all()] == [worker]
    assert set(page.tags.names()) == {"hotels", "maintenance"} and page.barriers.count() == 2
    assert page.body[0].value["attribution"] == "A guest"
