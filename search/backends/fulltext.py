"""The database's full text, as the database backend asks it: what a query's
words become, which entries match, which of them are the best candidates, and
the page's highlights.

A common word matches hundreds of thousands of entries, and ranking, counting
or grouping all of them costs seconds, so a search looks at a bounded set of
candidates, at most `cap` + 1 of them, taken in an order an index gives:

- SQLite: the best by bm25, which FTS5 works out from its own index alone.
- PostgreSQL: ts_rank needs each entry's row, so the candidates are the newest
  matches (the created_at index, walked newest first until enough match) and
  the newest whose own title matches (the title_vector index): a document about
  the words, however old, is found by its title.

The candidates are then ranked by their text match times their standing
(votes, helpful marks, solved, recency), and only the page shown is highlighted.
"""

import html
import math
from collections import Counter
from datetime import timedelta
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVectorField
from django.db import connection
from django.contrib.postgres.fields import ArrayField
from django.db.models import F, FloatField, Func, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils import timezone

from .. import synonyms
from ..models import FACET_COLUMNS, SEPARATOR, SearchEntry
from ..similar import STOP_WORDS
from .base import Hit

# A query of more words than this is cut: nobody types more, and each adds to the match.
MOST_CONCEPTS = 12
# Shorter words are matched whole: "tv*" would match half the vocabulary.
SHORTEST_PREFIX = 3
# Title weighted over body: bm25's column weights (SQLite); PostgreSQL's are
# ts_rank's defaults, A (title) 1.0 over B (body) 0.4.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_WORDS = 24
# Marks around matched words on the way out of the database; stored text never
# holds them (SearchEntry.from_document strips them), so after escaping, each
# is a <mark> and nothing else.
START, STOP = "\x02", "\x03"
LT, GT = "\x04", "\x05"
FTS_TABLE = "search_searchentry_fts"
# Generated columns on PostgreSQL only (migrations 0002 and 0003), so not model fields.
VECTOR_COLUMN = "search_vector"
TITLE_VECTOR_COLUMN = "title_vector"
TABLE = SearchEntry._meta.db_table
MONTH, YEAR = timedelta(days=30), timedelta(days=365)
# What ranking and facets read of a candidate.
COLUMNS = ("id", "kind", *FACET_COLUMNS.values(), "votes", "helpful", "solved", "created_at")


# --- The query ---------------------------------------------------------------------

def query_concepts(text):
    """What a document must hold to match `text`: every concept (an AND), each
    concept any of its phrases (an OR), with synonyms from synonyms.txt. Words
    too common to search on are left out, as PostgreSQL's English configuration
    leaves them out."""
    concepts = [
        concept for concept in synonyms.expand(synonyms.tokens(text))
        if not (len(concept) == 1 and len(concept[0]) == 1 and concept[0][0] in STOP_WORDS)
    ]
    return concepts[:MOST_CONCEPTS]


def fts5_query(concepts):
    """The concepts as an FTS5 query. Every word is a quoted string (they hold
    letters and digits only), so nothing the user typed is read as syntax."""
    def phrase(words):
        quoted = '"' + " ".join(words) + '"'
        return quoted + "*" if len(words) == 1 and len(words[0]) >= SHORTEST_PREFIX else quoted

    return " AND ".join("(" + " OR ".join(phrase(p) for p in concept) + ")" for concept in concepts)


def tsquery_text(concepts):
    """The concepts as PostgreSQL tsquery text, for to_tsquery('english', ...):
    words joined by <-> in a phrase, | within a concept, & between concepts."""
    def phrase(words):
        if len(words) == 1:
            return words[0] + (":*" if len(words[0]) >= SHORTEST_PREFIX else "")
        return "(" + " <-> ".join(words) + ")"

    return " & ".join("(" + " | ".join(phrase(p) for p in concept) + ")" for concept in concepts)


def matching(concepts, column=VECTOR_COLUMN):
    """The entries matching `concepts` (on PostgreSQL, in `column`'s vector)."""
    if connection.vendor == "sqlite":
        # The FTS5 table joined by rowid; MATCH, bm25() and highlight() need
        # it in the same query, which the ORM has no other way to say.
        return SearchEntry.objects.extra(
            tables=[FTS_TABLE],
            where=[f'"{FTS_TABLE}".rowid = "{TABLE}".id', f'"{FTS_TABLE}" MATCH %s'],
            params=[fts5_query(concepts)],
        )
    vector = RawSQL(f'"{TABLE}"."{column}"', [], output_field=SearchVectorField())
    return SearchEntry.objects.alias(document=vector).filter(document=_tsquery(concepts))


def filtered(entries, filters):
    """`entries` with every chosen facet value applied: any value of a facet,
    all facets."""
    for name, values in filters.items():
        if name == "kind":
            entries = entries.filter(kind__in=values)
        elif connection.vendor == "postgresql":
            # The labels as an array, as indexed (migration 0004).
            entries = entries.alias(**{f"{name}_labels": Labels(FACET_COLUMNS[name])}).filter(
                **{f"{name}_labels__overlap": [str(value) for value in values]})
        else:
            column = FACET_COLUMNS[name]
            query = Q()
            for value in values:
                query |= Q(**{f"{column}__contains": SEPARATOR + str(value) + SEPARATOR})
            entries = entries.filter(query)
    return entries


class Labels(Func):
    """A facet column's labels as a PostgreSQL text array."""

    function = "string_to_array"
    template = "%(function)s(%(expressions)s, E'\\x1f')"
    output_field = ArrayField(TextField())


def _tsquery(concepts):
    return SearchQuery(tsquery_text(concepts), search_type="raw", config="english")


