"""The search page, the header box and "before you post", as a reader meets them,
on the embedded default (the database backend)."""

import pytest
from bs4 import BeautifulSoup

from forum import flows as forum_flows
from tests.forum.builders import make_threads
from tests.pages import queries_on


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def hit_titles(page):
    return [a.get_text().strip() for a in page.select(".search-hit-title a")]


@pytest.fixture
def threads(forum, customer, committed):
    with committed():
        refund = forum_flows.start_thread(
            forum=forum, author=customer, title="Where is my refund?",
            body="I returned a <script>kettle</script> two weeks ago.")
        sunday = forum_flows.start_thread(
            forum=forum, author=customer, title="Open on Sunday?", body="Are you open?")
    return refund, sunday


@pytest.mark.django_db
def test_search_page_finds_highlights_and_escapes(client, threads):
    page = soup(client.get("/search/", {"q": "refund"}))
    assert hit_titles(page) == ["Where is my refund?"]
    assert page.select_one(".search-hit-title mark").get_text().lower().startswith("refund")
    html = str(page.select_one(".search-results"))
    assert "<script>" not in html
    assert "1 result for “refund”" in page.get_text()


@pytest.mark.django_db
def test_search_page_says_when_nothing_is_found_and_asks_without_a_query(client, threads):
    page = soup(client.get("/search/", {"q": "zebra crossing"}))
    assert "Nothing found for “zebra crossing”" in page.get_text() and not hit_titles(page)
    assert "Search the forums, the ideas board" in soup(client.get("/search/")).get_text()


@pytest.mark.django_db
def test_facets_narrow_the_results_and_keep_the_others(client, threads, forum, make_forum,
                                                       customer, committed):
    other = make_forum("Wins and shout-outs")
    with committed():
        forum_flows.start_thread(forum=other, author=customer, title="Refund came fast, thanks",
                                 body="Lovely.")
    everything = soup(client.get("/search/", {"q": "refund"}))
    assert len(hit_titles(everything)) == 2
    narrowed = soup(client.get("/search/", {"q": "refund", "forum": other.title}))
    assert hit_titles(narrowed) == ["Refund came fast, thanks"]
    boxes = {box["value"]: box.has_attr("checked")
             for box in narrowed.select(".search-facets input[name=forum]")}
    assert boxes == {forum.title: False, other.title: True}


@pytest.mark.django_db
@pytest.mark.parametrize("params", [
    {"q": "refund", "page": "abc"}, {"q": "refund", "page": "99999999999999"},
    {"q": "refund", "nonsense": "x"}, {"q": "x" * 5000}, {"q": "\x00 refund"},
    {"q": "refund", "kind": "no-such-kind"}, {"q": '"unbalanced AND ( OR'},
])
def test_bad_input_never_fails(client, threads, params):
    assert client.get("/search/", params).status_code == 200


@pytest.mark.django_db
def test_header_box_is_on_every_page_and_suggests_titles(client, threads):
    home = soup(client.get("/"))
    box = home.select_one("form.site-search")
    assert box["action"] == "/search/" and box.select_one("input[name=q]")["hx-get"]
    suggestions = soup(client.get("/search/suggestions/", {"q": "refu"}))
    links = [a.get_text(" ", strip=True) for a in suggestions.select("a")]
    assert any("Where is my refund?" in link for link in links)
    assert links[-1] == "All results for “refu”"


@pytest.mark.django_db
def test_new_thread_form_offers_what_may_answer_it(client, client_as, customer, forum, threads):
    form = soup(client_as(customer).get(forum.url + "new/"))
    assert form.select_one("input[name=title]")["hx-get"] == "/search/before-you-post/"
    assert form.select_one("#before-you-post") is not None
    answer = soup(client.get("/search/before-you-post/", {"title": "refund for a kettle"}))
    assert [a.get_text(" ", strip=True) for a in answer.select("a")][0].startswith(
        "Where is my refund?")


@pytest.mark.django_db
def test_search_page_queries_do_not_grow_with_results(client, forum, customer, committed):
    # Written as rows (the forum's flows would stop a new account at three threads);
    # the index follows them all the same.
    with committed():
        make_threads(forum, customer, 2)
    few = queries_on(client, "/search/?q=question")
    with committed():
        make_threads(forum, customer, 10)
    assert queries_on(client, "/search/?q=question") == few


@pytest.mark.django_db
def test_a_chosen_filter_that_empties_the_page_stays_there_to_untick(client, threads, forum):
    page = soup(client.get("/search/", {"q": "refund", "forum": "Nowhere"}))
    assert "Nothing found for “refund”" in page.get_text()
    boxes = {box["value"]: box.has_attr("checked")
             for box in page.select(".search-facets input[name=forum]")}
    assert boxes == {"Nowhere": True, forum.title: False}
