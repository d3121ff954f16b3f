"""`search_index rebuild` at scale: it shows its progress, ends with exactly
what anyone may find, reads each batch in the same few queries however large,
and on PostgreSQL keeps serving the old index, and every change made
meanwhile, until the new one takes its place."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import flows as forum_flows
from practices import flows
from search import indexing
from search.backends.base import Query, SearchUnavailable
from search.backends.database import DatabaseBackend
from search.documents import type_for_kind
from search.models import SearchEntry
from tests.forum.builders import make_threads


def indexed():
    return set(SearchEntry.objects.values_list("kind", "object_id"))


@pytest.mark.django_db
def test_rebuild_shows_progress_and_ends_with_exactly_what_may_be_found(
        forum, make_forum, customer, moderator, ops, make_idea, make_practice, capsys):
    shown, hidden = make_threads(forum, customer, 2, replies=2, tags=["refunds"])
    hidden.is_hidden = True
    hidden.save()
    kept_reply, gone_reply = shown.posts.filter(number__gt=1)
    forum_flows.hide_post(post=gone_reply, moderator=moderator)
    closed = make_forum("Staff only")
    [closed_thread] = make_threads(closed, customer, 1)
    closed.unpublish()
    idea, duplicate = make_idea("Receipts by e-mail"), make_idea("E-mail receipts")
    flows.merge_ideas(duplicate, idea, ops)
    practice = make_practice("Fix it the same evening")
    make_practice("A draft", publish=False)
    SearchEntry.objects.create(kind="idea", object_id=999, url="/gone/", title="Gone")

    call_command("search_index", "rebuild")

    assert indexed() == {("thread", shown.pk), ("post", kept_reply.pk), ("idea", idea.pk),
                         ("practice", practice.pk)}
    err = capsys.readouterr().err
    assert "[" + "." * 30 + "]         0/4 database" in err
    assert "[" + "#" * 30 + "]         4/4 database" in err
    entry = SearchEntry.objects.get(kind="thread", object_id=shown.pk)
    assert entry.facet_tag == SearchEntry.joined(["refunds"])
    assert entry.url == shown.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["thread", "post", "idea", "practice"])
def test_a_batch_of_documents_is_read_in_the_same_queries_however_many_it_holds(
        kind, forum, customer, make_idea, make_practice):
    def make(count):
        for n in range(count):
            if kind == "idea":
                make_idea(f"Idea {n} of {count}", tags=["refunds", "returns"])
            elif kind == "practice":
                make_practice(f"Practice {n}", tags=["refunds"])
            else:
                make_threads(forum, customer, 1, replies=2, tags=["refunds", "returns"])

    def queries():
        with CaptureQueriesContext(connection) as read:
            [batch] = list(indexing.all_documents(type_for_kind(kind), batch_size=100))
        return len(read), len(batch)

    make(2)
    queries()  # what is cached once per process (the site's root paths) is read
    few = queries()
    make(4)
    many = queries()
    assert many[1] == 3 * few[1] and many[0] == few[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_searches_see_the_old_index_and_changes_made_meanwhile_are_kept(forum, customer,
                                                                       moderator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite holds its one writer back until a rebuild commits")
    kept, hidden_meanwhile = make_threads(forum, customer, 2, replies=1)
    backend = DatabaseBackend()
    backend.rebuild(indexing.all_documents(type_for_kind("thread")), total=2)
    SearchEntry.objects.create(kind="idea", object_id=999, url="/gone/", title="Question gone")

    def batches():
        for kind in ("thread", "post"):
            for batch in indexing.all_documents(type_for_kind(kind), batch_size=1):
                yield batch
                if batch[0].pk == hidden_meanwhile.pk and kind == "thread":
                    # Already read and written into the new index: now hidden,
                    # and a new thread started, each indexed as the site does.
                    forum_flows.delete_post(post=hidden_meanwhile.posts.get(number=1),
                                            user=moderator)
                    started.append(forum_flows.start_thread(
                        forum=forum, author=moderator, title="Question started meanwhile",
                        body="?"))
                    # Searches still read the old index, with the change.
                    seen.append(found())

    def found():
        answer = backend.search(Query(text="question", per_page=100))
        return {(hit.kind, hit.pk) for hit in answer.hits}

    started, seen = [], []
    backend.rebuild(batches(), total=4)

    [new] = started
    assert seen == [{("thread", kept.pk), ("thread", new.pk), ("idea", 999)}]
    [reply] = kept.posts.filter(number=2)
    assert found() == indexed() == {("thread", kept.pk), ("post", reply.pk), ("thread", new.pk)}
    # The new table took the old one's place whole: its indexes, and rows that come next.
    backend.index(indexing.documents_of("thread", [kept.pk])[0])
    assert found() == indexed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s",
                       [SearchEntry._meta.db_table])
        names = {name for (name,) in cursor.fetchall()}
    assert {"search_entry_once", "search_entry_vector", "search_entry_title_vector",
            "search_entry_newest", "search_entry_tag_labels"} <= names
    assert not any(name.endswith("_next") for name in names)


@pytest.mark.django_db
def test_with_elasticsearch_both_indexes_fill_from_one_reading(elasticsearch_backend, forum,
                                                               customer, capsys, monkeypatch):
    threads = make_threads(forum, customer, 3, replies=1)
    read = []
    all_documents = indexing.all_documents
    monkeypatch.setattr(indexing, "all_documents",
                        lambda document_type: read.append(document_type.kind)
                        or all_documents(document_type))

    call_command("search_index", "rebuild")

    expected = {("thread", t.pk) for t in threads} | {
        ("post", p.pk) for t in threads for p in t.posts.filter(number=2)}
    assert indexed() == expected
    assert {(kind, pk) for kind in ("thread", "post")
            for pk in elasticsearch_backend.indexed_ids(kind)} == expected
    assert sorted(read) == ["idea", "post", "practice", "thread"]
    captured = capsys.readouterr()
    assert "database: 6 documents indexed" in captured.out
    assert "elasticsearch: 6 documents indexed" in captured.out
    for name in ("database", "elasticsearch"):
        assert f"[{'#' * 30}]         6/6 {name}" in captured.err


@pytest.mark.django_db
def test_a_cluster_that_fails_during_a_rebuild_leaves_the_database_rebuilt(
        settings, forum, customer, monkeypatch):
    threads = make_threads(forum, customer, 2)
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    monkeypatch.setattr("search.query._elastic", None)
    with pytest.raises(SearchUnavailable, match="could not be reached"):
        call_command("search_index", "rebuild", "--quiet-progress")
    assert indexed() == {("thread", t.pk) for t in threads}


@pytest.mark.django_db
def test_a_rebuild_that_fails_leaves_the_index_as_it_was(forum, customer):
    [kept] = make_threads(forum, customer, 1)
    backend = DatabaseBackend()
    backend.rebuild(indexing.all_documents(type_for_kind("thread")), total=1)

    def batches():
        yield indexing.documents_of("thread", [kept.pk])[0]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(batches(), total=2)
    assert indexed() == {("thread", kept.pk)}
    assert backend.search(Query(text="question")).total == 1
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert not [name for name in tables if name.startswith(f"{SearchEntry._meta.db_table}_n")]
