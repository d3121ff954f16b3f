"""A three-node cluster keeps answering searches, and takes writes again, after
the node holding the index's primary shard stops.

The cluster is its own (other ports, cluster name and data folder), so it runs
beside the single test node; it shares that node's build, and is stopped and
wiped when this module is done. About 30 seconds."""

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search.backends.base import Query, SearchUnavailable
from search.backends.elastic import ElasticsearchBackend
from search.documents import SearchDocument

from .elastic_fixtures import ROOT, node_url, start_cluster, stop_cluster, unique_alias

MAIN_VAR = Path(os.environ.get("ES_VAR_DIR") or ROOT / "var" / "elasticsearch")
# 20 above the single node's ports (9250 and 9350 by default), so a run on
# other ports (ES_PORT) moves both out of the way.
PORT = int(os.environ.get("ES_PORT") or 9250) + 20
CLUSTER = {
    "ES_NODES": "3",
    "ES_PORT": str(PORT),
    "ES_TRANSPORT_PORT": str(PORT + 100),
    "ES_CLUSTER": "service-commons-cluster-test",
    "ES_VAR_DIR": str(MAIN_VAR.parent / "elasticsearch-cluster"),
}
# A replica may take a few seconds to be promoted, longer if the stopped node
# was also the elected master.
RECOVERY_SECONDS = 60


@pytest.fixture(scope="module")
def cluster():
    node_url()  # the same skip or failure as the rest of the suite, and a current build
    var = Path(CLUSTER["ES_VAR_DIR"])
    var.mkdir(parents=True, exist_ok=True)
    if (MAIN_VAR / "build").is_dir() and not (var / "build").exists():
        # The distribution is the same; no second download or build.
        (var / "build").symlink_to(MAIN_VAR.resolve() / "build", target_is_directory=True)
    stop_cluster(**CLUSTER)  # what an interrupted run may have left
    urls = start_cluster(ES_FRESH="1", **CLUSTER).split(",")
    try:
        yield urls
    finally:
        stop_cluster(**CLUSTER)


def parking(pk, title="Parking at the hospital"):
    return SearchDocument(kind="thread", pk=pk, url=f"/thread/{pk}/", title=f"{title} {pk}",
                          body="Where do visitors park?", created_at=datetime.now(UTC))


def eventually(action, seconds=RECOVERY_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except SearchUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_search_keeps_answering_when_a_node_stops(cluster):
    assert len(cluster) == 3
    backend = ElasticsearchBackend(cluster, unique_alias(), replicas=1, refresh_writes=True)
    backend.index([parking(pk) for pk in range(1, 31)])
    client = backend.client.options(request_timeout=RECOVERY_SECONDS + 10)
    health = client.cluster.health(index=backend.alias, wait_for_status="green",
                                   timeout=f"{RECOVERY_SECONDS}s")
    assert health["status"] == "green" and health["number_of_nodes"] == 3

    shards = client.cat.shards(index=backend.alias, format="json")
    assert sorted(shard["prirep"] for shard in shards) == ["p", "r"]
    holder = next(shard["node"] for shard in shards if shard["prirep"] == "p")
    stop_cluster(int(holder.removeprefix("node-")), **CLUSTER)

    # Reads: at once, through whichever nodes are left, the first URL included
    # or not.
    for _ in range(10):
        assert backend.search(Query("parking", per_page=50)).total == 30
    assert backend.suggest("parking")
    assert backend.similar("parking for visitors", kinds=["thread"])

    # Writes: once the replica is promoted.
    eventually(lambda: backend.index([parking(31, "Parking after a node stopped")]))
    assert [hit.pk for hit in backend.search(Query("after a node stopped")).hits][:1] == [31]
    assert backend.indexed_ids("thread") == set(range(1, 32))
