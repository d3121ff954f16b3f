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
COLD = 5_000  # threads asked for once each, so that no cache has seen them
COLD_PAGES = 100  # deep list pages asked for once each, around DEEP_PAGE


@dataclass
class Page:
    name: str
    requests: list
    note: str = ""
    cold: bool = False  # each request sent at most once, without warming up


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
    # Different threads for the warm and the cold measurements.
    sample = rng.sample(threads, min(SAMPLE + COLD, len(threads)))
    return [
        Page("home", [Request("/")]),
        Page("forum index", [Request(index.url)]),
        Page("forum page 1", [Request(forum.url)],
             f"“{forum.title}”, {forum.thread_count:,} threads"),
        *_deep_forum_pages(forum),
        Page("thread page", [_thread(pair) for pair in sample[:SAMPLE]],
             f"{len(sample[:SAMPLE])} threads of the big forum, first page"),
        *([Page("thread page, cold", [_thread(pair) for pair in sample[SAMPLE:]],
                "threads of the big forum, each asked for once", cold=True)]
          if sample[SAMPLE:] else []),
        Page("long thread, last page",
             [Request(f"{longest.get_absolute_url()}?page={last}")],
             f"{longest.posts_made:,} posts, page {last}"),
        Page("ideas board", [Request(board.url)]),
        *_deep_board_pages(board),
        Page("idea page", [Request(reverse("ideas:idea", args=pair))
                           for pair in top + rng.sample(ideas, min(SAMPLE - 10, len(ideas)))],
             "the 10 most voted ideas and 40 others"),
        Page("practice page", [Request(page.url) for page in practices],
             f"{len(practices)} practices"),
    ]


def _thread(pk_and_slug):
    return Request(reverse("forum:thread", args=pk_and_slug))


def _deep_forum_pages(forum):
    threads = forum_queries.forum_threads(forum, AnonymousUser())
    pages = max(ceil(forum.thread_count / THREADS_PER_PAGE), 1)
    return _deep("forum", forum.url, pages, THREADS_PER_PAGE, threads,
                 getattr(forum_queries, "list_cursor", None), sort="latest")


def _deep_board_pages(board):
    ideas = idea_queries.board_ideas(AnonymousUser())
    count = Idea.objects.filter(merged_into__isnull=True).count()
    pages = max(ceil(count / idea_queries.IDEAS_PER_PAGE), 1)
    return _deep("ideas board", board.url, pages, idea_queries.IDEAS_PER_PAGE, ideas,
                 getattr(idea_queries, "board_cursor", None), sort="trending")


def _deep(name, url, pages, per_page, rows, make_cursor, sort):
    """Page DEEP_PAGE of a list (its last on smaller data sets), and, cold, the
    pages around it, each asked for once: by the list's keyset cursor (naming
    the row that ends the page before) where it has one, else by ?page=."""
    page = min(DEEP_PAGE, pages)
    around = [n for n in range(page - COLD_PAGES // 2, page + COLD_PAGES // 2) if 1 < n <= pages]
    if make_cursor is not None and around:
        first = (around[0] - 1) * per_page - 1
        ends = list(rows[first:(around[-1] - 1) * per_page])[::per_page]
        links = {n: f"{url}?{urlencode({'after': make_cursor(end, sort=sort)})}"
                 for n, end in zip(around, ends)}
        how = "by cursor"
    else:
        links = {n: f"{url}?page={n}" for n in around}
        how = "by ?page="
    if page == 1:
        links[page], how = url, "the first and only page"
    deep = [Page(f"{name}, deep page", [Request(links[page])], f"page {page:,}, {how}")]
    if len(links) > 1:
        deep.append(Page(f"{name}, deep pages, cold",
                         [Request(link) for n, link in links.items() if n != page],
                         f"pages {around[0]:,} to {around[-1]:,} but {page:,}, each asked for "
                         f"once, {how}", cold=True))
    return deep


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
