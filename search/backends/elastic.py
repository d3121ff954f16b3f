"""Search on an Elasticsearch 8 cluster, chosen by ELASTICSEARCH_URL.

Searches and writes go through one alias (ELASTICSEARCH_INDEX, "service-commons"
by default). Behind it sits one versioned index, "<alias>-<timestamp>": a rebuild
fills a new version while the old one keeps answering, then moves the alias in a
single atomic call and deletes the older versions, so there is no moment where a
search finds nothing. While it fills, a second alias "<alias>-next" points at the
new version, and every write from any process goes to both, so a change made
during a rebuild is not lost when the alias moves. A rebuild sends each batch
while the next is read, into a version with no refreshes and no replicas until
it is full.

A search is one round trip: documents are ranked by their text, and only the
best results_cap() of them again by their standing (a rescore), which is also
all anyone can page through; the facets are counted among those same best
documents, read as their facet values alone, rather than among every match,
and the total is counted up to the cap ("1,000+"). Only the page is
highlighted, "did you mean" is asked for only when little is found, and the
same words searched again are answered from the cluster's request cache.

Every call is short (a few seconds at most) and every failure to reach or use
the cluster becomes SearchUnavailable, which `search.query` answers from the
database instead: a slow or absent cluster costs a notice on the page, never an
error page.

The synonyms (search/synonyms.txt, read by search.synonyms the same way the
database backend reads them) are applied when a query is
analysed, not when documents are, so the index stays the same when the list
changes; the list is part of the index settings, though, so a changed list is
picked up by the next `manage.py search_index rebuild`.
"""

import html
import logging
import re
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from search import synonyms as site_synonyms
from search.backends.base import (
    Backend,
    FacetValue,
    Hit,
    Results,
    SearchUnavailable,
    Suggestion,
    results_cap,
)
from search.documents import FACETS

from .writer import Writer

logger = logging.getLogger(__name__)

# Searches must fail fast enough that the database can still answer within the
# same page load; bulk writes and index creation are allowed longer.
SEARCH_TIMEOUT = 3
WRITE_TIMEOUT = 60

# Facets other than "kind" are keyword fields named after the facet.
LABEL_FACETS = tuple(name for name in FACETS if name != "kind")
# What a search reads of the answers: the facet counting reads a thousand
# documents, and parsing all the rest of each would cost more than searching.
MSEARCH_FIELDS = ",".join(f"responses.{part}" for part in (
    "hits.total", "hits.hits._source", "hits.hits._score", "hits.hits.highlight",
    "hits.hits.fields", "hits.hits._id", "suggest", "error", "status"))

SNIPPET_CHARS = 180
# How far into a body the highlighter looks for the words.
HIGHLIGHT_CHARS = 20_000
# Terms a mistyped word may stand for; each is one more list of documents to read.
FUZZY_EXPANSIONS = 20
# Words shorter than this are matched exactly: one letter off "log" is "long",
# "dog" and "fog".
FUZZY_FROM = 4
# Below this many results the "did you mean" correction is offered.
SUGGEST_BELOW = 3
# Elasticsearch refuses to page past this (index.max_result_window).
MAX_RESULT_WINDOW = 10_000

# While a rebuild fills a version: no copies on other nodes, nothing made
# searchable until it is done, and the write-ahead log written in the
# background rather than on every request; each is set back when it is done.
LOADING = {"number_of_replicas": 0, "refresh_interval": "-1", "translog.durability": "async"}
# Bulk requests a rebuild has in flight at once, each a part of one batch.
LOAD_THREADS = 2

# A version's name: the alias, a dash and a UTC timestamp to the microsecond,
# which sorts in creation order.
VERSION_STAMP = "%Y%m%d%H%M%S%f"
VERSION_DIGITS = 20


