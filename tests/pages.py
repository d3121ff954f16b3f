"""Measuring a page as a reader meets it."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext


def queries_on(client, url):
    """The SQL queries rendering `url` costs once the process is warm: the page
    cache, which would answer an anonymous client's second request, is off."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)  # the first request fills per-process caches (site root paths, nav)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def pressed_with_htmx(client, page_url, selector, action_url):
    """The button `selector` finds on the page, and the one HTMX swaps in when
    it is pressed. HTMX gives focus back to the element with the id that had
    it, so a toggle keeps a keyboard user's place only if the two share an id."""

    def button(response, css):
        assert response.status_code == 200, response.status_code
        return BeautifulSoup(response.content.decode(), "html.parser").select_one(css)

    before = button(client.get(page_url), selector)
    after = button(client.post(action_url, headers={"HX-Request": "true"}), "button")
    assert before.get("id"), f"{selector} needs an id for focus to come back to"
    return before, after


def kept(client, url):
    """The page at `url` once the page cache serves it: asked for until it comes
    from the cache (a Wagtail page's first render only teaches the cache what it
    shows), so a test can tell a page that changed from one never kept."""
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        if response.get("X-Cache") == "hit":
            return response.content.decode()
    raise AssertionError(f"{url} was never served from the page cache")


def reread(client, url):
    """The page at `url` rendered afresh: what changed made the cache let go of it."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "miss"
    return response.content.decode()


def text_of(html, selector="main"):
    """The words of the element at `selector`, spaces as a reader sees them."""
    return " ".join(BeautifulSoup(html, "html.parser").select_one(selector).get_text().split())
