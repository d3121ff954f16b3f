"""Search on the database's own full text: the embedded default, and the answer
whenever Elasticsearch cannot give one.

The index is the SearchEntry table (search.models). SQLite matches through an
FTS5 table (porter stemming, bm25 ranking with the title weighted over the body,
highlight() and snippet()); PostgreSQL through a tsvector column with the
English configuration and a GIN index (title weight A, body B, ts_rank,
ts_headline). Everything else, filters, facets, boosts and pages, is the same
ORM query on both.
"""

import difflib
import html
import math
from dataclasses import replace
from datetime import timedelta
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Ln, Replace
from django.utils import timezone

from .. import synonyms
from ..documents import FACETS
from ..models import FACET_COLUMNS, SEPARATOR, SearchEntry
from ..similar import STOP_WORDS, sharing_words
from .base import Backend, FacetValue, Hit, Results, Suggestion

# A query of more words than this is cut: nobody types more, and each adds to the match.
MOST_CONCEPTS = 12
# Shorter words are matched whole: "tv*" would match half the vocabulary.
SHORTEST_PREFIX = 3
# Title weighted over body: bm25's column weights (SQLite); PostgreSQL's are
# ts_rank's defaults, A (title) 1.0 over B (body) 0.4.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_WORDS = 24
BATCH = 500
# Marks around matched words on the way out of the database; stored text never
# holds them (SearchEntry.from_document strips them), so after escaping, each
# is a <mark> and nothing else.
START, STOP = "\x02", "\x03"
LT, GT = "\x04", "\x05"
FTS_TABLE = "search_searchentry_fts"
VECTOR_COLUMN = "search_vector"


class DatabaseBackend(Backend):
    name = "database"

    # --- writing ---------------------------------------------------------------
    def index(self, documents):
        entries = [SearchEntry.from_document(document) for document in documents]
        if not entries:
            return
        with transaction.atomic():
            # Replaced rather than updated, so the full-text triggers stay plain
            # inserts and deletes; two statements per kind however many documents.
            for kind in {entry.kind for entry in entries}:
                SearchEntry.objects.filter(
                    kind=kind, object_id__in=[e.object_id for e in entries if e.kind == kind]
                ).delete()
            SearchEntry.objects.bulk_create(entries)

    def remove(self, kind, pks):
        pks = list(pks)
        if pks:
            SearchEntry.objects.filter(kind=kind, object_id__in=pks).delete()

    def rebuild(self, batches, total, progress=None):
        # One transaction: readers keep seeing the old index until the new one
        # is complete (PostgreSQL's snapshots, SQLite's write-ahead log).
        done = 0
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            for batch in batches:
                SearchEntry.objects.bulk_create(
                    [SearchEntry.from_document(document) for document in batch], batch_size=BATCH
                )
                done += len(batch)
                if progress:
                    progress(done)

    def indexed_ids(self, kind):
        return set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True))

    # --- reading ---------------------------------------------------------------
    def search(self, query):
        concepts = query_concepts(query.text)
        filters = {name: list(values) for name, values in (query.filters or {}).items()
                   if name in FACETS and values}
        if not concepts:
            return Results(query=query, hits=[], total=0, facets={}, backend=self.name)
        matching = self._matching(concepts)
        filtered = _filtered(matching, filters)
        total = filtered.count()
        per_page = max(1, query.per_page)
        last_page = max(1, math.ceil(total / per_page))
        page = min(max(1, query.page), last_page)
        start = (page - 1) * per_page
        hits = self._hits(filtered, concepts, start, per_page) if total else []
        facets = {name: _facet(matching, filters, name) for name in FACETS}
        suggestion = "" if total else self.did_you_mean(query.text)
        return Results(
            query=replace(query, page=page, per_page=per_page, filters=filters), hits=hits,
            total=total, facets=facets, suggestion=suggestion, backend=self.name,
        )

    def suggest(self, text, limit=8):
        text = " ".join((text or "").split())[:100]
        if not text or limit < 1:
            return []
        # Titles whose first word, or any later one, starts like the text typed.
        entries = (
            SearchEntry.objects.exclude(kind="post")
            .filter(Q(title__istartswith=text) | Q(title__icontains=f" {text}"))
            .order_by("-votes", "-helpful", "title")
            .only("kind", "url", "title")[:limit]
        )
        return [Suggestion(kind=e.kind, url=e.url, title=e.title) for e in entries]

    def similar(self, text, kinds, limit=5, exclude=()):
        entries = SearchEntry.objects.filter(kind__in=list(kinds))
        if exclude:
            entries = entries.exclude(
                reduce(or_, (Q(kind=kind, object_id=pk) for kind, pk in exclude)))
        # Titles sharing the most words with the text, as the idea form has always
        # matched them (search.similar), then the best known first.
        rows = sharing_words(entries.only("kind", "object_id", "url", "title", "body"), ["title"],
                             text or "", limit,
                             order=("-votes", "-helpful", "-created_at", "-object_id"))
        return [
            Hit(kind=e.kind, pk=e.object_id, url=e.url, title=e.title,
                title_html=html.escape(e.title), snippet_html=html.escape(_opening(e.body)),
                score=float(e.shared_words))
            for e in rows
        ]

    def did_you_mean(self, text):
        """`text` with each word the titles do not know replaced by the closest
        one they do, when that finds something; "" otherwise."""
        words = synonyms.tokens(text)[:MOST_CONCEPTS]
        if not words:
            return ""
        vocabulary = _title_vocabulary()
        corrected = [
            word if word in vocabulary or word in STOP_WORDS or word.isdigit()
            else next(iter(difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)), word)
            for word in words
        ]
        if corrected == words:
            return ""
        suggestion = " ".join(corrected)
        concepts = query_concepts(suggestion)
        return suggestion if concepts and self._matching(concepts).exists() else ""

    # --- internals -------------------------------------------------------------
    def _matching(self, concepts):
        if connection.vendor == "sqlite":
            # The FTS5 table joined by rowid; MATCH, bm25() and highlight() need
            # it in the same query, which the ORM has no other way to say.
            return SearchEntry.objects.extra(
                tables=[FTS_TABLE],
                where=[f'"{FTS_TABLE}".rowid = "{SearchEntry._meta.db_table}".id',
                       f'"{FTS_TABLE}" MATCH %s'],
                params=[fts5_query(concepts)],
            )
        return SearchEntry.objects.alias(document=_vector()).filter(document=_tsquery(concepts))

    def _hits(self, entries, concepts, start, count):
        if connection.vendor == "sqlite":
            rank = RawSQL(f"-bm25({FTS_TABLE}, %s, %s)", [TITLE_WEIGHT, BODY_WEIGHT],
                          output_field=FloatField())
            marked = {
                "title_marked": RawSQL(f"highlight({FTS_TABLE}, 0, char(2), char(3))", []),
                "snippet_marked": RawSQL(
                    f"snippet({FTS_TABLE}, 1, char(2), char(3), '…', %s)", [SNIPPET_WORDS]),
            }
        else:
            tsquery = _tsquery(concepts)
            rank = SearchRank(_vector(), tsquery)
            marks = {"start_sel": START, "stop_sel": STOP}
            marked = {
                "title_marked": SearchHeadline(_bracketless("title"), tsquery, config="english",
                                               highlight_all=True, **marks),
                "snippet_marked": SearchHeadline(
                    _bracketless("body"), tsquery, config="english", max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2, max_fragments=2, fragment_delimiter=" … ",
                    **marks),
            }
        rows = (
            entries.annotate(text_rank=rank).annotate(score=F("text_rank") * _standing())
            .order_by("-score", "-pk").annotate(**marked)
            .only("kind", "object_id", "url", "title")[start:start + count]
        )
        return [
            Hit(kind=e.kind, pk=e.object_id, url=e.url, title=e.title,
                title_html=marked_html(e.title_marked or e.title),
                snippet_html=marked_html(e.snippet_marked or ""), score=float(e.score or 0))
            for e in rows
        ]


