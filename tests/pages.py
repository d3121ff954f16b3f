"""Measuring a page as a reader meets it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_on(client, url):
    """The SQL queries one request for `url` costs once the process is warm."""
    client.get(url)  # the first request fills per-process caches (site root paths, nav)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)
