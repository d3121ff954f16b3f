"""Topic pages: everything tagged with one journey stage or barrier, the index of
topics, and the site navigation's Practices and Topics items."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from community import roles
from community.models import Barrier, HomePage, JourneyStage
from forum.models import Thread
from practices import flows
from practices.queries import topics
from practices.models import PracticeLibraryPage, PracticePage
from tests.forum.builders import make_threads
from tests.pages import queries_on

pytestmark = pytest.mark.django_db

INDEX = "/topics/"


def stage_url(slug):
    return f"/topics/stage/{slug}/"


def barrier_url(slug):
    return f"/topics/barrier/{slug}/"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(page, selector):
    return [a.get_text(strip=True) for a in page.select(selector)]


def section(page, heading_id):
    return page.find(id=heading_id).find_parent("section")


@pytest.fixture
def onboard():
    return JourneyStage.objects.get(slug="onboard")


@pytest.fixture
def slow():
    return Barrier.objects.get(slug="slow-response")


# --- What a topic gathers ---------------------------------------------------------------

def test_stage_page_gathers_visible_threads_board_ideas_and_readable_practices(
        client, board, library, make_idea, make_practice, forum, make_forum, customer, ops,
        onboard):
    use = JourneyStage.objects.get(slug="use")
    [shown] = make_threads(forum, customer, 1, journey_stage=onboard)
    Thread.objects.filter(pk=shown.pk).update(title="Setting up my account")
    [hidden] = make_threads(forum, customer, 1, journey_stage=onboard)
    Thread.objects.filter(pk=hidden.pk).update(title="Taken down", is_hidden=True)
    closed = make_forum("Closed forum")
    [unpublished] = make_threads(closed, customer, 1, journey_stage=onboard)
    Thread.objects.filter(pk=unpublished.pk).update(title="In an unpublished forum")
    closed.unpublish()
    make_threads(forum, customer, 1, journey_stage=use)

    kept = make_idea("Welcome call in week one", journey_stage=onboard)
    merged = make_idea("Call new customers", journey_stage=onboard)
    flows.merge_ideas(merged, kept, ops)
    make_idea("Elsewhere on the journey", journey_stage=use)

    make_practice("A first-week checklist", journey_stage=onboard, days_ago=3)
    make_practice("Newer guide", journey_stage=onboard, days_ago=1)
    retired = make_practice("The old welcome pack", journey_stage=onboard, days_ago=0)
    PracticePage.objects.filter(pk=retired.pk).update(retired=True)
    make_practice("A draft", journey_stage=onboard, publish=False)
    make_practice("Withdrawn", journey_stage=onboard).unpublish()
    private = make_practice("Private", journey_stage=onboard)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    make_practice("Used every day", journey_stage=use)

    page = soup(client.get(stage_url("onboard")))
    assert page.h1.get_text() == "Onboard"
    assert titles(page, ".thread-row-title a") == ["Setting up my account"]
    assert titles(page, ".idea-row-title a") == ["Welcome call in week one"]
    assert titles(page, ".practice-card-title a") == [
        "Newer guide", "A first-week checklist", "The old welcome pack"]
    retired_card = page.select(".practice-card")[-1]
    assert "is-retired" in retired_card["class"] and "Retired" in retired_card.get_text()


def test_threads_come_latest_activity_first(client, forum, customer, onboard):
    older, newer = make_threads(forum, customer, 2, journey_stage=onboard)
    page = soup(client.get(stage_url("onboard")))
    assert titles(page, ".thread-row-title a") == [newer.title, older.title]


def test_barrier_page_gathers_ideas_and_practices_and_says_threads_have_none(
        client, board, library, make_idea, make_practice, forum, customer, ops, slow):
    other = Barrier.objects.exclude(pk=slow.pk).first()
    make_threads(forum, customer, 1, journey_stage=JourneyStage.objects.first())
    kept = make_idea("Answer within the hour", barriers=[slow])
    flows.merge_ideas(make_idea("Reply faster", barriers=[slow]), kept, ops)
    make_idea("Other barrier", barriers=[other])
    make_practice("Call back the same day", barriers=[slow, other])
    make_practice("Unrelated", barriers=[other])

    page = soup(client.get(barrier_url("slow-response")))
    assert page.h1.get_text() == "Slow response"
    assert not page.select(".thread-row") and page.find(id="threads-heading") is None
    assert "filed by journey stage, not by barrier" in page.get_text()
    assert titles(page, ".idea-row-title a") == ["Answer within the hour"]
    assert titles(page, ".practice-card-title a") == ["Call back the same day"]


def test_sections_show_the_first_few_and_lead_to_the_filtered_lists(
        client, board, library, make_idea, make_practice, forum, customer, onboard):
    make_threads(forum, customer, topics.THREADS_SHOWN + 2, journey_stage=onboard)
    for n in range(topics.IDEAS_SHOWN + 1):
        idea = make_idea(f"Idea {n}", journey_stage=onboard)
        type(idea).objects.filter(pk=idea.pk).update(vote_count=n)
    make_practice("Only practice", journey_stage=onboard)

    page = soup(client.get(stage_url("onboard")))
    threads = section(page, "threads-heading")
    assert len(threads.select(".thread-row")) == topics.THREADS_SHOWN
    assert f"of {topics.THREADS_SHOWN + 2}" in threads.get_text()
    ideas = section(page, "ideas-heading")
    # The most voted first, as the board's "top" order.
    assert titles(ideas, ".idea-row-title a")[:2] == [
        f"Idea {topics.IDEAS_SHOWN}", f"Idea {topics.IDEAS_SHOWN - 1}"]
    assert len(ideas.select(".idea-row")) == topics.IDEAS_SHOWN
    see_all = ideas.find("a", string=lambda text: text and text.startswith("See all"))
    assert see_all["href"] == f"{board.url}?stage=onboard&sort=top"
    assert see_all.get_text() == f"See all {topics.IDEAS_SHOWN + 1} ideas on the board"
    practices = section(page, "practices-heading")
    link = practices.find("a", string="See all 1 practice in the library")
    assert link["href"] == f"{library.url}?stage=onboard"
    # The lists they lead to are filtered by the same term.
    assert client.get(link["href"]).context["stage"].slug == "onboard"
    assert client.get(see_all["href"]).context["stage"].slug == "onboard"


def test_empty_topic_says_so_and_links_nowhere(client, onboard):
    page = soup(client.get(stage_url("onboard")))
    text = page.get_text()
    assert "No forum thread at this stage yet" in text
    assert "No idea on the board about this yet" in text
    assert "No practice in the library about this yet" in text
    assert "See all" not in text


def test_signed_in_reader_votes_from_the_topic_page(client_as, board, make_idea, customer,
                                                    onboard):
    idea = make_idea("Welcome call", journey_stage=onboard)
    reader = client_as(customer)
    button = soup(reader.get(stage_url("onboard"))).select_one(f"#vote-{idea.pk} button")
    assert button["aria-pressed"] == "false"
    flows.toggle_vote(idea, customer)
    button = soup(reader.get(stage_url("onboard"))).select_one(f"#vote-{idea.pk} button")
    assert button["aria-pressed"] == "true"


@pytest.mark.parametrize("url", [
    stage_url("no-such-stage"), barrier_url("no-such-barrier"),
    # A barrier's slug is not a stage's, nor the other way round.
    stage_url("slow-response"), barrier_url("onboard"),
    "/topics/stage/%C3%A9t%C3%A9/", "/topics/colour/onboard/",
])
def test_unknown_topics_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_topic_pages_answer_reads_only(client, onboard):
    assert client.post(stage_url("onboard")).status_code == 405
    assert client.head(stage_url("onboard")).status_code == 200


# --- The index ----------------------------------------------------------------------------

def test_index_lists_every_stage_and_barrier_with_counts(
        client, board, library, make_idea, make_practice, forum, customer, ops, onboard, slow):
    make_threads(forum, customer, 2, journey_stage=onboard)
    [hidden] = make_threads(forum, customer, 1, journey_stage=onboard)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    kept = make_idea("Kept", journey_stage=onboard, barriers=[slow])
    flows.merge_ideas(make_idea("Merged", journey_stage=onboard, barriers=[slow]), kept, ops)
    make_practice("Live", journey_stage=onboard, barriers=[slow])
    make_practice("Draft", journey_stage=onboard, barriers=[slow], publish=False)

    page = soup(client.get(INDEX))
    links = [a["href"] for a in page.select(".topic-summary h3 a")]
    assert links == (
        [stage_url(stage.slug) for stage in JourneyStage.objects.all()]
        + [barrier_url(barrier.slug) for barrier in Barrier.objects.all()]
    )

    def counts(url):
        card = page.find("a", href=url).find_parent("li")
        return " ".join(card.select_one(".meta").get_text().split())

    assert counts(stage_url("onboard")) == "2 threads · 1 idea · 1 practice"
    assert counts(stage_url("buy")) == "0 threads · 0 ideas · 0 practices"
    assert counts(barrier_url("slow-response")) == "1 idea · 1 practice"


def test_index_counts_are_kept_for_a_while(client, forum, customer, onboard):
    make_threads(forum, customer, 1, journey_stage=onboard)
    assert topics.topic_counts()["stage"][onboard.pk].threads == 1
    make_threads(forum, customer, 1, journey_stage=onboard)
    assert topics.topic_counts()["stage"][onboard.pk].threads == 1
    assert topics._count_topics()["stage"][onboard.pk].threads == 2


# --- Cost ---------------------------------------------------------------------------------

@pytest.fixture
def people(make_person):
    return [make_person(f"author{i}@example.com", roles.CUSTOMER,
                        *([roles.WORKER] if i % 2 else []), display_name=f"Author {i}")
            for i in range(6)]


def fill(forum, make_idea, make_practice, people, stage, barriers, count, start):
    """`count` threads, ideas and practices at `stage`, removing `barriers`, with
    varied authors, tags and replies."""
    for n in range(start, start + count):
        author = people[n % len(people)]
        make_threads(forum, author, 1, replies=2, repliers=people[n % 3:n % 3 + 3],
                     tags=[f"tag {n}", "shared"], journey_stage=stage)
        make_idea(f"Idea {n}", author=people[1], journey_stage=stage, barriers=barriers,
                  tags=[f"tag {n}"])
        practice = make_practice(f"Practice {n}", journey_stage=stage, barriers=barriers,
                                 tags=[f"tag {n}", "shared"], contributors=people[:n % 3 + 1])
        if n % 4 == 0:
            PracticePage.objects.filter(pk=practice.pk).update(retired=True,
                                                                replaced_by=practice)


@pytest.mark.parametrize("viewer", ["anonymous", "customer"])
def test_topic_pages_cost_the_same_however_much_they_gather(
        client, client_as, customer, board, library, make_idea, make_practice, forum, people,
        onboard, viewer):
    reader = client if viewer == "anonymous" else client_as(customer)
    barriers = list(Barrier.objects.all()[:2])
    urls = [stage_url("onboard"), barrier_url(barriers[0].slug), INDEX]
    fill(forum, make_idea, make_practice, people, onboard, barriers, 2, 0)
    few = [queries_on(reader, url) for url in urls]
    fill(forum, make_idea, make_practice, people, onboard, barriers,
         topics.PRACTICES_SHOWN + 2, 2)
    assert [queries_on(reader, url) for url in urls] == few


def test_counting_topics_costs_the_same_however_many_items(
        board, library, make_idea, make_practice, forum, people, onboard):
    barriers = list(Barrier.objects.all()[:2])

    def cost():
        with CaptureQueriesContext(connection) as captured:
            topics._count_topics()
        return len(captured.captured_queries)

    fill(forum, make_idea, make_practice, people, onboard, barriers, 1, 0)
    few = cost()
    fill(forum, make_idea, make_practice, people, JourneyStage.objects.last(), barriers, 5, 1)
    assert cost() == few


# --- Navigation ---------------------------------------------------------------------------

def nav_links(client, url="/"):
    return {a.get_text(): a for a in soup(client.get(url)).select(".site-nav a")}


def test_nav_leads_to_the_library_after_ideas_and_to_topics(client, board, library):
    links = nav_links(client)
    assert list(links) == ["Home", "Ideas", "Practices", "Topics"]
    assert links["Practices"]["href"] == library.url
    assert links["Topics"]["href"] == INDEX
    assert not links["Practices"].has_attr("aria-current")


@pytest.fixture
def practice_in_library(make_practice):
    return make_practice("A practice")


def test_nav_marks_the_library_and_topics_current(client, library, practice_in_library):
    for url in (library.url, practice_in_library.url):
        links = nav_links(client, url)
        assert links["Practices"]["aria-current"] == "page"
        assert not links["Topics"].has_attr("aria-current")
    for url in (INDEX, stage_url("onboard")):
        links = nav_links(client, url)
        assert links["Topics"]["aria-current"] == "page"
        assert not links["Practices"].has_attr("aria-current")


def test_nav_follows_the_library_as_editors_change_it(client):
    assert "Practices" not in nav_links(client)
    page = PracticeLibraryPage(title="Good practice", slug="good-practice")
    HomePage.objects.get().add_child(instance=page)
    assert nav_links(client)["Practices"]["href"] == "/good-practice/"
    page.unpublish()
    assert "Practices" not in nav_links(client)


# --- Editors curate the terms ---------------------------------------------------------------

@pytest.mark.parametrize("model", ["journeystage", "barrier"])
def test_editors_add_and_rename_terms_in_the_admin(client_as, editor, model):
    terms = JourneyStage if model == "journeystage" else Barrier
    term = terms.objects.first()
    client = client_as(editor)
    assert client.get(reverse(f"wagtailsnippets_community_{model}:list")).status_code == 200
    edit = reverse(f"wagtailsnippets_community_{model}:edit", args=[term.pk])
    response = client.post(edit, {"name": "Renamed", "slug": term.slug,
                                  "description": term.description, "sort_order": 0})
    assert response.status_code == 302
    assert terms.objects.get(pk=term.pk).name == "Renamed"
    add = reverse(f"wagtailsnippets_community_{model}:add")
    response = client.post(add, {"name": "Brand new", "slug": "brand-new", "sort_order": 9})
    assert response.status_code == 302 and terms.objects.filter(slug="brand-new").exists()
    # Deleting untags everything filed under a term, so it stays with superusers.
    delete = reverse(f"wagtailsnippets_community_{model}:delete", args=[term.pk])
    assert client.post(delete).status_code in (302, 403)
    assert terms.objects.filter(pk=term.pk).exists()
