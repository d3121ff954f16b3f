"""Search on the database's own full text: the embedded default, and the answer
whenever Elasticsearch cannot give one.

The index is the SearchEntry table (search.models). SQLite matches through an
FTS5 table (porter stemming, bm25 ranking with the title weighted over the body,
highlight() and snippet()); PostgreSQL through tsvector columns with the
English configuration and GIN indexes (title weight A, body B, ts_rank,
ts_headline).

A common word matches hundreds of thousands of documents, and nobody reads past
the first few pages, so a search ranks a bounded set of candidates
(search.backends.fulltext) and keeps the best results_cap() of them: the
standing boosts, the facet counts, the pages and the total all come from
those, and only the page shown is highlighted. When more match, the total says
"1,000+" and the facet counts are counts among those first results. A rebuild
loads the whole index in bulk (search.backends.bulk).
"""

import difflib
import html
import math
from dataclasses import replace
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from .. import synonyms
from ..documents import FACETS
from ..models import SearchEntry
from ..similar import STOP_WORDS, sharing_words
from . import bulk, fulltext
from .base import Backend, FacetValue, Hit, Results, Suggestion, results_cap
from .fulltext import MOST_CONCEPTS, SHORTEST_PREFIX, SNIPPET_WORDS, query_concepts
from .fulltext import fts5_query, tsquery_text  # noqa: F401 - its tests import them here


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
        # Readers keep the old index until the new one is complete; see bulk.
        bulk.rebuild(batches, progress)

    def indexed_ids(self, kind):
        return set(SearchEntry.objects.filter(kind=kind).values_list("object_id", flat=True))

    # --- reading ---------------------------------------------------------------
    def search(self, query):
        concepts = query_concepts(query.text)
        filters = {name: list(values) for name, values in (query.filters or {}).items()
                   if name in FACETS and values}
        if not concepts:
            return Results(query=query, hits=[], total=0, facets={}, backend=self.name)
        cap = results_cap()
        ranked, more = fulltext.ranked(concepts, filters, cap)
        per_page = max(1, query.per_page)
        last_page = max(1, math.ceil(len(ranked) / per_page))
        page = min(max(1, query.page), last_page)
        shown = ranked[(page - 1) * per_page:page * per_page]
        facets = {name: _facet(name, filters, concepts, cap, ranked, more) for name in FACETS}
        return Results(
            query=replace(query, page=page, per_page=per_page, filters=filters),
            hits=fulltext.highlighted(shown, concepts), total=len(ranked),
            total_is_lower_bound=more, facets=facets,
            suggestion="" if ranked else self.did_you_mean(query.text), backend=self.name,
        )

    def suggest(self, text, limit=8):
        text = " ".join((text or "").split())[:100]
        if not text or limit < 1:
            return []
        # Titles whose first word, or any later one, starts like the text typed.
        entries = (
            SearchEntry.objects.filter(own_title=True)
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
        return suggestion if concepts and fulltext.matching(concepts).exists() else ""


def _facet(name, filters, concepts, cap, ranked, more):
    """The values of facet `name` among the results, with counts, under every
    filter but the facet's own (so choosing one value still shows the others):
    among the ranked results when the facet is not filtered, else among the
    results of the query without its filter."""
    others = {other: values for other, values in filters.items() if other != name}
    if name in filters:
        ranked, more = fulltext.ranked(concepts, others, cap)
    counts = fulltext.facet_counts(name, ranked)
    chosen = set(filters.get(name, ()))
    # A chosen value nothing matches stays listed, ticked, so it can be unticked.
    for label in chosen - counts.keys():
        counts[label] = 0
    return [FacetValue(label=label, count=count, selected=label in chosen,
                       count_is_lower_bound=more and count > 0)
            for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _title_vocabulary():
    """The words of the best known titles, for "did you mean"."""
    titles = SearchEntry.objects.filter(own_title=True).order_by("-votes", "-helpful")
    words = set()
    for title in titles.values_list("title", flat=True)[:2000]:
        words.update(word for word in synonyms.tokens(title) if len(word) >= SHORTEST_PREFIX)
    return sorted(words)


def _opening(body, words=SNIPPET_WORDS):
    parts = (body or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")

