"""Helpers the search tests share."""

from datetime import UTC, datetime

from search.backends.base import Query
from search.documents import SearchDocument


def find(backend, text, **filters):
    """The (kind, pk) pairs `backend` finds for `text`, best first."""
    refresh(backend)
    results = backend.search(Query(text=text, filters=filters, per_page=100))
    return [(hit.kind, hit.pk) for hit in results.hits]


def results(backend, text, filters=None, page=1, per_page=20):
    refresh(backend)
    return backend.search(Query(text=text, filters=filters or {}, page=page, per_page=per_page))


def refresh(backend):
    """Elasticsearch makes writes searchable on refresh; the database at once."""
    if hasattr(backend, "refresh"):
        backend.refresh()


def document(kind, pk, title, body="", **fields):
    """A SearchDocument as an app would describe one, written now unless said."""
    fields.setdefault("created_at", datetime.now(UTC))
    return SearchDocument(kind=kind, pk=pk, url=f"/{kind}/{pk}/", title=title, body=body,
                          **fields)