# --- analysis ----------------------------------------------------------------
# The English chain is the `english` analyzer's (possessive, lowercase, stop
# words, Porter stemming) spelled out, plus accent folding and plural folding,
# so that the search side can put the synonyms where they work best:
# - after plurals are folded ("refunds" -> "refund"), so a rule written in the
#   singular also matches the plural;
# - before stop words are dropped, so a phrase with one inside ("proof of
#   purchase") is still recognised;
# - before Porter stemming, whose stems ("monei") nobody writes rules in.
# The synonyms are parsed with the filters before them, so the rules get the
# same treatment as the query.
english_possessive = token_filter("english_possessive", "stemmer", language="possessive_english")
english_plurals = token_filter("english_plurals", "stemmer", language="minimal_english")
# Lucene's English stop words, plus "thi" and "wa": "this" and "was" after the
# plural folding above.
english_stop = token_filter("english_stop", "stop", stopwords=[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "thi", "to", "was", "wa", "will", "with",
])
english_stemmer = token_filter("english_stemmer", "stemmer", language="english")
ENGLISH_BEFORE = [english_possessive, "lowercase", "asciifolding", english_plurals]
ENGLISH_AFTER = [english_stop, english_stemmer]

english_text = analyzer("english_text", tokenizer="standard", filter=ENGLISH_BEFORE + ENGLISH_AFTER)

# Words as typed, lowercased and folded: what the prefix, spelling and
# completion fields compare.
plain = analyzer("plain", tokenizer="standard", filter=["lowercase", "asciifolding"])
# "refund" is indexed as re, ref, refu, ... so a half-typed word matches.
title_prefixes = analyzer(
    "title_prefixes",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("title_edge_ngram", "edge_ngram", min_gram=2, max_gram=20),
    ],
)


def english_search(synonyms):
    """The query-side English analyzer, with the site's synonyms if there are any."""
    middle = []
    if synonyms:
        # lenient: one line the chain cannot parse (say, only stop words) is
        # skipped instead of making the whole index unusable.
        middle = [token_filter("site_synonyms", "synonym_graph", synonyms=list(synonyms),
                               lenient=True)]
    return analyzer("english_search", tokenizer="standard",
                    filter=ENGLISH_BEFORE + middle + ENGLISH_AFTER)


def mapping(synonyms):
    english = {"analyzer": english_text, "search_analyzer": english_search(synonyms)}
    m = Mapping()
    # Strict: a field the code does not know about is a bug to hear of, not to index.
    m.meta("dynamic", "strict")
    m.field("kind", Keyword())
    m.field("pk", Long())
    m.field("url", Keyword(index=False, doc_values=False))
    m.field("title", Text(**english))
    m.field("body", Text(**english))
    # Own titles only (a reply's is its thread's, SearchDocument.own_title),
    # which is also what makes indexing a reply cheap:
    # - the title's words as they are being typed;
    m.field("title_prefix", Text(analyzer=title_prefixes, search_analyzer=plain))
    # - the title's words unstemmed, where "did you mean" finds real words, as
    #   the database backend looks for them among titles.
    m.field("spell", Text(analyzer=plain))
    for name in LABEL_FACETS:
        m.field(name, Keyword())
    m.field("votes", Integer())
    m.field("helpful", Integer())
    m.field("solved", Boolean())
    m.field("created_at", Date())
    m.field("suggest", Completion(analyzer=plain, search_analyzer=plain))
    return m


# --- ranking -----------------------------------------------------------------
# The text match multiplied by 1 + (what the community says about a result):
# log10(1 + votes) and log10(1 + helpful marks) each add about 1 per tenfold,
# a solved thread adds half, and recency up to half, fading over months. The
# leading 1 keeps a result nobody voted on at its plain text score, and the
# logarithms keep a popular but barely matching result from burying the
# document that is actually about the query.
def ranking(now):
    """The functions, with recency measured from `now`: the start of the hour,
    not the cluster's "now", so the same search within the hour is the same
    request, which the cluster may answer from its cache."""
    return [
        {"weight": 1},
        {"field_value_factor": {"field": "votes", "modifier": "log1p", "missing": 0}},
        {"field_value_factor": {"field": "helpful", "modifier": "log1p", "missing": 0}},
        {"filter": {"term": {"solved": True}}, "weight": 0.5},
        {
            "gauss": {"created_at": {"origin": now.replace(minute=0, second=0, microsecond=0)
                                     .isoformat(), "offset": "7d", "scale": "180d",
                                     "decay": 0.5}},
            "weight": 0.5,
        },
    ]
