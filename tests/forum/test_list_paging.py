"""Paging through a forum's thread list: "Older" and "Newer" lead through every
thread exactly once, in every order and filter, whatever a link says."""

from collections import Counter
from datetime import timedelta
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import flows
from forum.models import THREADS_PER_PAGE, Post, Reaction, Thread
from forum.queries import FILTERS, SORTS, list_cursor

from tests.paging import link, link_labels, soup, walk

from .builders import make_threads


def listed(page):
    """The threads a page lists, by their addresses."""
    return [a["href"] for a in page.select(".thread-row-title a")]


@pytest.fixture
def busy_forum(forum, customer, worker, moderator):
    """Seventy threads: unanswered, answered and solved ones, five hidden, two
    pinned, helpful counts that tie across the ends of pages, and ten threads
    whose times tie to the microsecond (an import) where the first page ends."""
    unanswered = make_threads(forum, customer, 30)
    answered = make_threads(forum, worker, 30, replies=1, repliers=[customer])
    solved = make_threads(forum, customer, 10, replies=1, repliers=[worker])
    for thread in solved:
        flows.mark_solution(thread=thread, post=thread.posts.get(number=2), user=customer)
    threads = unanswered + answered + solved
    Reaction.objects.bulk_create([
        Reaction(post=thread.posts.get(number=1), user=person)
        for i, thread in enumerate(threads) for person in (worker, moderator)[:i % 3]
    ])
    flows.recount_forum(forum)
    same_moment = timezone.now() - timedelta(hours=8, minutes=30)
    Thread.objects.filter(pk__in=[t.pk for t in answered[10:20]]).update(
        created_at=same_moment, last_activity_at=same_moment)
    for thread in (unanswered[3], answered[12], solved[4], answered[29], unanswered[0]):
        flows.hide_post(post=thread.posts.get(number=1), moderator=moderator)
    for thread in (unanswered[1], answered[2]):
        flows.set_pinned(thread=thread, pinned=True, moderator=moderator)
    return forum


@pytest.fixture
def long_forum(forum, customer):
    """A page and a bit of threads, no two alike in any order."""
    make_threads(forum, customer, THREADS_PER_PAGE + 5)
    return forum


def sort_key(show, sort):
    """The order of a list as the product describes it, as a key for sorted()."""
    return {
        "latest": lambda t: (t.is_pinned and show == "all", t.last_activity_at, t.pk),
        "newest": lambda t: (t.created_at, t.pk),
        "helpful": lambda t: (t.helpful_count, t.pk),
    }[sort]


def expected(forum, reader, show, sort):
    """The threads of the list, worked out here from the rows."""
    keep = {
        "all": lambda t: True,
        "unanswered": lambda t: t.reply_count == 0,
        "solved": lambda t: t.solution_id is not None,
        "mine": lambda t: Post.objects.filter(thread=t, author=reader).exists(),
    }[show]
    threads = [t for t in Thread.objects.filter(forum=forum, is_hidden=False) if keep(t)]
    return sorted(threads, key=sort_key(show, sort), reverse=True)


def urls(threads):
    return [thread.get_absolute_url() for thread in threads]


@pytest.mark.django_db
def test_older_and_newer_lead_through_every_visible_thread_once_in_every_order(
        client_as, busy_forum, customer):
    client = client_as(customer)
    for show in FILTERS:
        for sort in SORTS:
            combination = f"filter={show}&sort={sort}"
            first = f"{busy_forum.url}?{combination}"
            forward, last = walk(client, first, "next")
            seen = [url for page in forward for url in listed(page)]
            assert seen == urls(expected(busy_forum, customer, show, sort)), combination
            assert all(len(listed(page)) == THREADS_PER_PAGE for page in forward[:-1])

            back, _ = walk(client, last, "prev")
            assert [listed(page) for page in reversed(back)] == [listed(p) for p in forward], (
                combination)

    # The threads of one moment straddle the end of the first page of the newest.
    newest, _ = walk(client, busy_forum.url + "?sort=newest", "next")
    moment, _ = Counter(Thread.objects.values_list("created_at", flat=True)).most_common(1)[0]
    tied = set(urls(Thread.objects.filter(created_at=moment, is_hidden=False)))
    assert tied & set(listed(newest[0])) and tied & set(listed(newest[1]))


@pytest.mark.django_db
def test_hidden_threads_are_on_no_page(client, busy_forum):
    forward, _ = walk(client, busy_forum.url + "?sort=helpful", "next")
    hidden = {t.get_absolute_url() for t in Thread.objects.filter(is_hidden=True)}
    assert len(hidden) == 5
    assert not hidden & {url for page in forward for url in listed(page)}


