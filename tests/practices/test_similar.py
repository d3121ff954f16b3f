"""Similar ideas and threads: shown while an idea's title is typed, when a thread
is turned into an idea, and on the idea page, so duplicates are caught early."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import flows as forum_flows
from forum.queries import similar_threads
from practices import flows, queries
from search.similar import words
from tests.fixtures.ideas import idea_url

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _indexed_at_once(monkeypatch):
    """The similar box asks the search index, which is written after commit;
    these tests never commit, so here it is written as things change."""
    from search import indexing

    monkeypatch.setattr(indexing, "_enqueue", indexing.update)


def similar_links(page):
    """The links in the similar box, on a whole page or in the box's own answer."""
    soup = BeautifulSoup(page, "html.parser")
    box = soup.find(id="similar") or soup
    return [link["href"] for link in box.find_all("a")]


def titles(rows):
    return [row.title for row in rows]


def test_words_skip_the_common_ones_and_match_plurals_and_tenses():
    assert words("Where is my refund?") == ["refund"]
    assert words("Refunds delayed at the counters") == ["refund", "delay", "counter"]
    assert words("It is 2 of us") == []


@pytest.mark.django_db
def test_ideas_sharing_more_words_come_first(make_idea):
    make_idea("Faster refunds at the counter")
    make_idea("Tell people where their refund is")
    make_idea("Open the shop on Sundays")
    found = queries.similar_ideas("Where is my refund")
    assert titles(found) == ["Tell people where their refund is", "Faster refunds at the counter"]


@pytest.mark.django_db
def test_nothing_similar_to_a_title_of_common_words(make_idea):
    make_idea("Tell people where their refund is")
    assert queries.similar_ideas("what is it") == []


@pytest.mark.django_db
def test_merged_ideas_and_the_idea_itself_are_not_similar(make_idea, ops):
    kept = make_idea("Refund tracking by text message")
    duplicate = make_idea("Refund tracking please")
    reading = make_idea("Refund tracking for returns")
    flows.merge_ideas(duplicate, kept, ops)
    assert titles(queries.similar_ideas(reading.title, exclude=reading)) == [kept.title]


@pytest.mark.django_db
def test_hidden_threads_and_unpublished_forums_never_show(forum, make_forum, customer, moderator):
    shown = forum_flows.start_thread(forum=forum, author=customer, title="Refund never arrived",
                                     body="Two weeks now.")
    hidden = forum_flows.start_thread(forum=forum, author=customer, title="Refund scam link",
                                      body="spam")
    forum_flows.delete_post(post=hidden.posts.get(), user=moderator)
    draft = make_forum("Staff only")
    draft.unpublish()
    forum_flows.start_thread(forum=draft, author=customer, title="Refund policy draft", body="x")
    assert titles(similar_threads("refund")) == [shown.title]


@pytest.mark.django_db
def test_title_box_shows_similar_ideas_and_threads_as_typed(client_as, worker, make_idea, thread):
    idea = make_idea("Tell people where their refund is")
    response = client_as(worker).get("/ideas/similar/", {"title": "Refund updates"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert idea_url(idea) in page and thread.get_absolute_url() in page
    assert "Is it already here?" in page


@pytest.mark.django_db
def test_title_box_says_when_nothing_is_similar(client_as, worker, make_idea):
    make_idea("Tell people where their refund is")
    response = client_as(worker).get("/ideas/similar/", {"title": "Sunday opening hours"}, **HTMX)
    page = response.content.decode()
    assert "Nothing like “Sunday opening hours” yet." in page and "Is it already here?" not in page


@pytest.mark.django_db
def test_similar_box_costs_the_same_however_long_the_title(client_as, worker, make_idea):
    for n in range(6):
        make_idea(f"Refund idea {n}")
    client = client_as(worker)

    def queries_for(title):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ideas/similar/", {"title": title}).status_code == 200
        return len(captured.captured_queries)

    assert queries_for("refund") == queries_for("refund " * 200 + "delivery tracking kettle")


@pytest.mark.django_db
def test_similar_box_is_for_those_who_submit_ideas(client, client_as, customer):
    assert client.get("/ideas/similar/", {"title": "refund"}).status_code == 403
    assert client_as(customer).get("/ideas/similar/", {"title": "refund"}).status_code == 403


@pytest.mark.django_db
def test_the_idea_form_asks_for_similar_titles_as_they_change(client_as, board, worker):
    page = client_as(worker).get(board.url + "new/").content.decode()
    assert 'hx-get="/ideas/similar/"' in page and 'hx-target="#similar"' in page
    assert 'id="similar"' in page


@pytest.mark.django_db
def test_form_sent_back_shows_what_is_similar_to_the_typed_title(client_as, board, worker,
                                                                 make_idea):
    idea = make_idea("Tell people where their refund is")
    response = client_as(worker).post(board.url + "new/", {"title": "Refund status by text"})
    page = response.content.decode()
    assert response.status_code == 400 and "Say what the customer lives through." in page
    assert idea_url(idea) in similar_links(page)


@pytest.mark.django_db
def test_promoting_a_thread_shows_similar_ideas_but_not_the_thread_itself(
        client_as, board, worker, make_idea, thread):
    idea = make_idea("Tell people where their refund is")
    page = client_as(worker).get(f"/ideas/promote/{thread.pk}/").content.decode()
    assert similar_links(page) == [idea_url(idea)]


@pytest.mark.django_db
def test_idea_page_lists_similar_ideas(client, board, make_idea):
    reading = make_idea("Refund tracking for returns")
    other = make_idea("Text me when my refund is paid")
    make_idea("Open on Sundays")
    page = client.get(idea_url(reading)).content.decode()
    assert "Similar ideas" in page and idea_url(other) in page
    assert "Open on Sundays" not in page


@pytest.mark.django_db
def test_title_box_leaves_out_the_thread_being_turned_into_an_idea(client_as, board, worker,
                                                                   thread):
    form = client_as(worker).get(f"/ideas/promote/{thread.pk}/").content.decode()
    assert f'hx-vals="{{&quot;thread&quot;: {thread.pk}}}"' in form
    asked = {"title": "Refund updates", "thread": thread.pk}
    assert similar_links(client_as(worker).get("/ideas/similar/", asked).content.decode()) == []
    for nonsense in ("abc", "9" * 40, "-1"):
        response = client_as(worker).get("/ideas/similar/", {**asked, "thread": nonsense})
        assert similar_links(response.content.decode()) == [thread.get_absolute_url()]
