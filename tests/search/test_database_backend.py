"""What only the database backend does its own way: the query it builds from
the text, synonyms, and "did you mean"."""

import pytest

from forum import flows as forum_flows
from search import synonyms
from search.backends.base import Query
from search.backends.database import DatabaseBackend, fts5_query, query_concepts, tsquery_text


def test_synonym_phrases_become_one_concept_and_common_words_drop_out():
    concepts = query_concepts("Where is my money back?")
    assert len(concepts) == 1
    assert ("money", "back") in concepts[0] and ("refund",) in concepts[0]


def test_queries_quote_every_word_so_nothing_typed_is_syntax():
    concepts = query_concepts('kettle" OR NEAR(x) tv')
    assert fts5_query(concepts) == '("kettle"*) AND ("near"*) AND ("x") AND ("tv")'
    assert tsquery_text(query_concepts("money back")).startswith("((money <-> back) | refund:*")


def test_the_synonyms_file_parses_as_solr_groups():
    parsed = synonyms.parse("# a comment\n\nrefund, money back => return\nlonely\n")
    assert parsed == [(("refund",), ("money", "back"), ("return",))]
    assert "refund, return, money back, reimbursement" in synonyms.lines()


@pytest.mark.django_db
def test_a_misspelled_query_that_finds_nothing_suggests_a_correction(forum, customer,
                                                                     committed):
    with committed():
        forum_flows.start_thread(forum=forum, author=customer, title="Kettle refund delayed",
                                 body="Two weeks.")
    answer = DatabaseBackend().search(Query(text="kettel"))
    assert answer.total == 0 and answer.suggestion == "kettle"
    assert DatabaseBackend().search(Query(text="kettle")).suggestion == ""
