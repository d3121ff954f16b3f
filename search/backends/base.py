"""The shape every search backend answers in, and what it must do.

`search.query` (the one entry point) turns a request into a `Query`, asks the
configured backend, and falls back to the database backend when Elasticsearch
cannot be reached. Backends never check permissions: the index holds only what
anyone may find (see search.documents).
"""

from dataclasses import dataclass, field

from django.conf import settings

# How many results a search ranks, counts and lets anyone page through. Past
# it nobody reads on, and counting every match of a common word would cost
# more than the page itself: the total then reads "1,000+".
RESULTS_CAP = 1000


def results_cap():
    """The cap: SEARCH_RESULTS_CAP when set, else RESULTS_CAP."""
    return max(1, int(getattr(settings, "SEARCH_RESULTS_CAP", RESULTS_CAP) or RESULTS_CAP))


@dataclass(frozen=True)
class Query:
    text: str
    # Facet name -> chosen labels; within a facet any may match, across facets all must.
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    kind: str
    pk: int
    url: str
    title: str
    # Safe HTML: the matched words wrapped in <mark>, everything else escaped.
    title_html: str
    snippet_html: str
    score: float = 0.0


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    selected: bool = False
    # Counted among the first results only (see RESULTS_CAP): there are at least this many.
    count_is_lower_bound: bool = False


@dataclass
class Results:
    query: Query
    hits: list[Hit]
    # At most results_cap(); with total_is_lower_bound there are more matches
    # than that, and the pages stop at the cap.
    total: int
    # Facet name -> its values with counts, for the query without that facet's own
    # filter, so choosing one value still shows the others.
    facets: dict[str, list[FacetValue]]
    # A corrected query when this one found little or nothing ("did you mean").
    suggestion: str = ""
    # True when the configured backend could not answer and the database did:
    # results may be incomplete, and the page says so.
    degraded: bool = False
    backend: str = ""
    total_is_lower_bound: bool = False


@dataclass(frozen=True)
class Suggestion:
    """A title offered as the header box is typed into."""

    kind: str
    url: str
    title: str


class SearchUnavailable(Exception):
    """The backend cannot answer now (unreachable, timing out); try the database."""


class Backend:
    name = ""

    # --- writing ---------------------------------------------------------------
    def index(self, documents):
        """Add or replace `documents` (SearchDocument)."""
        raise NotImplementedError

    def remove(self, kind, pks):
        """Take the documents of `kind` with ids `pks` out, if they are there."""
        raise NotImplementedError

    def rebuild(self, batches, total, progress=None):
        """Replace the whole index with the documents in `batches` (an iterable of
        lists), without a moment where searches find nothing; `progress(n)` is
        called as documents go in."""
        raise NotImplementedError

    def indexed_ids(self, kind):
        """The ids of `kind` in the index, for `search_index check`."""
        raise NotImplementedError

    # --- reading ---------------------------------------------------------------
    def search(self, query):
        """Results for `query` (a Query)."""
        raise NotImplementedError

    def suggest(self, text, limit=8):
        """Titles that start like `text`, for the header box (Suggestion list)."""
        raise NotImplementedError

    def similar(self, text, kinds, limit=5, exclude=()):
        """Hits of `kinds` like `text` (a title being typed, or a document's
        title and body), best first; `exclude` holds (kind, pk) pairs."""
        raise NotImplementedError
