"""When Elasticsearch cannot answer, every call says so at once as
SearchUnavailable, and the site search answers from the database instead.
None of this needs a running node: it is about the node not being there."""

import socket
import time
from datetime import UTC, datetime

import pytest

from search import query
from search.backends.base import SearchUnavailable
from search.backends.elastic import ElasticsearchBackend
from search.documents import SearchDocument

from .elastic_fixtures import unique_alias

# Port 9 (discard) on the loopback: nothing listens, the connection is refused.
UNREACHABLE = "http://127.0.0.1:9"

REFUND = SearchDocument(
    kind="thread", pk=1, url="/thread/1/", title="Refund for a late delivery",
    body="My parcel came late and I would like a refund.", created_at=datetime.now(UTC),
)

CALLS = {
    "search": lambda b: b.search(query.make_query("refund")),
    "suggest": lambda b: b.suggest("ref"),
    "similar": lambda b: b.similar("refund for a late parcel", kinds=["thread"]),
    "index": lambda b: b.index([REFUND]),
    "remove": lambda b: b.remove("thread", [1]),
    "indexed_ids": lambda b: b.indexed_ids("thread"),
    "rebuild": lambda b: b.rebuild([[REFUND]], total=1),
    "refresh": lambda b: b.refresh(),
}


@pytest.fixture(autouse=True)
def forget_unreachable(monkeypatch):
    """Each test meets the cluster afresh, not remembered as unreachable."""
    monkeypatch.setattr("search.backends.elastic._unreachable", {})


@pytest.fixture
def unreachable(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = UNREACHABLE
    settings.ELASTICSEARCH_INDEX = unique_alias()
    monkeypatch.setattr("search.query._elastic", None, raising=False)
    return ElasticsearchBackend()


@pytest.mark.parametrize("call", CALLS, ids=list(CALLS))
def test_an_unreachable_cluster_is_unavailable_at_once(unreachable, call):
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="127.0.0.1:9 could not be reached"):
        CALLS[call](unreachable)
    assert time.monotonic() - started < 2


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers: a hung cluster."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


@pytest.mark.parametrize("call", ["search", "index"])
def test_a_cluster_that_does_not_answer_times_out_as_unavailable(silent_server, call):
    backend = ElasticsearchBackend(silent_server, unique_alias(), timeout=0.5)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        CALLS[call](backend)
    # Searches give up after the client's timeout; the first write checks the
    # alias with the same short timeout before any bulk request.
    assert time.monotonic() - started < 3


def test_an_unreachable_cluster_is_left_alone_for_a_while(silent_server, monkeypatch):
    backend = ElasticsearchBackend(silent_server, unique_alias(), timeout=0.5)
    with pytest.raises(SearchUnavailable, match="could not be reached"):
        backend.search(query.make_query("refund"))
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="not asked again to suggest titles for 10s"):
        backend.suggest("ref")
    assert time.monotonic() - started < 0.1
    # Once the cool-down is over it is asked again.
    monkeypatch.setattr(ElasticsearchBackend, "cooldown", 0)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable, match="could not be reached to suggest"):
        backend.suggest("ref")
    assert time.monotonic() - started >= 0.5


def test_several_urls_are_all_tried(settings):
    backend = ElasticsearchBackend(f"{UNREACHABLE}, http://127.0.0.1:10", unique_alias())
    assert backend.urls == ("http://127.0.0.1:9", "http://127.0.0.1:10")
    with pytest.raises(SearchUnavailable, match="127.0.0.1:9,http://127.0.0.1:10"):
        backend.search(query.make_query("refund"))


def test_the_site_search_answers_from_the_database_when_elasticsearch_is_down(unreachable, db):
    query.database().index([REFUND])

    results = query.search("refund")
    assert results.degraded is True
    assert results.backend == "database"
    assert [(hit.kind, hit.pk) for hit in results.hits] == [("thread", 1)]
    # The header box and the similar box answer too, from the database.
    assert [s.title for s in query.suggest("refund")] == ["Refund for a late delivery"]
    similar = query.similar("a refund for a late delivery", kinds=["thread"])
    assert [(h.kind, h.pk) for h in similar] == [("thread", 1)]


def test_bad_settings_are_refused_clearly(settings):
    with pytest.raises(ValueError, match="ELASTICSEARCH_INDEX is 'Service Commons'"):
        ElasticsearchBackend(UNREACHABLE, "Service Commons")
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(ValueError, match="needs ELASTICSEARCH_URL"):
        ElasticsearchBackend()
