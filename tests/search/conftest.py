"""Search fixtures. `search_backend` runs a test once per backend: the database
backend always, Elasticsearch when its fixture (tests/search/elastic_fixtures.py,
a real node) is available; documents reach both through search.indexing."""

import pytest

from search.backends.database import DatabaseBackend

try:
    from .elastic_fixtures import elasticsearch_backend  # noqa: F401
except ImportError:
    elasticsearch_backend = None

BACKENDS = ["database", "elasticsearch"]


@pytest.fixture(params=BACKENDS)
def search_backend(request, db):
    """The backend a shared behaviour test asks directly (`search_backend.search(Query(...))`)."""
    if request.param == "database":
        return DatabaseBackend()
    if elasticsearch_backend is None:
        pytest.skip("The Elasticsearch backend's test fixture is not there yet")
    return request.getfixturevalue("elasticsearch_backend")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what the block leaves for after commit (the
    index updates) as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
