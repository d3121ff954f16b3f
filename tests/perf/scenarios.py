"""What the runner asks for: the pages as an anonymous reader meets them, and
the 20 searches, read from the loaded data set. Runs in the runner's own
Django (same database and SECRET_KEY as the server), so list cursors it makes
are ones the server accepts."""

from dataclasses import dataclass
from math import ceil
from random import Random
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import queries as forum_queries
from forum.models import POSTS_PER_PAGE, THREADS_PER_PAGE, ForumIndexPage, Thread
from practices import queries as idea_queries
from practices.models import Idea, IdeasBoardPage, PracticePage

from .client import Request
from .load_forums import big_forum
from .text import QUERIES

# How deep the deep pages go: page 2000, or the last page of a smaller data set.
DEEP_PAGE = 2000
SAMPLE = 50  # threads, ideas and practices each page measurement cycles through


@dataclass
class Page:
    name: str
    requests: list
    note: str = ""


def pages(seed=1):
    rng = Random(seed)
    index = ForumIndexPage.objects.first()
    forum = big_forum(index)
    if forum is None:
        raise SystemExit("No data set here: load one first (make perf-data SIZE=...).")
    board = IdeasBoardPage.objects.first()
    threads = list(Thread.objects.filter(forum=forum, is_hidden=False)
                   .order_by("pk").values_list("pk", "slug"))
    longest = (Thread.objects.filter(forum=forum, is_hidden=False)
               .order_by("-posts_made", "pk").first())
    ideas = list(Idea.objects.filter(merged_into__isnull=True).values_list("pk", "slug"))
    top = list(Idea.objects.filter(merged_into__isnull=True).order_by("-vote_count", "pk")
               .values_list("pk", "slug")[:10])
    practices = PracticePage.objects.live().order_by("pk")[:SAMPLE]
    last = (longest.posts_made - 1) // POSTS_PER_PAGE + 1
    return [
        Page("home", [Request("/")]),
        Page("forum index", [Request(index.url)]),
        Page("forum page 1", [Request(forum.url)],
             f"“{forum.title}”, {forum.thread_count:,} threads"),
        _deep_forum_page(forum),
        Page("thread page", [Request(reverse("forum:thread", args=pair))
                             for pair in rng.sample(threads, min(SAMPLE, len(threads)))],
             f"{min(SAMPLE, len(threads))} threads of the big forum, first page"),
        Page("long thread, last page",
             [Request(f"{longest.get_absolute_url()}?page={last}")],
             f"{longest.posts_made:,} posts, page {last}"),
        Page("ideas board", [Request(board.url)]),
        _deep_board_page(board),
        Page("idea page", [Request(reverse("ideas:idea", args=pair))
                           for pair in top + rng.sample(ideas, min(SAMPLE - 10, len(ideas)))],
             "the 10 most voted ideas and 40 others"),
        Page("practice page", [Request(page.url) for page in practices],
             f"{len(practices)} practices"),
    ]


def _deep_forum_page(forum):
    threads = forum_queries.forum_threads(forum, AnonymousUser())
    page = min(DEEP_PAGE, max(ceil(forum.thread_count / THREADS_PER_PAGE), 1))
    return _deep("forum deep page", forum.url, page, THREADS_PER_PAGE, threads,
                 getattr(forum_queries, "list_cursor", None), sort="latest")


def _deep_board_page(board):
    ideas = idea_queries.board_ideas(AnonymousUser())
    count = Idea.objects.filter(merged_into__isnull=True).count()
    page = min(DEEP_PAGE, max(ceil(count / idea_queries.IDEAS_PER_PAGE), 1))
    return _deep("ideas board, deep page", board.url, page, idea_queries.IDEAS_PER_PAGE, ideas,
                 getattr(idea_queries, "board_cursor", None), sort="trending")


def _deep(name, url, page, per_page, rows, make_cursor, sort):
    """Page `page` of a list: by its keyset cursor (the row that ends the page
    before) where the list has one, else by ?page=."""
    if page > 1 and make_cursor is not None:
        before = rows[(page - 1) * per_page - 1]
        cursor = make_cursor(before, sort=sort)
        return Page(name, [Request(f"{url}?{urlencode({'after': cursor})}")],
                    f"page {page:,}, by cursor")
    return Page(name, [Request(f"{url}?page={page}")], f"page {page:,}, by ?page=")


def searches():
    """The 20 searches, each request labelled with its query's label."""
    forum = big_forum(ForumIndexPage.objects.first())
    path = reverse("search:results")
    requests = []
    for label, _kind, text, filters in QUERIES:
        filters = {name: forum.title if value == "<big forum>" else value
                   for name, value in filters.items()}
        requests.append(Request(f"{path}?{urlencode({'q': text, **filters})}", label=label))
    return requests