# Queries of one or two words need every word; longer ones three in four, so a
# stray word does not empty the page.
MINIMUM_SHOULD_MATCH = "2<75%"


def doc_id(kind, pk):
    return f"{kind}-{pk}"


def _suggest_inputs(title):
    """The title, and the title from each of its next few words on: the header
    box then offers "Refund for a late delivery" to someone typing "late"."""
    words = title.split()
    return [" ".join(words[i:]) for i in range(min(len(words), 6))] or [title]


def source(document):
    """What is stored for one SearchDocument."""
    body = {
        "kind": document.kind,
        "pk": document.pk,
        "url": document.url,
        "title": document.title,
        "body": document.body,
        "votes": document.votes,
        "helpful": document.helpful,
        "solved": document.solved,
        "created_at": document.created_at.isoformat(),
    }
    if document.own_title:
        # A reply's title is its thread's: the thread is offered, not each reply.
        body["title_prefix"] = body["spell"] = document.title
        body["suggest"] = {
            "input": _suggest_inputs(document.title),
            "weight": min(1 + max(document.votes, 0) + max(document.helpful, 0), 2**31 - 1),
        }
    for name in LABEL_FACETS:
        body[name] = list(document.facets.get(name, ()))
    return body


# --- the connection ------------------------------------------------------------
_clients = {}
_clients_lock = threading.Lock()


def client_for(urls, timeout=SEARCH_TIMEOUT):
    """One client (and its connection pool) per cluster, shared by every backend
    object and thread of the process."""
    key = (tuple(urls), timeout)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = Elasticsearch(
                list(urls),
                request_timeout=timeout,
                # With several nodes a refused connection moves on to the next
                # node at once; a timeout is not retried, as it would only
                # double the wait before the database answers.
                max_retries=len(urls) - 1,
                retry_on_timeout=False,
            )
        return _clients[key]


# Cluster URLs -> when they last could not be reached (time.monotonic()).
_unreachable = {}


class IndexWriteFailed(SearchUnavailable):
    """Elasticsearch refused some of the documents of a write."""


