"""search.query, the one entry point: bad input never raises, and when the
configured backend cannot answer, the database does, saying so."""

import pytest

from forum import flows as forum_flows
from search import query
from search.backends.base import Backend, SearchUnavailable


@pytest.fixture
def vouchers(forum, moderator, committed):
    with committed():
        return [forum_flows.start_thread(forum=forum, author=moderator, title=f"Voucher {n}",
                                         body="A voucher question.") for n in range(5)]


@pytest.mark.django_db
def test_empty_text_finds_nothing_and_says_which_backend(vouchers):
    for text in ("", "   ", None):
        answer = query.search(text)
        assert answer.total == 0 and answer.hits == [] and answer.backend == "database"


@pytest.mark.django_db
def test_absurd_pages_and_unknown_filters_are_cleaned(vouchers):
    assert query.search("voucher", page="-4", per_page=2).query.page == 1
    last = query.search("voucher", page=10**9, per_page=2)
    assert last.query.page == 3 and len(last.hits) == 1
    assert query.search("voucher", page="x").total == 5
    answer = query.search("voucher", filters={"colour": ["red"], "kind": "thread", "tag": [""]})
    assert answer.total == 5 and answer.query.filters == {"kind": ["thread"]}


@pytest.mark.django_db
def test_syntax_of_any_engine_is_just_text(vouchers):
    for text in ('"', "*", "AND OR NOT", "(((", 'voucher" OR "x', "'; DROP TABLE x", "a:b|c&!"):
        query.search(text)  # never raises
    assert query.search('voucher" OR').total == 5


class Unreachable(Backend):
    name = "elasticsearch"

    def search(self, *args, **kwargs):
        raise SearchUnavailable("down")

    suggest = similar = index = remove = search


@pytest.mark.django_db
def test_an_unreachable_backend_is_answered_by_the_database(vouchers, monkeypatch, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    monkeypatch.setattr(query, "backend", lambda: Unreachable())
    answer = query.search("voucher")
    assert answer.total == 5 and answer.degraded and answer.backend == "database"
    assert [s.title for s in query.suggest("vouch")]
    assert len(query.similar("voucher question", kinds=("thread",))) == 5
