"""A real Elasticsearch for the search tests: the node of tests/elasticsearch/.

`elasticsearch_backend` gives each test an ElasticsearchBackend on an index of
its own, on a node started once per test run (it stays up afterwards, so the
next run starts in a second; `tests/elasticsearch/stop` stops it). Without
`java` and `mvn` the tests that need it are skipped, saying why, unless
REQUIRE_ELASTICSEARCH=1 (CI), where that is a failure.

Only `elasticsearch_backend` needs importing into a conftest: the node is
started by a plain function, not a fixture, so nothing else has to be in scope.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from search.backends.elastic import ElasticsearchBackend

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "tests" / "elasticsearch"
NO_TOOLS = "java and mvn are needed to run a local node (tests/elasticsearch/)"
# Building the node the first time on a machine downloads ~150 MB.
START_TIMEOUT = 600

_node = {}


def required():
    return os.environ.get("REQUIRE_ELASTICSEARCH") == "1"


def tools_missing():
    return [tool for tool in ("java", "mvn") if shutil.which(tool) is None]


def start_cluster(**env):
    """Start (or find running) a cluster with tests/elasticsearch/start and the
    ES_* settings in `env`; its URL(s), comma-separated."""
    done = subprocess.run(
        [str(SCRIPTS / "start")],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"tests/elasticsearch/start failed:\n{done.stderr[-4000:]}")
    return done.stdout.strip()


def stop_cluster(*nodes, **env):
    subprocess.run([str(SCRIPTS / "stop"), *map(str, nodes)], env={**os.environ, **env},
                   capture_output=True, text=True, timeout=120, check=True)


def node_url():
    """The test node's URL, starting it on first use; skips (or, when it is
    required, fails) the calling test when it cannot run here."""
    if "url" not in _node and "error" not in _node:
        if os.environ.get("ELASTICSEARCH_TEST_URL"):
            # A cluster someone runs already (another version, a full distribution).
            _node["url"] = os.environ["ELASTICSEARCH_TEST_URL"]
        elif tools_missing():
            _node["error"] = NO_TOOLS
        else:
            try:
                _node["url"] = start_cluster()
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                # java and mvn are here, so this is a broken set-up, not a
                # machine without them: never a quiet skip.
                _node["error"] = str(error)
                _node["broken"] = True
    if "error" in _node:
        if required() or _node.get("broken"):
            why = "REQUIRE_ELASTICSEARCH=1, but" if required() else "java and mvn are here, but"
            pytest.fail(f"{why} no Elasticsearch node could be used: {_node['error']}",
                        pytrace=False)
        pytest.skip(f"Elasticsearch suite skipped: {_node['error']}")
    return _node["url"]


def unique_alias():
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def elasticsearch_backend(settings, monkeypatch):
    """An ElasticsearchBackend on the test node, on an index of this test's own,
    which every backend the code under test builds from settings shares; the
    index is deleted afterwards."""
    url = node_url()
    settings.ELASTICSEARCH_URL = url
    settings.ELASTICSEARCH_INDEX = unique_alias()
    # One node holds no replicas; and writes are searchable at once, so tests
    # need no waits.
    monkeypatch.setattr(ElasticsearchBackend, "replicas", 0)
    monkeypatch.setattr(ElasticsearchBackend, "refresh_writes", True)
    # search.query keeps the backend it built; this test's alias needs a new one.
    monkeypatch.setattr("search.query._elastic", None, raising=False)
    backend = ElasticsearchBackend()
    yield backend
    backend.delete_all()