class ElasticsearchBackend(Backend):
    name = "elasticsearch"
    # Copies of each shard on other nodes, so a cluster survives losing one.
    replicas = 1
    # Whether every write is made searchable before it returns. Off in
    # production, where the cluster does it every second anyway; the tests'
    # fixture turns it on for every backend built during a test.
    refresh_writes = False
    # Seconds the previous version outlives a rebuild's alias swap.
    retire_after = SEARCH_TIMEOUT
    # Seconds an unreachable cluster is left alone before it is tried again.
    cooldown = 10

    def __init__(self, urls=None, alias=None, *, synonyms=None, replicas=None,
                 refresh_writes=None, timeout=SEARCH_TIMEOUT):
        """`urls`: a list, or a comma-separated string (default ELASTICSEARCH_URL);
        `alias`: default ELASTICSEARCH_INDEX; `synonyms`: Solr-format rules
        (default: search/synonyms.txt); `replicas`: copies of each shard on other
        nodes; `refresh_writes`: make every write searchable before it returns."""
        if urls is None:
            urls = settings.ELASTICSEARCH_URL
        if isinstance(urls, str):
            urls = [url.strip() for url in urls.split(",") if url.strip()]
        if not urls:
            raise ValueError("ElasticsearchBackend needs ELASTICSEARCH_URL")
        self.urls = tuple(urls)
        self.alias = alias or settings.ELASTICSEARCH_INDEX
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", self.alias):
            raise ValueError(f"ELASTICSEARCH_INDEX is {self.alias!r}; "
                             "use lowercase letters, digits, '.', '_' and '-'")
        self.synonyms = site_synonyms.lines() if synonyms is None else list(synonyms)
        if replicas is not None:
            self.replicas = replicas
        if refresh_writes is not None:
            self.refresh_writes = refresh_writes
        self.next_alias = f"{self.alias}-next"
        self.client = client_for(self.urls, timeout)
        self._alias_ready = False

    def __repr__(self):
        return f"<ElasticsearchBackend {','.join(self.urls)} alias={self.alias}>"

    @contextmanager
    def _calls(self, doing):
        """Every way a call to the cluster can fail becomes SearchUnavailable,
        saying what was being done and why it failed.

        After the cluster could not be reached, it is not asked again for
        `cooldown` seconds: a hung cluster would otherwise cost every search
        (and every keystroke in the header box) the full timeout before the
        database answers."""
        since = _unreachable.get(self.urls)
        if since is not None:
            if time.monotonic() - since < self.cooldown:
                raise SearchUnavailable(
                    f"Elasticsearch at {','.join(self.urls)} could not be reached "
                    f"{time.monotonic() - since:.0f}s ago; not asked again to {doing} "
                    f"for {self.cooldown}s"
                )
            _unreachable.pop(self.urls, None)
        try:
            yield
        except helpers.BulkIndexError as error:
            first = error.errors[0] if error.errors else {}
            raise IndexWriteFailed(
                f"Elasticsearch refused {len(error.errors)} document(s) while trying to {doing}; "
                f"the first: {first}"
            ) from error
        except NotFoundError as error:
            raise SearchUnavailable(
                f"the search index {self.alias!r} does not exist on {','.join(self.urls)} "
                "(run `manage.py search_index rebuild`)"
            ) from error
        except ApiError as error:
            if error.status_code < 500 and error.status_code != 429:
                # The cluster is up but refused the request: a bug or a
                # misconfigured index, worth an error in the log.
                logger.error("Elasticsearch refused to %s: %s %s",
                             doing, error.status_code, error.info)
            raise SearchUnavailable(
                f"Elasticsearch could not {doing}: {error.status_code} {error.message}"
            ) from error
        except (TransportError, helpers.ScanError) as error:
            if isinstance(error, TransportError):
                _unreachable[self.urls] = time.monotonic()
            raise SearchUnavailable(
                f"Elasticsearch at {','.join(self.urls)} could not be reached to {doing}: {error}"
            ) from error

    # --- index life cycle ------------------------------------------------------
    def _new_version(self, loading=False):
        """Create an empty "<alias>-<timestamp>" index with the current mapping.
        While `loading` it has no replicas and no periodic refresh, which a bulk
        load does not need and would only slow down."""
        name = f"{self.alias}-{datetime.now(UTC).strftime(VERSION_STAMP)}"
        index = Index(name)
        index.mapping(mapping(self.synonyms))
        index.settings(
            number_of_shards=1,
            **(LOADING if loading else self._serving()),
        )
        if loading:
            index.aliases(**{self.next_alias: {}})
        else:
            # The first version takes the alias as it is created; a second
            # process racing to do the same fails, because an alias can have
            # only one write index.
            index.aliases(**{self.alias: {"is_write_index": True}})
        index.create(using=self.client.options(request_timeout=WRITE_TIMEOUT))
        return name

    def versions(self):
        """The names of this alias's versioned indices, oldest first."""
        pattern = re.compile(rf"{re.escape(self.alias)}-\d{{{VERSION_DIGITS}}}")
        with self._calls("list the search indices"):
            found = self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="open,closed")
        return sorted(name for name in found if pattern.fullmatch(name))

    def current_version(self):
        """The index the alias points at, or None before the first write."""
        with self._calls("look up the search alias"):
            try:
                held = self.client.indices.get_alias(name=self.alias)
            except NotFoundError:
                return None
        return next(iter(sorted(held)), None)

    def _ensure_alias(self):
        if self._alias_ready:
            return
        with self._calls("create the search index"):
            if not self.client.indices.exists_alias(name=self.alias):
                try:
                    self._new_version()
                except ApiError as error:
                    # Another process created the first version meanwhile: use it.
                    if not self.client.indices.exists_alias(name=self.alias):
                        raise error
        self._alias_ready = True

    def _serving(self):
        """The settings of a version in use (LOADING's keys, as they are then)."""
        return {"number_of_replicas": self.replicas, "refresh_interval": "1s",
                "translog.durability": "request"}

    def rebuild(self, batches, total, progress=None):
        with self._calls("create a new index"):
            new = self._new_version(loading=True)

        def write(taken):
            writing = self.client.options(request_timeout=WRITE_TIMEOUT)
            for documents in taken:
                # "create": a document a live write has already put into the
                # new version is newer than this batch's copy; 409 keeps it.
                actions = [self._put(new, document, "create") for document in documents]
                with self._calls("rebuild the index"):
                    # Parts of one batch at once, so the cluster indexes on
                    # as many threads; the batch is done when all are.
                    for _ in helpers.parallel_bulk(
                            writing, actions, thread_count=LOAD_THREADS,
                            chunk_size=-(-len(actions) // LOAD_THREADS), ignore_status=(409,)):
                        pass

        try:
            # The cluster takes each batch while the next is read (writer.Writer).
            Writer(write, name="search-index-elasticsearch").write_all(batches, progress)
            with self._calls("finish the new index"):
                self.client.options(request_timeout=WRITE_TIMEOUT).indices.put_settings(
                    index=new, settings=self._serving())
                # Making a whole rebuild searchable takes longer than a search may.
                writing = self.client.options(request_timeout=WRITE_TIMEOUT)
                writing.indices.refresh(index=new)
                try:
                    current = list(self.client.indices.get_alias(name=self.alias))
                except NotFoundError:
                    current = []  # the first rebuild on this cluster
                # One call: readers see the old version or the new one, never none.
                writing.indices.update_aliases(
                    actions=[{"remove": {"index": old, "alias": self.alias}} for old in current]
                    + [{"add": {"index": new, "alias": self.alias, "is_write_index": True}},
                       {"remove": {"index": new, "alias": self.next_alias}}]
                )
        except BaseException:
            # Leave no half-filled version behind; the alias still points at the
            # previous one, so searches never noticed.
            try:
                self.client.options(ignore_status=404).indices.delete(index=new)
            except (ApiError, TransportError):
                logger.warning("Could not delete the unfinished search index %s", new)
            raise
        self._alias_ready = True
        # A search that resolved the alias just before the swap may still be
        # reading the old version; deleting it under that search fails it. Any
        # such search has finished, or given up, after the search timeout.
        time.sleep(self.retire_after)
        # Older versions only: a rebuild started after this one keeps its index.
        older = [name for name in self.versions() if name < new]
        if older:
            with self._calls("delete the previous index"):
                self.client.options(ignore_status=404).indices.delete(index=",".join(older))
        logger.info("Search index %s rebuilt as %s (%s documents)", self.alias, new, total)

    def delete_all(self):
        """Remove every version of this alias (tests, and sites being retired)."""
        names = self.versions()
        if names:
            with self._calls("delete the search index"):
                self.client.options(ignore_status=404).indices.delete(index=",".join(names))
        self._alias_ready = False

    # --- writing -----------------------------------------------------------------
    def _put(self, index, document, op="index"):
        return {"_op_type": op, "_index": index, "_id": doc_id(document.kind, document.pk),
                "_source": source(document)}

    def _write_targets(self):
        """The alias, and the version a rebuild is filling if one is."""
        with self._calls("look for a rebuild in progress"):
            rebuilding = self.client.indices.exists_alias(name=self.next_alias)
        return [self.alias, self.next_alias] if rebuilding else [self.alias]

    def _bulk(self, actions, doing, chunk_size=500, **options):
        if not actions:
            return
        with self._calls(doing):
            helpers.bulk(
                self.client.options(request_timeout=WRITE_TIMEOUT),
                actions,
                refresh=self.refresh_writes,
                chunk_size=chunk_size,
                # Whether each document went in is in the errors; the
                # successful ones need not come back one by one.
                stats_only=True,
                **options,
            )

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        self._ensure_alias()
        self._bulk([self._put(target, d) for target in self._write_targets() for d in documents],
                   "index documents")

    def remove(self, kind, pks):
        pks = list(pks)
        if not pks:
            return
        actions = [{"_op_type": "delete", "_index": target, "_id": doc_id(kind, pk)}
                   for target in self._write_targets() for pk in pks]
        # 404: not in the index, or no index yet; either way it is not there.
        self._bulk(actions, "remove documents", ignore_status=(404,))

    def refresh(self):
        """Make every write so far searchable now rather than within a second."""
        with self._calls("refresh the index"):
            self.client.options(ignore_status=404).indices.refresh(index=self.alias)

    def indexed_ids(self, kind):
        with self._calls(f"list the indexed {kind} ids"):
            try:
                found = helpers.scan(
                    self.client.options(request_timeout=WRITE_TIMEOUT),
                    index=self.alias,
                    query={"query": {"term": {"kind": kind}}, "_source": False},
                    size=1000,
                    scroll="1m",
                )
                return {int(hit["_id"].rsplit("-", 1)[1]) for hit in found}
            except NotFoundError:
                return set()

    # --- reading -----------------------------------------------------------------
    def _search(self):
        return Search(using=self.client, index=self.alias)

    def _matching(self, text):
        """The text part of a query: the words anywhere in title or body, a
        typo or two forgiven, or the title's words as they are being typed."""
        text = text.strip()
        if not text:
            return Q("match_all")
        return Q(
            "bool",
            should=[
                Q(
                    "multi_match",
                    query=text,
                    fields=["title^3", "body"],
                    type="best_fields",
                    tie_breaker=0.3,
                    fuzziness=f"AUTO:{FUZZY_FROM},7",
                    # The first letter is rarely the mistyped one, and fixing it
                    # makes the fuzzy expansion far cheaper.
                    prefix_length=1,
                    max_expansions=FUZZY_EXPANSIONS,
                    minimum_should_match=MINIMUM_SHOULD_MATCH,
                ),
                # No fuzziness here: fuzzy prefixes of two or three letters
                # would match almost anything.
                Q("match", title_prefix={"query": text, "operator": "and"}),
            ],
            minimum_should_match=1,
        )

    def _ranked(self, text):
        """The query and rescore for `text`: documents ranked by their text, then
        the best results_cap() of those again by their standing (ranking()), so
        only those few are scored twice."""
        return {
            "query": self._matching(text).to_dict(),
            "rescore": {
                "window_size": min(results_cap(), MAX_RESULT_WINDOW),
                "query": {
                    "rescore_query": {"function_score": {
                        "functions": ranking(datetime.now(UTC)), "score_mode": "sum",
                        "boost_mode": "replace"}},
                    "query_weight": 1, "rescore_query_weight": 1, "score_mode": "multiply",
                },
            },
        }

    def _highlight(self, text, typos=False):
        """Marks for the words of `text` as the query found them. Not with the
        query itself: marking fuzzy matches of synonyms costs the highlighter
        ten times the search. The synonyms are marked as written and, with
        `typos`, the words one letter from those typed."""
        words = ["title", "body"]
        should = [Q("multi_match", query=text, fields=words),
                  Q("match", title_prefix={"query": text, "operator": "and"})]
        if typos:
            should.append(Q("multi_match", query=text, fields=words, analyzer="english_text",
                            fuzziness=1, prefix_length=1, max_expansions=FUZZY_EXPANSIONS))
        return {
            "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
            "highlight_query": Q("bool", should=should).to_dict(),
            # A long body is marked in its opening part only.
            "max_analyzed_offset": HIGHLIGHT_CHARS,
            "fields": {
                "title": {"number_of_fragments": 0},
                "title_prefix": {"number_of_fragments": 0},
                # no_match_size: a result found by its title shows the start of
                # its body, escaped the same way.
                "body": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 2,
                         "no_match_size": SNIPPET_CHARS},
            },
        }

    def _remarked(self, hits, text):
        """`hits` marked again, the words a typo may have meant included."""
        if not hits:
            return hits
        with self._calls("mark the words found through a typo"):
            response = self.client.search(
                index=self.alias, query={"ids": {"values": [hit["_id"] for hit in hits]}},
                size=len(hits), source=False, highlight=self._highlight(text, typos=True))
        marked = {hit["_id"]: hit.get("highlight", {}) for hit in response["hits"]["hits"]}
        return [{**hit, "highlight": marked.get(hit["_id"], hit.get("highlight", {}))}
                for hit in hits]

    def _hit(self, hit):
        marked = hit.get("highlight", {})
        doc = hit["_source"]
        # The title as matched by whole words or by the prefixes being typed,
        # whichever marks more of it, else as it is (escaped the same way the
        # highlighter escapes).
        title_html = max((marked.get("title") or []) + (marked.get("title_prefix") or []),
                         key=lambda fragment: fragment.count("<mark>"),
                         default=html.escape(doc["title"]))
        return Hit(
            kind=doc["kind"],
            pk=int(doc["pk"]),
            url=doc["url"],
            title=doc["title"],
            title_html=title_html,
            snippet_html=" … ".join(marked.get("body", [])),
            score=hit.get("_score") or 0.0,
        )

    def search(self, query):
        cap = min(results_cap(), MAX_RESULT_WINDOW)
        per_page = max(query.per_page, 1)
        start = (max(query.page, 1) - 1) * per_page
        chosen = {name: list(values) for name, values in query.filters.items()
                  if name in FACETS and values}

        def narrowed(*except_facet):
            return [Q("terms", **{name: values}).to_dict() for name, values in chosen.items()
                    if name not in except_facet]

        def best(filters, facets):
            """The best `cap` documents under `filters`, as their `facets` values."""
            ranked = self._ranked(query.text)
            return {**ranked, "query": {"bool": {"must": [ranked["query"]], "filter": filters}},
                    "size": cap, "track_total_hits": cap, "_source": False,
                    "stored_fields": "_none_", "docvalue_fields": facets}

        # The page, highlighted; the best `cap` results, for the total and the
        # facets, as their facet values only; and for each facet with a value
        # chosen, the best `cap` without that choice, so the facet's other
        # values stay countable. A sample of the best rather than every match:
        # the total and the counts say when there are more.
        page = {
            **self._ranked(query.text), "post_filter": {"bool": {"filter": narrowed()}},
            "from": min(start, cap), "size": max(0, min(per_page, cap - start)),
            "track_total_hits": False,
            "_source": ["kind", "pk", "url", "title"], "highlight": self._highlight(query.text),
        }
        # Whether a word typed is in no document: only then are the page's hits
        # marked again for the words a typo may have meant, which costs the
        # highlighter five times what the search does at a million documents.
        spelling = {"size": 0, "track_total_hits": False, "suggest": {"typos": {
            "text": query.text, "term": {"field": "body", "suggest_mode": "missing",
                                         "min_word_length": FUZZY_FROM}}}}
        requests = [page, best(narrowed(), list(FACETS)), spelling]
        requests += [best(narrowed(name), [name]) for name in chosen]
        # One round trip, the searches side by side; each is the same request
        # whenever the same words are searched within the hour, so the cluster
        # answers it from its request cache until the index changes.
        with self._calls("search"):
            responses = self.client.msearch(
                index=self.alias,
                searches=[part for request in requests
                          for part in ({"request_cache": True}, request)],
                filter_path=MSEARCH_FIELDS,
            )["responses"]
        found, ranked, spelled, *without = (self._answer(response) for response in responses)
        hits = found.get("hits", {}).get("hits", [])
        if any(word.get("options") for word in spelled.get("suggest", {}).get("typos", ())):
            hits = self._remarked(hits, query.text)
        total, more = _total(ranked)
        facets = {}
        for name in FACETS:
            sample = without[list(chosen).index(name)] if name in chosen else ranked
            counts = _facet_counts(name, sample)
            # A chosen value that nothing matches any more stays visible, so it
            # can be unchosen.
            for label in chosen.get(name, ()):
                counts.setdefault(label, 0)
            lower_bound = _total(sample)[1]
            facets[name] = [
                FacetValue(label=label, count=count, selected=label in chosen.get(name, ()),
                           count_is_lower_bound=lower_bound and count > 0)
                for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            ]
        return Results(
            query=query,
            hits=[self._hit(hit) for hit in hits],
            total=total,
            total_is_lower_bound=more,
            facets=facets,
            suggestion=self._did_you_mean(query.text) if total < SUGGEST_BELOW else "",
            backend=self.name,
        )

    def _answer(self, response):
        """One search's answer within a multi-search, or SearchUnavailable as
        `_calls` says it."""
        error = response.get("error")
        if error is None:
            return response
        if error.get("type") == "index_not_found_exception":
            raise SearchUnavailable(
                f"the search index {self.alias!r} does not exist on {','.join(self.urls)} "
                "(run `manage.py search_index rebuild`)")
        status = response.get("status", 500)
        if status < 500 and status != 429:
            logger.error("Elasticsearch refused to search: %s %s", status, error)
        raise SearchUnavailable(f"Elasticsearch could not search: {status} {error.get('reason')}")

    def _did_you_mean(self, text):
        """A correction of `text` from the words of the titles, or ""; asked only
        when little is found, as it costs more than the search."""
        text = text.strip()
        if not text:
            return ""
        s = self._search().suggest(
            "did_you_mean",
            text,
            phrase={
                "field": "spell",
                "size": 1,
                "max_errors": 2,
                # "missing": only words the titles do not hold are corrected,
                # so a rare but real word is left alone.
                "direct_generator": [
                    {"field": "spell", "suggest_mode": "missing", "min_word_length": 3}
                ],
            },
        ).extra(size=0, track_total_hits=False)
        with self._calls("suggest a correction"):
            response = s.execute()
        options = response.suggest.did_you_mean[0].options
        if options and options[0].text.strip().lower() != text.lower():
            return options[0].text
        return ""

    def suggest(self, text, limit=8):
        text = text.strip()
        if not text or limit < 1:
            return []
        s = self._search().source(["kind", "pk", "url", "title"]).suggest(
            "titles",
            text,
            completion={
                "field": "suggest",
                # Several inputs of one document may match; ask for more and
                # keep each document once.
                "size": limit * 2,
                "skip_duplicates": True,
                # A typo is forgiven from the fourth letter typed, and not in
                # the first two: "ref" must not offer "ret...".
                "fuzzy": {"fuzziness": "AUTO", "min_length": 4, "prefix_length": 2},
            },
        ).extra(size=0)
        with self._calls("suggest titles"):
            response = s.execute()
        found, seen = [], set()
        for option in response.suggest.titles[0].options:
            doc = option._source
            if (doc.kind, doc.pk) in seen:
                continue
            seen.add((doc.kind, doc.pk))
            found.append(Suggestion(kind=doc.kind, url=doc.url, title=doc.title))
            if len(found) == limit:
                break
        return found

    def similar(self, text, kinds, limit=5, exclude=()):
        text = text.strip()
        if not text or not kinds or limit < 1:
            return []
        like = Q(
            "more_like_this",
            fields=["title", "body"],
            like=text,
            # A community's documents are short and few at first: one
            # occurrence of a word is enough to count.
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="30%",
        )
        excluded = [doc_id(kind, pk) for kind, pk in exclude]
        query = Q("bool", must=[like], filter=[Q("terms", kind=list(kinds))],
                  must_not=[Q("ids", values=excluded)] if excluded else [])
        with self._calls("find similar documents"):
            response = self.client.search(
                index=self.alias, query=query.to_dict(), size=limit,
                source=["kind", "pk", "url", "title"],
                highlight=self._highlight(text, typos=True))
        return [self._hit(hit) for hit in response["hits"]["hits"]]


def _total(response):
    """(How many matched, up to the cap; whether more did)."""
    total = response["hits"]["total"]
    return total["value"], total["relation"] == "gte"


def _facet_counts(name, response):
    """How many of the documents in `response` have each value of facet `name`."""
    counts = {}
    for hit in response["hits"].get("hits", ()):
        for label in hit.get("fields", {}).get(name, ()):
            counts[label] = counts.get(label, 0) + 1
    return counts