@pytest.mark.django_db
def test_pinned_threads_lead_only_the_first_page_of_the_default_list(client, busy_forum):
    pinned = {t.get_absolute_url() for t in Thread.objects.filter(is_pinned=True)}
    forward, _ = walk(client, busy_forum.url, "next")
    assert set(listed(forward[0])[:2]) == pinned
    assert not pinned & {url for page in forward[1:] for url in listed(page)}
    unanswered = listed(soup(client.get(busy_forum.url, {"filter": "unanswered"})))
    assert unanswered[0] not in pinned


@pytest.mark.django_db
def test_links_lead_only_where_there_are_threads(client, busy_forum):
    forward, _ = walk(client, busy_forum.url, "next")
    first, middle, last = forward
    assert link_labels(first) == ["Older"]
    assert link_labels(middle) == ["Latest", "Newer", "Older"]
    assert link_labels(last) == ["Latest", "Newer"]
    latest = last.select_one(".pagination a:not([rel])")["href"]
    assert listed(soup(client.get(urljoin(busy_forum.url, latest)))) == listed(first)
    by_helpful, _ = walk(client, busy_forum.url + "?sort=helpful", "next")
    assert link_labels(by_helpful[0]) == ["Next"]
    assert link_labels(by_helpful[1]) == ["First", "Previous", "Next"]


@pytest.mark.django_db
def test_a_short_forum_has_no_page_links(client, forum, customer):
    make_threads(forum, customer, 3)
    assert soup(client.get(forum.url)).select(".pagination") == []


@pytest.mark.django_db
def test_the_forum_says_how_many_threads_it_holds_without_counting_them(
        client, long_forum, moderator):
    hidden = Thread.objects.first()
    flows.hide_post(post=hidden.posts.get(number=1), moderator=moderator)
    with CaptureQueriesContext(connection) as captured:
        page = soup(client.get(long_forum.url + "?filter=unanswered"))
    shown = THREADS_PER_PAGE + 4
    assert f"{shown} threads" in page.select_one(".page-header").get_text(" ", strip=True)
    assert not [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.django_db
def test_list_cursor_opens_the_page_right_after_a_thread(client, busy_forum):
    for sort in SORTS:
        threads = expected(busy_forum, None, "all", sort)
        thread = threads[30]
        after = {"sort": sort, "after": list_cursor(thread, sort)}
        assert listed(soup(client.get(busy_forum.url, after))) == urls(
            threads[31:31 + THREADS_PER_PAGE]), sort
        # The same cursor serves the filtered lists: the unanswered threads after it.
        key = sort_key("unanswered", sort)
        later = [t for t in expected(busy_forum, None, "unanswered", sort) if key(t) < key(thread)]
        page = soup(client.get(busy_forum.url, {**after, "filter": "unanswered"}))
        assert listed(page) == urls(later[:THREADS_PER_PAGE]), sort


@pytest.mark.django_db
def test_a_cursor_that_is_not_one_answers_the_first_page(client, long_forum):
    first = {sort: listed(soup(client.get(long_forum.url, {"sort": sort}))) for sort in SORTS}
    cursor = list_cursor(Thread.objects.order_by("pk")[20], "newest")
    changed = cursor.replace(cursor[5], "A" if cursor[5] != "A" else "B", 1)
    for sort, bad in [
        *(("latest", bad) for bad in ("nonsense", "", "%00", "\x00", "x" * 5000, "e30.AAAA")),
        ("latest", "eyJwayI6MX0.made-up-signature"),
        ("newest", changed),
        ("helpful", cursor),  # a cursor of another order
    ]:
        for side in ("after", "before"):
            page = soup(client.get(long_forum.url, {"sort": sort, side: bad}))
            assert listed(page) == first[sort], (sort, side, bad)


@pytest.mark.django_db
def test_a_link_past_the_last_thread_leads_back_to_the_first_page(client, long_forum):
    oldest = Thread.objects.order_by("created_at", "pk").first()
    past = soup(client.get(long_forum.url, {"sort": "newest",
                                            "after": list_cursor(oldest, "newest")}))
    assert listed(past) == listed(soup(client.get(long_forum.url, {"sort": "newest"})))
    assert link(past, "prev") is None


@pytest.mark.django_db
def test_old_numbered_page_links_lead_to_the_first_page(client, long_forum):
    assert listed(soup(client.get(long_forum.url, {"page": "1"}))) == listed(
        soup(client.get(long_forum.url)))
    for number in ("2", "999", "x"):
        response = client.get(long_forum.url, {"filter": "unanswered", "page": number})
        assert response.status_code == 302
        assert response["Location"] == f"{long_forum.url}?filter=unanswered"
    assert client.get(long_forum.url, {"page": "3"})["Location"] == long_forum.url


@pytest.mark.django_db
def test_changing_filter_or_order_starts_again_at_the_first_page(client, long_forum):
    first = soup(client.get(long_forum.url))
    older = soup(client.get(long_forum.url + link(first, "next")))
    links = older.select(".filter-tabs a") + older.select(".sort-links a")
    assert links and not [a["href"] for a in links if "after=" in a["href"]]
