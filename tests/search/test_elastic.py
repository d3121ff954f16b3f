"""What only the Elasticsearch backend does, on a real node: typo tolerance,
as-you-type prefixes, the completion suggester, synonyms, ranking by the
community's signals, facets, escaped highlights, more-like-this and rebuilds
behind an alias. Behaviour both backends share is tested once for both
(tests/search/test_*.py with the `search_backend` fixture)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

from search.backends.base import Query, SearchUnavailable
from search.backends.elastic import ElasticsearchBackend
from search.documents import SearchDocument

# elasticsearch_backend comes from tests/search/conftest.py.
from .elastic_fixtures import unique_alias

NOW = datetime.now(UTC)


def document(kind, pk, title, body="", **fields):
    fields.setdefault("created_at", NOW)
    return SearchDocument(kind=kind, pk=pk, url=f"/{kind}/{pk}/", title=title, body=body, **fields)


REFUND = document(
    "thread", 1, "Refund for a late delivery",
    "My parcel came two weeks late and I would like a refund for the delivery charge.",
    facets={"forum": ["Billing"], "stage": ["get help"], "tag": ["refunds"]},
)
RETURNS_IDEA = document(
    "idea", 2, "Take returns at any counter",
    "Customers must drive to the store they bought from to return an item.",
    facets={"status": ["planned"], "stage": ["renew or leave"],
            "barrier": ["policy before people"]},
)
PASSWORD = document(
    "practice", 3, "Sign in without a password",
    "Customers sign in with a link sent by e-mail; nobody waits on the phone for a reset.",
    facets={"stage": ["use"], "barrier": ["rigid systems"]},
)
CORPUS = [REFUND, RETURNS_IDEA, PASSWORD]


def found(results):
    return [(hit.kind, hit.pk) for hit in results.hits]


def search(backend, text, **filters):
    return backend.search(Query(text=text, filters=filters))


@pytest.fixture
def es(elasticsearch_backend):
    elasticsearch_backend.index(CORPUS)
    return elasticsearch_backend


# --- finding ---------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["refnud", "refudn", "delivry", "pasword"])
def test_a_misspelled_word_still_finds_its_target(es, typed):
    target = {"refnud": REFUND, "refudn": REFUND, "delivry": REFUND, "pasword": PASSWORD}[typed]
    assert found(search(es, typed))[:1] == [(target.kind, target.pk)]


def test_the_word_a_typo_found_is_marked(es):
    hit = search(es, "refnud delivery").hits[0]
    assert (hit.kind, hit.pk) == (REFUND.kind, REFUND.pk)
    assert hit.title_html == "<mark>Refund</mark> for a late <mark>delivery</mark>"
    only_the_typo = search(es, "refnud").hits[0]
    assert "<mark>refund</mark>" in only_the_typo.snippet_html


def test_words_found_as_typed_are_marked_without_their_near_misses(es):
    # "cart" is one letter from "card": found by the word as typed, a hit marks
    # that word, not every word a typo could have meant.
    es.index([document("thread", 8, "Gift card declined at the cart",
                       "The gift card was declined at the till.")])
    hit = next(hit for hit in search(es, "gift card").hits if hit.pk == 8)
    assert hit.title_html == "<mark>Gift</mark> <mark>card</mark> declined at the cart"


def test_short_words_are_not_fuzzy(es):
    # "log" is one letter from "long" and "dog"; three letters must match exactly.
    es.index([document("thread", 9, "The queue was long")])
    assert ("thread", 9) not in found(search(es, "log"))


def test_half_typed_words_match_titles_as_you_type(es):
    results = search(es, "take retu")
    assert found(results) == [("idea", 2)]
    assert results.hits[0].title_html == "<mark>Take</mark> <mark>returns</mark> at any counter"


def test_a_misspelled_query_offers_a_correction(es):
    results = search(es, "refnud delivry")
    assert results.suggestion == "refund delivery"
    # A query of real words is not second-guessed.
    assert search(es, "late delivery").suggestion == ""


def test_synonyms_from_the_site_list(es):
    # search/synonyms.txt: refund, return, money back, ...
    assert set(found(search(es, "money back"))) >= {("thread", 1), ("idea", 2)}


def test_the_synonyms_list_drives_the_query(elasticsearch_backend):
    backend = ElasticsearchBackend(alias=unique_alias(), synonyms=["gizmo, widget, thingamajig"],
                                   replicas=0, refresh_writes=True)
    try:
        backend.index([document("thread", 1, "My widget broke"), document("thread", 2, "A gizmo")])
        assert set(found(search(backend, "thingamajig"))) == {("thread", 1), ("thread", 2)}
        # Query side only: the stored words stay as they are.
        assert found(search(backend, "widget"))[0] == ("thread", 1)
    finally:
        backend.delete_all()


def test_english_stemming(es):
    assert found(search(es, "refunded parcels"))[:1] == [("thread", 1)]


def test_synonyms_match_plurals_and_phrases_with_stop_words(elasticsearch_backend):
    backend = ElasticsearchBackend(alias=unique_alias(), replicas=0, refresh_writes=True,
                                   synonyms=["receipt, proof of purchase", "refund, money back"])
    try:
        backend.index([document("thread", 1, "Lost my receipt"),
                       document("thread", 2, "Two refunds in one month")])
        assert found(search(backend, "proof of purchase")) == [("thread", 1)]
        assert found(search(backend, "receipts")) == [("thread", 1)]
        assert found(search(backend, "money back")) == [("thread", 2)]
    finally:
        backend.delete_all()


# --- ranking ---------------------------------------------------------------------

def test_votes_helpful_marks_solved_and_recency_lift_equal_matches(elasticsearch_backend):
    same = {"title": "Shorter queues at the pharmacy", "body": "The queue is too long."}
    elasticsearch_backend.index([
        document("idea", 1, **same),
        document("idea", 2, votes=40, **same),
        document("thread", 3, **same),
        document("thread", 4, solved=True, **same),
        document("thread", 5, helpful=12, created_at=NOW - timedelta(days=900), **same),
        document("thread", 6, helpful=12, **same),
    ])

    def order(*filters):
        return found(elasticsearch_backend.search(Query("pharmacy queues", filters=dict(filters))))

    assert order(("kind", ["idea"])) == [("idea", 2), ("idea", 1)]
    ranked = order(("kind", ["thread"]))
    assert ranked.index(("thread", 4)) < ranked.index(("thread", 3))
    assert ranked.index(("thread", 6)) < ranked.index(("thread", 5)) < ranked.index(("thread", 3))


def test_a_popular_document_does_not_bury_a_better_match(elasticsearch_backend):
    elasticsearch_backend.index([
        document("idea", 1, "Refund delivery charges when a parcel is late",
                 "Refund the delivery charge for every late parcel."),
        document("idea", 2, "Open the pharmacy on Sundays", "Also a word on a late refund.",
                 votes=50),
    ])
    assert found(search(elasticsearch_backend, "late delivery refund"))[0] == ("idea", 1)


# --- facets, pages, highlights ---------------------------------------------------

def test_facets_count_every_value_and_ignore_their_own_filter(es):
    results = search(es, "customers", stage=["use"])
    assert found(results) == [("practice", 3)]
    facets = {name: {v.label: (v.count, v.selected) for v in values}
              for name, values in results.facets.items()}
    # Both documents about customers stay countable under "stage"...
    assert facets["stage"] == {"use": (1, True), "renew or leave": (1, False)}
    # ...while the other facets count within the chosen stage.
    assert facets["kind"] == {"practice": (1, False)}
    assert facets["barrier"] == {"rigid systems": (1, False)}


def test_a_chosen_value_nothing_matches_stays_listed(es):
    results = search(es, "refund", tag=["no-such-tag"])
    assert results.total == 0
    tags = [(v.label, v.count, v.selected) for v in results.facets["tag"]]
    assert ("no-such-tag", 0, True) in tags


def test_pages(elasticsearch_backend):
    elasticsearch_backend.index([document("thread", n, f"Parking problem number {n}")
                                 for n in range(1, 26)])
    first = elasticsearch_backend.search(Query("parking", per_page=10))
    third = elasticsearch_backend.search(Query("parking", page=3, per_page=10))
    assert first.total == third.total == 25
    assert len(first.hits) == 10 and len(third.hits) == 5
    assert not set(found(first)) & set(found(third))
    assert elasticsearch_backend.search(Query("parking", page=100_000)).hits == []


def test_highlights_mark_the_words_and_escape_the_rest(elasticsearch_backend):
    elasticsearch_backend.index([document(
        "thread", 1, "<script>alert(1)</script> parking & fees",
        'The parking <img src=x onerror="alert(2)"> meter is broken.',
    )])
    hit = search(elasticsearch_backend, "parking").hits[0]
    assert hit.title_html == ("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; <mark>parking</mark> "
                              "&amp; fees")
    assert "<mark>parking</mark>" in hit.snippet_html
    assert "<img" not in hit.snippet_html and "&lt;img" in hit.snippet_html
    assert hit.title == "<script>alert(1)</script> parking & fees"


def test_a_title_match_shows_the_start_of_the_body(es):
    hit = search(es, "password").hits[0]
    assert hit.snippet_html.startswith("Customers sign in with a link")


# --- suggestions and similar -----------------------------------------------------

def test_the_header_box_suggests_titles_by_any_word_and_forgives_a_typo(es):
    assert [s.title for s in es.suggest("ref")] == ["Refund for a late delivery"]
    assert [s.title for s in es.suggest("late del")] == ["Refund for a late delivery"]
    assert [s.title for s in es.suggest("pasw")] == ["Sign in without a password"]
    assert [s.title for s in es.suggest("refnd")] == ["Refund for a late delivery"]
    suggestion = es.suggest("sign")[0]
    assert (suggestion.kind, suggestion.url) == ("practice", "/practice/3/")
    assert es.suggest("   ") == []


def test_suggestions_favour_what_people_value(elasticsearch_backend):
    elasticsearch_backend.index([document("idea", 1, "Parking for disabled visitors"),
                                 document("idea", 2, "Parking fees refunded", votes=30)])
    assert [s.title for s in elasticsearch_backend.suggest("park")] == [
        "Parking fees refunded", "Parking for disabled visitors"]


def test_similar_finds_like_documents_of_the_asked_kinds(es):
    es.index([document("idea", 7, "Returns at every counter, not just the store of purchase",
                       "Let customers return an item at any store.")])
    hits = es.similar("Return items at any store counter", kinds=["idea"])
    assert {(h.kind, h.pk) for h in hits[:2]} == {("idea", 7), ("idea", 2)}
    assert all(h.kind == "idea" for h in hits)
    excluded = es.similar("Return items at any store counter", kinds=["idea"],
                          exclude=[("idea", 7)])
    assert ("idea", 7) not in [(h.kind, h.pk) for h in excluded]
    assert es.similar("", kinds=["idea"]) == []


# --- writing and the index life cycle --------------------------------------------

def test_the_first_write_creates_the_first_version_behind_the_alias(elasticsearch_backend):
    assert elasticsearch_backend.current_version() is None
    elasticsearch_backend.index([REFUND])
    versions = elasticsearch_backend.versions()
    assert len(versions) == 1 and versions[0].startswith(elasticsearch_backend.alias + "-")
    assert elasticsearch_backend.current_version() == versions[0]


def test_index_replaces_and_remove_ignores_what_is_not_there(es):
    es.index([document("thread", 1, "Refund for a lost parcel")])
    assert search(es, "lost parcel").hits[0].title == "Refund for a lost parcel"
    es.remove("thread", [1, 404])
    es.remove("nothing", [1])
    assert es.indexed_ids("thread") == set()
    assert es.indexed_ids("idea") == {2}


def test_searching_before_any_index_exists_is_unavailable(elasticsearch_backend):
    with pytest.raises(SearchUnavailable, match="search_index rebuild"):
        search(elasticsearch_backend, "refund")
    assert elasticsearch_backend.indexed_ids("thread") == set()
    elasticsearch_backend.remove("thread", [1])  # no index yet: nothing to remove


def test_rebuild_swaps_the_alias_while_searches_keep_answering(es):
    old = es.current_version()
    answers, failures, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(search(es, "refund").total)
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                failures.append(error)

    def batches():
        for start in range(0, 400, 100):
            # Until the swap, the old version answers in full.
            assert es.current_version() == old
            assert found(search(es, "late delivery")) == [("thread", 1)]
            yield [document("thread", 1000 + n, f"Refund question {n}")
                   for n in range(start, start + 100)]
            if start == 100:
                # Changes made meanwhile, by the site: one new, one edited after
                # the rebuild wrote it, one edited before the rebuild writes its
                # older copy, one deleted after the rebuild wrote it.
                es.index([document("idea", 77, "Written during the rebuild"),
                          document("thread", 1000, "Refund question, edited"),
                          document("thread", 1350, "Refund question, edited early")])
                es.remove("thread", [1001])

    searching = threading.Thread(target=keep_searching)
    searching.start()
    progress = []
    try:
        es.rebuild(batches(), total=400, progress=progress.append)
    finally:
        stop.set()
        searching.join()

    assert progress == [100, 200, 300, 400]
    assert failures == []
    assert answers and 0 not in answers
    versions = es.versions()
    assert len(versions) == 1 and versions[0] != old == min(old, versions[0])
    assert es.current_version() == versions[0]
    # The new version holds what the rebuild put in, and what changed meanwhile.
    assert es.indexed_ids("thread") == set(range(1000, 1400)) - {1001}
    assert es.indexed_ids("idea") == {77}
    assert search(es, "refund question").total == 399
    assert {hit.title for hit in search(es, "edited").hits} == {
        "Refund question, edited", "Refund question, edited early"}
    assert not es.client.indices.exists_alias(name=es.next_alias)
    # Writes go to the new version.
    es.index([REFUND])
    assert ("thread", 1) in found(search(es, "late delivery"))


def test_the_first_rebuild_creates_the_alias(elasticsearch_backend):
    elasticsearch_backend.rebuild([CORPUS], total=len(CORPUS))
    assert elasticsearch_backend.current_version() == elasticsearch_backend.versions()[0]
    assert found(search(elasticsearch_backend, "password")) == [("practice", 3)]


def test_a_failed_rebuild_leaves_the_old_version_answering(es):
    old = es.current_version()

    def batches():
        yield [document("thread", 50, "Half a rebuild")]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        es.rebuild(batches(), total=2)
    assert es.versions() == [old] and es.current_version() == old
    assert found(search(es, "refund"))[:1] == [("thread", 1)]


def test_a_rebuild_loads_unrefreshed_then_serves_as_before(elasticsearch_backend):
    def settings_of(name):
        found = elasticsearch_backend.client.indices.get_settings(index=name)[name]["settings"]
        return found["index"]["refresh_interval"], found["index"]["translog"]["durability"]

    loading = []

    def batches():
        yield [REFUND]
        [filling] = elasticsearch_backend.client.indices.get_alias(
            name=elasticsearch_backend.next_alias)
        loading.append(settings_of(filling))
        yield [PASSWORD]

    elasticsearch_backend.rebuild(batches(), total=2)
    # Filled without refreshes and with the write-ahead log synced in the
    # background; then searchable within a second, and durable per request.
    assert loading == [("-1", "async")]
    assert settings_of(elasticsearch_backend.current_version()) == ("1s", "request")
    assert found(search(elasticsearch_backend, "password")) == [("practice", 3)]
