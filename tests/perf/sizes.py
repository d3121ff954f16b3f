"""The data sets the benchmark loads, by name. `1m` is the scale the product is
judged at; `small` is about 1% of it, quick enough for CI; `tiny` is for the
unit test; `medium` (10%) is for trying a change before the full load."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    big_forum_threads: int  # the one forum the recount and deep-page figures are about
    other_forums: int
    threads_per_other_forum: int
    posts: int  # opening posts included, over every loaded thread
    long_threads: int  # threads of `long_thread_posts` posts, for many-page thread pages
    long_thread_posts: int
    ideas: int
    votes: int
    customers: int
    workers: int
    ops: int
    practices: int
    paragraphs: int = 3_000  # distinct paragraphs posts are made of (rendered once each)

    @property
    def threads(self):
        return self.big_forum_threads + self.other_forums * self.threads_per_other_forum

    @property
    def people(self):
        return self.customers + self.workers + self.ops


SIZES = {
    size.name: size for size in (
        Size("tiny", big_forum_threads=40, other_forums=2, threads_per_other_forum=5, posts=200,
             long_threads=1, long_thread_posts=45, ideas=20, votes=100, customers=15, workers=4,
             ops=1, practices=2, paragraphs=150),
        Size("small", big_forum_threads=1_000, other_forums=4, threads_per_other_forum=25,
             posts=10_000, long_threads=2, long_thread_posts=200, ideas=1_000, votes=10_000,
             customers=200, workers=10, ops=2, practices=10),
        Size("medium", big_forum_threads=10_000, other_forums=4, threads_per_other_forum=250,
             posts=100_000, long_threads=5, long_thread_posts=500, ideas=10_000, votes=100_000,
             customers=2_000, workers=50, ops=3, practices=30),
        Size("1m", big_forum_threads=100_000, other_forums=4, threads_per_other_forum=2_500,
             posts=1_000_000, long_threads=10, long_thread_posts=1_000, ideas=100_000,
             votes=1_000_000, customers=20_000, workers=500, ops=5, practices=100),
    )
}
