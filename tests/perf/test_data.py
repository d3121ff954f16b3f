"""The benchmark's data set, loaded at its tiny size: what a reader of the site
would notice. Counters equal the rows they count (so the benchmark measures
the product as its flows leave it), and the loaded forums, ideas and search
work as pages. No timings here: those are `make perf`'s."""

import io

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from forum.flows import recount_forum
from forum.models import ForumIndexPage, ForumPage, Post, Thread
from practices.models import Idea, Vote
from search import query
from tests.perf.data import AlreadyLoaded, load
from tests.perf.load_forums import big_forum
from tests.perf.sizes import SIZES

TINY = SIZES["tiny"]
VISIBLE = Q(posts__is_deleted=False, posts__is_hidden=False)


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    """The tiny data set, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load(TINY, out=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(loaded_once, db):
    """The loaded big forum; each test's changes are rolled back after it."""
    return big_forum(ForumIndexPage.objects.get())


def test_the_tiny_data_set_is_as_big_as_it_says(loaded):
    assert Thread.objects.count() == TINY.threads
    assert Post.objects.count() == TINY.posts
    assert Idea.objects.count() == TINY.ideas
    assert Vote.objects.count() == TINY.votes
    assert loaded.threads.count() == TINY.big_forum_threads


def test_thread_and_forum_counters_equal_the_posts_they_count(loaded):
    threads = Thread.objects.annotate(
        visible_replies=Count("posts", filter=VISIBLE & Q(posts__number__gt=1)),
        numbers=Count("posts"))
    for thread in threads:
        assert (thread.reply_count, thread.posts_made) == (thread.visible_replies, thread.numbers)
    for forum in ForumPage.objects.filter(threads__isnull=False).distinct():
        shown = Thread.objects.filter(forum=forum, is_hidden=False)
        assert forum.thread_count == shown.count()
        assert forum.post_count == Post.objects.filter(
            thread__in=shown, is_deleted=False, is_hidden=False).count()


def test_a_recount_finds_nothing_to_repair(loaded):
    fields = ("reply_count", "helpful_count", "posts_made", "last_post_id", "last_activity_at",
              "solution_id")
    before = list(Thread.objects.order_by("pk").values_list(*fields))
    forum_before = ForumPage.objects.values_list("thread_count", "post_count", "last_post_id")
    forum_before = list(forum_before.order_by("pk"))
    for forum in ForumPage.objects.all():
        recount_forum(forum)
    assert list(Thread.objects.order_by("pk").values_list(*fields)) == before
    assert list(ForumPage.objects.values_list("thread_count", "post_count", "last_post_id")
                .order_by("pk")) == forum_before


def test_idea_vote_counts_equal_their_votes_split_by_role(loaded):
    ideas = Idea.objects.annotate(
        rows=Count("votes"),
        customers=Count("votes", filter=Q(votes__voter_role=Vote.Role.CUSTOMER)),
        workers=Count("votes", filter=Q(votes__voter_role=Vote.Role.WORKER)))
    assert sum(idea.vote_count for idea in ideas) == TINY.votes
    for idea in ideas:
        assert (idea.vote_count, idea.customer_votes, idea.worker_votes) == (
            idea.rows, idea.customers, idea.workers)
    assert Vote.objects.filter(voter_role=Vote.Role.WORKER).exists()


def test_the_loaded_forum_lists_its_latest_thread(client, loaded):
    latest = Thread.objects.filter(forum=loaded, is_hidden=False, is_pinned=False).order_by(
        "-last_activity_at").first()
    response = client.get(loaded.url)
    assert response.status_code == 200
    assert latest.get_absolute_url() in response.content.decode()


def test_a_loaded_thread_shows_its_replies(client, loaded):
    thread = Thread.objects.filter(forum=loaded, is_hidden=False, reply_count__gt=0).first()
    reply = thread.posts.filter(number__gt=1, is_deleted=False, is_hidden=False).first()
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert reply.body_html in response.content.decode()


def test_a_loaded_idea_shows_its_votes(client, loaded):
    idea = Idea.objects.filter(merged_into__isnull=True).order_by("-vote_count").first()
    response = client.get(reverse("ideas:idea", args=[idea.pk, idea.slug]))
    assert response.status_code == 200
    assert idea.title in response.content.decode()


def test_the_search_finds_a_loaded_thread_by_its_words(client, loaded):
    thread = Thread.objects.filter(forum=loaded, is_hidden=False).order_by("pk").last()
    found = query.search(thread.title, {"kind": ["thread"]}, per_page=100)
    assert thread.pk in [hit.pk for hit in found.hits]
    response = client.get(reverse("search:results"), {"q": thread.title})
    assert response.status_code == 200


def test_loading_again_keeps_the_data_set_and_another_size_is_refused(loaded):
    assert load(TINY, out=io.StringIO()) == 0
    assert Thread.objects.count() == TINY.threads
    with pytest.raises(AlreadyLoaded):
        load(SIZES["small"], out=io.StringIO())
