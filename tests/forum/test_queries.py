"""A forum page costs the same number of queries whether it shows 3 items or a full page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import keyset, roles
from community.models import JourneyStage
from forum import flows
from forum.activity import latest_threads
from forum.models import POSTS_PER_PAGE, THREADS_PER_PAGE, Post, Reaction
from forum.queries import FILTERS, SORTS, forum_threads, list_cursor
from tests.pages import queries_on

from .builders import add_replies, make_threads

VIEWERS = ["anonymous", "customer", "moderator"]


@pytest.fixture
def people(make_person):
    """Ten authors, every other one a Worker, so badges come from several groups."""
    return [
        make_person(f"author{i}@example.com", roles.CUSTOMER,
                    *([roles.WORKER] if i % 2 else []), display_name=f"Author {i}")
        for i in range(10)
    ]


@pytest.fixture
def viewer(request, client, client_as):
    if request.param == "anonymous":
        return client
    return client_as(request.getfixturevalue(request.param))


def varied_threads(forum, people, count):
    """`count` threads by different people, each with tags, a stage and replies."""
    stages = list(JourneyStage.objects.all())
    threads = []
    for i in range(count):
        author = people[i % len(people)]
        threads += make_threads(
            forum, author, 1, replies=2, repliers=people[i % 3:i % 3 + 3],
            tags=[f"tag {i}", "shared"], journey_stage=stages[i % len(stages)],
        )
    return threads


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_forum_index_queries_constant(viewer, forum_index, make_forum, people):
    def add_forums(names):
        for name in names:
            varied_threads(make_forum(name), people, 1)

    add_forums(["Forum a", "Forum b", "Forum c"])
    few = queries_on(viewer, forum_index.url)
    add_forums([f"Forum {n}" for n in range(12)])
    assert queries_on(viewer, forum_index.url) == few


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_forum_page_queries_constant(viewer, forum, people):
    varied_threads(forum, people, 3)
    few = queries_on(viewer, forum.url)
    varied_threads(forum, people, THREADS_PER_PAGE)
    assert queries_on(viewer, forum.url) == few


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_forum_deep_page_costs_what_the_first_does(viewer, forum, people):
    threads = make_threads(forum, people[1], THREADS_PER_PAGE * 3, replies=2, repliers=people,
                           tags=["shared"])
    first = queries_on(viewer, forum.url)
    # Threads are listed newest first: the third page begins after the 50th newest.
    deep = f"{forum.url}?after={list_cursor(threads[-THREADS_PER_PAGE * 2])}"
    assert queries_on(viewer, deep) == first
    assert queries_on(viewer, deep + "&sort=helpful&filter=unanswered") <= first


@pytest.mark.django_db
def test_forum_page_mine_filter_queries_constant(client_as, forum, people, customer):
    viewer = client_as(customer)
    for thread in varied_threads(forum, people, 3):
        flows.post_reply(thread=thread, author=customer, body="Me too")
    few = queries_on(viewer, forum.url + "?filter=mine")
    for thread in varied_threads(forum, people, 20):
        Post.objects.create(thread=thread, author=customer, number=thread.posts_made + 1,
                            body="Me too", body_html="<p>Me too</p>")
    flows.recount_forum(forum)
    assert queries_on(viewer, forum.url + "?filter=mine") == few


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_thread_page_queries_constant(viewer, thread, people, customer, moderator):
    def grow(count):
        add_replies(thread, people, count)
        # Reactions from the signed-in readers, so "did I mark this helpful" has rows to find.
        for post in thread.posts.exclude(author__in=[customer, moderator]):
            for reader in (customer, moderator):
                Reaction.objects.get_or_create(post=post, user=reader)
        flows.recount_forum(thread.forum)

    grow(2)
    solution = thread.posts.get(number=2)
    flows.mark_solution(thread=thread, post=solution, user=moderator)
    few = queries_on(viewer, thread.get_absolute_url())
    grow(POSTS_PER_PAGE)
    assert queries_on(viewer, thread.get_absolute_url()) == few


@pytest.mark.django_db
def test_home_page_activity_is_one_query(forum, people):
    varied_threads(forum, people, 3)
    with CaptureQueriesContext(connection) as captured:
        items = latest_threads(None, 10)
    assert len(items) == 3 and len(captured.captured_queries) == 1


def plan(queryset):
    """The database's plan for `queryset`. PostgreSQL is told to avoid whole-table
    scans, which a test's few rows would always make cheapest."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
    return queryset.explain()


@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(SORTS))
def test_every_thread_list_order_is_read_off_an_index_without_sorting(forum, people, sort):
    varied_threads(forum, people, 3)
    steps = plan(forum_threads(forum, AnonymousUser(), sort=sort))
    assert "USING INDEX thread_" in steps or "Index Scan using thread_" in steps
    assert "TEMP B-TREE" not in steps and "Sort" not in steps


@pytest.mark.django_db
@pytest.mark.parametrize("show", [show for show in FILTERS if show != "mine"])
@pytest.mark.parametrize("sort", list(SORTS))
def test_a_deep_page_walks_the_index_from_where_the_page_before_ended(forum, people, show,
                                                                       sort):
    threads = varied_threads(forum, people, 3)
    listed = forum_threads(forum, AnonymousUser(), show, sort)
    for rows in (keyset.following(listed, list_cursor(threads[1], sort)),
                 keyset.preceding(listed, list_cursor(threads[1], sort))):
        steps = plan(rows[:THREADS_PER_PAGE + 1])
        assert any(f"{walk} thread_" in steps for walk in (
            "USING INDEX", "Index Scan using", "Index Scan Backward using"))
        assert "TEMP B-TREE" not in steps and "Sort" not in steps
        if connection.vendor == "postgresql":
            # The boundary is where the walk starts, not a filter on every row passed.
            assert "Index Cond: ((forum_id = " in steps and "ROW(" in steps
