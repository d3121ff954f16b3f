"""The one entry point to search: the site search page, the header box, the
similar-ideas box and the "before you post" suggestions all ask here.

It cleans what it is given (bad input never raises), asks the configured
backend, Elasticsearch when ELASTICSEARCH_URL is set, and answers from the
database backend, marked `degraded`, when that backend cannot be reached.
"""

import logging
from dataclasses import replace

from django.conf import settings

from .backends.base import Query, Results, SearchUnavailable
from .backends.database import DatabaseBackend
from .documents import FACETS

log = logging.getLogger(__name__)

PER_PAGE_MAX = 100
# Far past any real result list; a larger number is someone trying the URL.
PAGE_MAX = 1000
TEXT_MAX = 200
FILTER_VALUES_MAX = 20

_database = DatabaseBackend()
_elastic = None


def database():
    return _database


def backend():
    """The configured backend: Elasticsearch when ELASTICSEARCH_URL is set (the
    module is imported only then), else the database's own full text. One
    instance per process, built again when the settings change (tests do)."""
    global _elastic
    if not settings.ELASTICSEARCH_URL:
        return _database
    wanted = (settings.ELASTICSEARCH_URL, getattr(settings, "ELASTICSEARCH_INDEX", ""))
    if _elastic is None or getattr(_elastic, "_configured_as", None) != wanted:
        from .backends.elastic import ElasticsearchBackend

        _elastic = ElasticsearchBackend()
        _elastic._configured_as = wanted
    return _elastic


def backends():
    """Every backend that holds an index: the database always (it is the
    fallback), Elasticsearch too when configured."""
    configured = backend()
    return [_database] if configured is _database else [_database, configured]


def make_query(text, filters=None, page=1, per_page=20):
    """A Query from whatever a request carried: text trimmed, numbers clamped,
    facets nobody knows dropped."""
    text = " ".join(str(text or "").split())[:TEXT_MAX]
    cleaned = {}
    for name, values in (filters or {}).items():
        if name not in FACETS:
            continue
        if isinstance(values, str):
            values = [values]
        values = [str(value).strip() for value in values or () if str(value).strip()]
        if values:
            cleaned[name] = list(dict.fromkeys(values))[:FILTER_VALUES_MAX]
    return Query(text=text, filters=cleaned, page=min(max(_number(page, 1), 1), PAGE_MAX),
                 per_page=min(max(_number(per_page, 20), 1), PER_PAGE_MAX))


def search(text, filters=None, page=1, per_page=20):
    """Ranked, highlighted results of every kind with facets and counts. Empty
    text finds nothing (the page invites a query instead of listing everything)."""
    query = make_query(text, filters, page, per_page)
    if not query.text:
        return Results(query=query, hits=[], total=0, facets={}, backend=backend().name)
    results = _ask("search", query)
    last_page = max(1, -(-results.total // query.per_page))
    if query.page > last_page and not results.hits and results.total:
        # A page past the end (an old link, a hand-made URL) shows the last one.
        results = _ask("search", replace(query, page=last_page))
    return results


def suggest(text, limit=8):
    """Titles for the header box as it is typed into."""
    text = " ".join(str(text or "").split())[:TEXT_MAX]
    if not text:
        return []
    return _ask("suggest", text, limit=min(max(_number(limit, 8), 1), 20))


def similar(text, kinds=("idea", "thread"), limit=5, exclude=()):
    """Hits of `kinds` like `text`, best first; `exclude` holds (kind, pk) pairs."""
    text = " ".join(str(text or "").split())[:TEXT_MAX * 5]
    if not text:
        return []
    return _ask("similar", text, kinds=tuple(kinds), limit=min(max(_number(limit, 5), 1), 50),
                exclude=tuple(exclude))


def _ask(method, *args, **kwargs):
    configured = backend()
    try:
        return getattr(configured, method)(*args, **kwargs)
    except SearchUnavailable:
        if configured is _database:
            raise
        log.warning("Search backend %s unavailable; answering from the database", configured.name)
    answer = getattr(_database, method)(*args, **kwargs)
    if isinstance(answer, Results):
        answer.degraded = True
    return answer


def _number(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
