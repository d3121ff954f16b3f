"""Whatever people type into titles, posts and tags, no script runs on a forum page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from forum import flows

TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
BODY = """Hello <script>alert("body")</script>

<img src="x" onerror="alert(2)"> <p onclick="alert(3)">click me</p>

[a link](javascript:alert(4)) and <a href="javascript:alert(5)">another</a>
and <a href=" JaVaScRiPt:alert(6)">a sneaky one</a>

<iframe src="https://example.com"></iframe><style>body{display:none}</style>
"""
TAGS = ['<script>alert("tag")</script>', '" onmouseover="alert(7)', "javascript:alert(8)"]


def assert_inert(html):
    page = BeautifulSoup(html, "html.parser")
    scripts = [s for s in page.find_all("script") if not s.get("src", "").endswith("htmx.min.js")]
    assert scripts == [], scripts
    assert not page.find_all(["iframe", "style", "img"])
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), (element.name, attribute)
            if attribute in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:"), element
    return page


@pytest.fixture
def hostile_thread(forum, make_person):
    author = make_person("mallory@example.com", display_name='Mal <b onmouseover="x()">')
    thread = flows.start_thread(forum=forum, author=author, title=TITLE, body=BODY, tags=TAGS)
    flows.post_reply(thread=thread, author=author, body=BODY)
    return thread


@pytest.mark.django_db
def test_thread_page_shows_hostile_text_as_text(client, hostile_thread):
    page = assert_inert(client.get(hostile_thread.get_absolute_url()).content.decode())
    assert page.h1.get_text() == TITLE
    assert '<script>alert("tag")</script>' in page.select_one(".thread-topics").get_text()
    assert "click me" in page.select_one(".post-body").get_text()


@pytest.mark.django_db
def test_forum_page_and_index_show_hostile_text_as_text(client, hostile_thread, forum_index):
    page = assert_inert(client.get(hostile_thread.forum.url).content.decode())
    assert page.select_one(".thread-row-title").get_text() == TITLE
    index = assert_inert(client.get(forum_index.url).content.decode())
    assert TITLE in index.select_one(".forum-summary-latest").get_text()


@pytest.mark.django_db
def test_home_page_activity_shows_hostile_titles_as_text(client, hostile_thread):
    assert_inert(client.get("/").content.decode())


@pytest.mark.django_db
def test_signed_in_pages_and_fragments_stay_inert(client_as, hostile_thread, customer):
    client = client_as(customer)
    opening = hostile_thread.posts.get(number=1)
    assert_inert(client.get(hostile_thread.get_absolute_url(), {"quote": opening.pk}).text)
    assert_inert(client.post(reverse("forum:preview"), {"body": BODY}).text)
    preview = client.post(hostile_thread.forum.url + "new/",
                          {"title": TITLE, "body": BODY, "preview": "1"})
    assert_inert(preview.text)