# --- Queries ---------------------------------------------------------------------

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


def _tsquery(concepts):
    return SearchQuery(tsquery_text(concepts), search_type="raw", config="english")


def _vector():
    # A generated column on PostgreSQL only (migration 0002), so not a model field.
    return RawSQL(f'"{SearchEntry._meta.db_table}"."{VECTOR_COLUMN}"', [],
                  output_field=SearchVectorField())


def _bracketless(column):
    """`column` with its angle brackets swapped for LT and GT: ts_headline drops
    whatever looks like an HTML tag, and typed text must come back as typed."""
    return Replace(Replace(F(column), Value("<"), Value(LT)), Value(">"), Value(GT))


def _standing():
    """A result's multiplier beyond its text match: wanted (votes), helpful,
    solved and recent things first among equal matches, never far ahead."""
    now = timezone.now()
    return (
        Value(1.0)
        + Value(0.15) * Ln(Cast(F("votes"), FloatField()) + Value(1.0))
        + Value(0.15) * Ln(Cast(F("helpful"), FloatField()) + Value(1.0))
        + Case(When(solved=True, then=Value(0.25)), default=Value(0.0))
        + Case(
            When(created_at__gte=now - timedelta(days=30), then=Value(0.1)),
            When(created_at__gte=now - timedelta(days=365), then=Value(0.05)),
            default=Value(0.0),
        )
    )


def _filtered(entries, filters):
    for name, values in filters.items():
        if name == "kind":
            entries = entries.filter(kind__in=values)
        else:
            column = FACET_COLUMNS[name]
            entries = entries.filter(reduce(or_, (
                Q(**{f"{column}__contains": SEPARATOR + str(value) + SEPARATOR})
                for value in values)))
    return entries


def _facet(matching, filters, name):
    """The values of facet `name` among the matches, with counts: one GROUP BY
    over the facet's column, under every filter but the facet's own."""
    column = "kind" if name == "kind" else FACET_COLUMNS[name]
    others = {other: values for other, values in filters.items() if other != name}
    rows = _filtered(matching, others).values(column).annotate(n=Count("pk")).order_by()
    counts = {}
    for row in rows:
        labels = [row[column]] if name == "kind" else SearchEntry.split(row[column])
        for label in labels:
            counts[label] = counts.get(label, 0) + row["n"]
    chosen = set(filters.get(name, ()))
    # A chosen value nothing matches stays listed, ticked, so it can be unticked.
    for label in chosen - counts.keys():
        counts[label] = 0
    return [FacetValue(label=label, count=count, selected=label in chosen)
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _title_vocabulary():
    """The words of the best known titles, for "did you mean"."""
    titles = SearchEntry.objects.exclude(kind="post").order_by("-votes", "-helpful")
    words = set()
    for title in titles.values_list("title", flat=True)[:2000]:
        words.update(word for word in synonyms.tokens(title) if len(word) >= SHORTEST_PREFIX)
    return sorted(words)


def marked_html(text):
    """Text with START/STOP marks as safe HTML: all of it escaped, then the marks
    turned into <mark> elements."""
    text = text.replace(LT, "<").replace(GT, ">")
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>")


def _opening(body, words=SNIPPET_WORDS):
    parts = (body or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
