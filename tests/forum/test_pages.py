"""The forum index, a forum's thread list, the nav item and the home page's activity."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from community.models import HomePage, JourneyStage
from forum import flows
from forum.models import THREADS_PER_PAGE, ForumIndexPage, ForumPage

from .builders import make_threads


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def titles(page):
    return [a.get_text() for a in page.select(".thread-row-title a")]


# --- Forum index ---------------------------------------------------------------------

@pytest.mark.django_db
def test_forum_index_lists_forums_with_counts_and_latest_post(client, forum_index, make_forum,
                                                                thread, worker):
    make_forum("Wins and shout-outs", "Thank someone")
    flows.post_reply(thread=thread, author=worker, body="Refund sent today.")
    page = soup(client.get(forum_index.url))

    forums = page.select(".forum-summary")
    assert [f.h2.get_text() for f in forums] == ["Getting help", "Wins and shout-outs"]
    help_text = forums[0].get_text(" ", strip=True)
    assert "1 thread" in help_text and "2 posts" in help_text
    assert "Where is my refund?" in help_text and "Walt" in help_text
    assert forums[0].select_one(".badge-role").get_text() == "Worker"
    assert "No threads yet" in forums[1].get_text()


@pytest.mark.django_db
def test_forum_index_leaves_out_unpublished_forums(client, forum_index, make_forum):
    make_forum("Drafts").unpublish()
    make_forum("Getting help")
    page = soup(client.get(forum_index.url))
    assert [f.h2.get_text() for f in page.select(".forum-summary")] == ["Getting help"]


@pytest.mark.django_db
def test_nav_links_to_the_forums_and_marks_them_current(client, forum, thread):
    home = soup(client.get("/"))
    link = home.select_one(".site-nav a[href='/forums/']")
    assert link.get_text() == "Forums" and not link.has_attr("aria-current")

    for url in ("/forums/", forum.url, thread.get_absolute_url()):
        page = soup(client.get(url))
        assert page.select_one(".site-nav a[href='/forums/']")["aria-current"] == "page"


@pytest.mark.django_db
def test_nav_follows_the_forum_index_as_editors_change_it(client):
    def nav():
        return soup(client.get("/")).select_one(".site-nav").get_text()

    assert "Forums" not in nav()
    index = ForumIndexPage(title="Community forums", slug="talk")
    HomePage.objects.get().add_child(instance=index)
    assert "Forums" in nav()
    assert soup(client.get("/")).select_one(".site-nav a[href='/talk/']")
    index.unpublish()
    assert "Forums" not in nav()


# --- A forum's thread list --------------------------------------------------------------

@pytest.mark.django_db
def test_forum_lists_threads_with_author_badges_tags_stage_and_state(
    client, forum, customer, worker
):
    stage = JourneyStage.objects.get(slug="get-help")
    solved = flows.start_thread(forum=forum, author=customer, title="Card declined",
                                body="Why?", tags=["payments"], journey_stage=stage)
    answer = flows.post_reply(thread=solved, author=worker, body="Try till 2.")
    flows.mark_solution(thread=solved, post=answer, user=customer)
    flows.start_thread(forum=forum, author=worker, title="Opening hours?", body="When?")

    page = soup(client.get(forum.url))
    rows = page.select(".thread-row")
    assert titles(page) == ["Opening hours?", "Card declined"]
    unanswered, card = (row.get_text(" ", strip=True) for row in rows)
    assert "Unanswered" in unanswered and "Worker" in unanswered
    assert "Solved" in card and "Unanswered" not in card
    assert "payments" in card and "Get help" in card
    assert "1 reply" in card and "Last post by Walt" in card
    assert page.select_one(".page-header a.button")["href"] == f"{forum.url}new/"


@pytest.mark.django_db
def test_hidden_threads_are_not_listed(client, forum, thread, moderator):
    flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    assert titles(soup(client.get(forum.url))) == []


@pytest.mark.django_db
def test_pinned_threads_lead_the_default_list(client, forum, customer, moderator):
    first, _second, _third = make_threads(forum, customer, 3)
    flows.set_pinned(thread=first, pinned=True, moderator=moderator)
    assert titles(soup(client.get(forum.url))) == ["Question 1", "Question 3", "Question 2"]
    newest = soup(client.get(forum.url, {"sort": "newest"}))
    assert titles(newest) == ["Question 3", "Question 2", "Question 1"]


@pytest.mark.django_db
def test_filters_unanswered_solved_and_mine(client_as, forum, customer, worker, make_person):
    other = make_person("ola@example.com", display_name="Ola")
    mine, replied, unanswered, solved = make_threads(forum, other, 4)
    flows.post_reply(thread=mine, author=other, body="Bump")
    flows.post_reply(thread=replied, author=customer, body="Same here")
    answer = flows.post_reply(thread=solved, author=worker, body="Fixed")
    flows.mark_solution(thread=solved, post=answer, user=other)
    own = flows.start_thread(forum=forum, author=customer, title="My own", body="Hi")
    client = client_as(customer)

    def listed(show):
        return set(titles(soup(client.get(forum.url, {"filter": show}))))

    assert listed("unanswered") == {unanswered.title, own.title}
    assert listed("solved") == {solved.title}
    assert listed("mine") == {replied.title, own.title}
    assert len(listed("all")) == 5
    assert listed("nonsense") == listed("all")


@pytest.mark.django_db
def test_mine_asks_visitors_to_sign_in(client, forum):
    response = client.get(forum.url, {"filter": "mine"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Mine" not in soup(client.get(forum.url)).select_one(".filter-tabs").get_text()


@pytest.mark.django_db
def test_most_helpful_sort(client, forum, customer, worker):
    quiet, helpful = make_threads(forum, customer, 2, replies=1, repliers=[worker])
    flows.toggle_helpful(post=quiet.posts.get(number=1), user=worker)
    flows.toggle_helpful(post=helpful.posts.get(number=1), user=worker)
    flows.toggle_helpful(post=helpful.posts.get(number=2), user=customer)
    assert titles(soup(client.get(forum.url, {"sort": "helpful"}))) == [helpful.title, quiet.title]


@pytest.mark.django_db
def test_thread_list_pages_keep_filter_and_sort(client, forum, customer):
    make_threads(forum, customer, THREADS_PER_PAGE + 3)
    first = soup(client.get(forum.url, {"filter": "unanswered", "sort": "newest"}))
    assert len(titles(first)) == THREADS_PER_PAGE
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert "filter=unanswered" in next_link and "sort=newest" in next_link and "after=" in next_link

    second = soup(client.get(forum.url + next_link))
    assert titles(second) == ["Question 3", "Question 2", "Question 1"]


@pytest.mark.django_db
def test_empty_forum_invites_a_first_thread(client, forum):
    assert "No threads yet" in soup(client.get(forum.url)).select_one(".empty").get_text()


# --- Home page ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_home_page_shows_the_latest_visible_threads(client, forum, customer, moderator):
    shown = flows.start_thread(forum=forum, author=customer, title="Kind words", body="Thanks")
    hidden = flows.start_thread(forum=forum, author=customer, title="Oops", body="Wrong place")
    flows.hide_post(post=hidden.posts.get(number=1), moderator=moderator)

    page = soup(client.get("/"))
    items = page.select(".activity-item")
    assert [item.a.get_text() for item in items] == ["Kind words"]
    assert items[0].a["href"] == shown.get_absolute_url()
    assert "Carla in Getting help" in items[0].get_text()


# --- Editors in the Wagtail admin ----------------------------------------------------------

def bulk_delete_url(*pages):
    query = urlencode({"id": [page.pk for page in pages], "next": "/admin/pages/"}, doseq=True)
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + "?" + query


@pytest.mark.django_db
def test_forums_holding_threads_are_kept_with_a_reason_when_deleted(
    client_as, superuser, forum_index, forum, make_forum, thread, moderator
):
    flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)  # hidden still counts
    empty = make_forum("Wins")
    client = client_as(superuser)
    refused = "Move or delete its threads first"
    for page in (forum, forum_index):
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        assert refused in client.get(url, follow=True).text
        assert refused in client.post(url, follow=True).text
    # Several pages at once: the confirmation lists them, the refusal comes on confirming.
    assert refused in client.post(bulk_delete_url(forum, empty), follow=True).text
    assert ForumPage.objects.filter(pk__in=[forum.pk, empty.pk]).count() == 2

    client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
    assert not ForumPage.objects.filter(pk=empty.pk).exists()