# --- The candidates ----------------------------------------------------------------

class Candidate(NamedTuple):
    """One entry that may be shown: what ranks it and what its facets count."""

    pk: int
    kind: str
    facets: tuple  # the joined values of FACET_COLUMNS, in order
    score: float


def standing(votes, helpful, solved, created_at, now):
    """A result's multiplier beyond its text match: wanted (votes), helpful,
    solved and recent things first among equal matches, never far ahead."""
    boost = 1.0 + 0.15 * math.log1p(max(votes, 0)) + 0.15 * math.log1p(max(helpful, 0))
    if solved:
        boost += 0.25
    if created_at >= now - MONTH:
        boost += 0.1
    elif created_at >= now - YEAR:
        boost += 0.05
    return boost


def ranked(concepts, filters, cap):
    """The best `cap` entries matching `concepts` under `filters`, best first
    (Candidate list), and whether more than `cap` match."""
    if connection.vendor == "sqlite":
        rows, more = _sqlite_candidates(concepts, filters, cap)
    else:
        rows, more = _postgresql_candidates(concepts, filters, cap)
    now = timezone.now()
    facets_end = 2 + len(FACET_COLUMNS)
    found = {}
    for row in rows:
        if row[0] not in found:
            votes, helpful, solved, created_at, text_rank = row[facets_end:facets_end + 5]
            found[row[0]] = Candidate(row[0], row[1], row[2:facets_end], (text_rank or 0.0)
                                      * standing(votes, helpful, solved, created_at, now))
    best = sorted(found.values(), key=lambda candidate: (-candidate.score, -candidate.pk))
    return best[:cap], more


def facet_counts(name, candidates):
    """How many of `candidates` have each value of facet `name`."""
    if name == "kind":
        return Counter(candidate.kind for candidate in candidates)
    at = list(FACET_COLUMNS).index(name)
    counts = Counter()
    # Few distinct joined values among many candidates: each is split once.
    for joined, count in Counter(candidate.facets[at] for candidate in candidates).items():
        for label in SearchEntry.split(joined):
            counts[label] += count
    return counts


def _sqlite_candidates(concepts, filters, cap):
    rank = RawSQL(f"-bm25({FTS_TABLE}, %s, %s)", [TITLE_WEIGHT, BODY_WEIGHT],
                  output_field=FloatField())
    rows = list(filtered(matching(concepts), filters).annotate(text_rank=rank)
                .order_by("-text_rank", "-id").values_list(*COLUMNS, "text_rank")[:cap + 1])
    return rows, len(rows) > cap


def _postgresql_candidates(concepts, filters, cap):
    def newest(column, limit):
        entries = filtered(matching(concepts, column), filters)
        return entries.order_by("-created_at").values("id")[:limit].query.sql_with_params()

    by_text, text_params = newest(VECTOR_COLUMN, cap + 1)
    by_title, title_params = newest(TITLE_VECTOR_COLUMN, cap)
    columns = ", ".join(f'e."{column}"' for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT {columns}, ts_rank(e."{VECTOR_COLUMN}", to_tsquery('english', %s)), c.tier
                FROM (SELECT id, 0 AS tier FROM ({by_text}) AS newest
                      UNION ALL SELECT id, 1 FROM ({by_title}) AS titled) AS c
                JOIN "{TABLE}" AS e ON e.id = c.id""",
            [tsquery_text(concepts), *text_params, *title_params],
        )
        rows = cursor.fetchall()
    return rows, sum(1 for row in rows if row[-1] == 0) > cap


# --- The page ----------------------------------------------------------------------

def highlighted(candidates, concepts):
    """Hits for `candidates`, in their order, with the matched words marked."""
    if not candidates:
        return []
    pks = [candidate.pk for candidate in candidates]
    if connection.vendor == "sqlite":
        entries = matching(concepts).filter(pk__in=pks).annotate(
            title_marked=RawSQL(f"highlight({FTS_TABLE}, 0, char(2), char(3))", []),
            snippet_marked=RawSQL(f"snippet({FTS_TABLE}, 1, char(2), char(3), '…', %s)",
                                  [SNIPPET_WORDS]),
        )
    else:
        tsquery = _tsquery(concepts)
        marks = {"config": "english", "start_sel": START, "stop_sel": STOP}
        entries = SearchEntry.objects.filter(pk__in=pks).annotate(
            title_marked=SearchHeadline(_bracketless("title"), tsquery, highlight_all=True,
                                        **marks),
            snippet_marked=SearchHeadline(
                _bracketless("body"), tsquery, max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2, max_fragments=2, fragment_delimiter=" … ", **marks),
        )
    rows = {row[0]: row for row in entries.values_list(
        "id", "kind", "object_id", "url", "title", "title_marked", "snippet_marked")}
    return [
        Hit(kind=kind, pk=object_id, url=url, title=title,
            title_html=marked_html(title_marked or title),
            snippet_html=marked_html(snippet_marked or ""), score=candidate.score)
        for candidate in candidates if candidate.pk in rows
        for _pk, kind, object_id, url, title, title_marked, snippet_marked in [rows[candidate.pk]]
    ]


def _bracketless(column):
    """`column` with its angle brackets swapped for LT and GT: ts_headline drops
    whatever looks like an HTML tag, and typed text must come back as typed."""
    return Replace(Replace(F(column), Value("<"), Value(LT)), Value(">"), Value(GT))


def marked_html(text):
    """Text with START/STOP marks as safe HTML: all of it escaped, then the marks
    turned into <mark> elements."""
    text = text.replace(LT, "<").replace(GT, ">")
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
