"""The anonymous page cache: whole pages as a visitor who is not signed in sees
them, served again without touching the database until something they show
changes.

Who and what. Only GET and HEAD requests carrying no session and no messages
cookie are served from the cache or fill it: a session means someone signed in
(or something of theirs in progress), so signed-in people never meet a cached
page. An answer is kept only if it is a plain 200 that sets no cookie, used no
CSRF token, shows no messages and varies on nothing but the cookie, and only
if its page said what it shows (`shows`, `cached`, `cache_page_type`): pages
that did not are never kept. Anonymous pages hold nothing per visitor (forms
and the CSRF token are there for signed-in people only), so one copy per
address (scheme, host, path and query string, its parameters in a stable
order) serves everyone.

Invalidation by generations. A page shows *scopes*: "thread:12", "ideas"...,
and every page "site". Each scope has a generation in the shared cache, a
random value that a write replaces with a fresh one (`pages_changed`) at once
and again when its transaction commits. A page is kept with the generations
its scopes had *before* it was rendered, and served only while all of them are
still the same: a write that commits while a page renders leaves it stale, but
also leaves its generations old, so it is never served. Values are never
reused, so a lost or evicted generation can only make a page look old, never
bring an old page back. PAGE_CACHE_SECONDS bounds every copy, so what no scope
covers (a relative time, a count kept for a while elsewhere) heals too.

Generations must be read before the page reads the database. A view whose
scopes follow from its address is wrapped with `cached`, which reads them
first. Wagtail pages are found in the database before they can say what they
show, so their scopes are learned: each render leaves a hint of the scopes its
address showed, and the next request reads those generations before anything
else; the first render of such an address is not kept.

The cache is the "pages" alias: Redis when REDIS_URL is set, otherwise files
under var/ that every process on the machine shares (see the settings).
"""

import hashlib
import logging
import secrets
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from wagtail import hooks

log = logging.getLogger(__name__)

ALIAS = "pages"
# Shown by every page: the site's settings and page tree, people's names and
# badges, the taxonomy's terms.
SITE = "site"
# How long generations and the hints of learned scopes are kept. Losing either
# is safe (a page is rendered once more), so this only saves renders.
HINT_SECONDS = 24 * 60 * 60
HEADER = "X-Cache"
# Stored answers vary on the cookie alone: requests that carry the cookies
# that matter are never served from the cache.
SAFE_VARY = {"", "cookie"}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _cache():
    return caches[ALIAS]


# --- Saying what a page shows ---------------------------------------------------------

def shows(request, *scopes):
    """Say that the page being rendered for `request` shows `scopes`, so it may be
    kept, and is forgotten when any of them changes. A no-op for requests the
    cache does not serve (signed-in people, POSTs, the cache turned off)."""
    visit = getattr(request, "page_visit", None)
    if visit is not None:
        visit.shown.update(scope for scope in scopes if scope)


def cached(view, scopes):
    """`view` kept in the page cache, showing `scopes(**url kwargs)`. Known from the
    address alone, their generations are read before the view reads anything,
    so even the first render is kept."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        visit = getattr(request, "page_visit", None)
        if visit is not None:
            shown = scopes(**kwargs)
            try:
                visit.read_generations(shown)
                shows(request, *shown)
            except Exception:
                log.exception("The page cache could not be read")
        return view(request, *args, **kwargs)

    return cached_view


_page_types = {}


def cache_page_type(model, scopes=None):
    """Keep the Wagtail pages of `model`, showing `scopes(page)` besides "site".
    Several apps may add scopes to one page type (the home page lists what
    each of them registers)."""
    _page_types.setdefault(model, []).append(scopes or (lambda page: ()))


@hooks.register("before_serve_page")
def _page_shows(page, request, serve_args, serve_kwargs):
    for scopes in _page_types.get(type(page), ()):
        shows(request, SITE, *scopes(page))


# --- Changing -------------------------------------------------------------------------

def pages_changed(*scopes):
    """Forget every cached page that shows one of `scopes`: at once, so what runs
    in this transaction reads its own writes, and again when it commits, when
    everyone else can read them."""
    scopes = {scope for scope in scopes if scope}
    if not scopes:
        return
    _bump(scopes)
    if not connection.in_atomic_block:
        return  # committed already: the bump above came after it
    batch = getattr(connection, "_page_cache_batch", None)
    # As search/indexing.py does: a batch whose callback was discarded with a
    # rolled-back transaction, or already ran, takes nothing more.
    if batch is None or not any(func is batch for _sids, func, *_ in connection.run_on_commit):
        batch = _Batch()
        connection._page_cache_batch = batch
        transaction.on_commit(batch)
    batch.scopes |= scopes


def everything_changed():
    """Forget every cached page: after rows were written behind the flows' back
    (bulk loads, repairs)."""
    pages_changed(SITE)


class _Batch:
    """The scopes one transaction changed, bumped once when it commits."""

    def __init__(self):
        self.scopes = set()

    def __call__(self):
        if getattr(connection, "_page_cache_batch", None) is self:
            connection._page_cache_batch = None
        _bump(self.scopes)


def _bump(scopes):
    try:
        _cache().set_many({_generation_key(scope): _new_generation() for scope in scopes},
                          HINT_SECONDS)
    except Exception:
        # The write itself stands; its pages stay stale until PAGE_CACHE_SECONDS.
        log.exception("The page cache could not forget the pages of %s", sorted(scopes))


def _generation_key(scope):
    return f"gen:{scope}"


def _new_generation():
    return secrets.token_hex(8)


# --- Serving ----------------------------------------------------------------------------

class PageCacheMiddleware:
    """Serves and keeps anonymous pages. Placed before the session, CSRF and
    authentication middleware, so a hit costs two cache reads and nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visit = Visit.begin(request)
        if visit is None:
            return self.get_response(request)
        try:
            cached_response = visit.cached_response()
        except Exception:
            # The cache is only a shortcut: when it cannot be read, render as if it were off.
            log.exception("The page cache could not be read")
            return self.get_response(request)
        if cached_response is not None:
            return cached_response
        request.page_visit = visit
        response = self.get_response(request)
        if visit.shown:
            response[HEADER] = "miss"
            try:
                visit.keep(response)
            except Exception:
                log.exception("The page cache could not keep %s", request.path)
        return response


class Visit:
    """One anonymous GET or HEAD the cache may serve, from lookup to keeping its page."""

    def __init__(self, request, address):
        self.request = request
        digest = hashlib.sha256(address.encode("utf-8", "backslashreplace")).hexdigest()
        self.page_key, self.hint_key = f"page:{digest}", f"hint:{digest}"
        self.generations = {}  # scope: its generation, read before rendering
        self.shown = set()  # the scopes the page said it shows
        self.hint = None  # the scopes this address showed last time

    @classmethod
    def begin(cls, request):
        """The visit for `request`, or None when the cache neither serves nor keeps it."""
        if request.method not in ("GET", "HEAD") or not enabled():
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        # HTMX asks for fragments of a page at the page's own address.
        if "HTTP_AUTHORIZATION" in request.META or "HTTP_HX_REQUEST" in request.META:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # answered with a 400 further in
        return cls(request, f"{request.scheme}://{host}{request.path}?{_query(request)}")

    def cached_response(self):
        """The kept page, if every scope it shows is still at the generation it was
        rendered at; otherwise None, with the generations read for the render."""
        found = _cache().get_many([self.page_key, self.hint_key])
        entry, hint = found.get(self.page_key), found.get(self.hint_key)
        self.hint = frozenset(hint) if hint else None
        scopes, generations, status, headers, content = entry or ((), (), None, (), b"")
        self.read_generations({SITE, *scopes, *(hint or ())})
        if entry is None or generations != tuple(self.generations[s] for s in scopes):
            return None
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response

    def read_generations(self, scopes):
        """Read the generations of `scopes` not read yet; a scope that has none
        (never changed, or evicted) is given a fresh one."""
        wanted = {_generation_key(s): s for s in scopes if s not in self.generations}
        if not wanted:
            return
        cache = _cache()
        found = cache.get_many(list(wanted))
        for key, scope in wanted.items():
            generation = found.get(key)
            if generation is None:
                generation = _new_generation()
                if not cache.add(key, generation, HINT_SECONDS):
                    generation = cache.get(key) or generation
            self.generations[scope] = generation

    def keep(self, response):
        """Keep the page if it may be kept and its generations were read before it
        was rendered; remember the scopes it showed for the next render either way."""
        if not _keepable(self.request, response):
            return
        scopes = tuple(sorted(self.shown | {SITE}))
        cache = _cache()
        if set(scopes) <= self.generations.keys():
            # With its headers: its Content-Security-Policy names the nonce its HTML carries.
            headers = tuple((name, value) for name, value in response.items() if name != HEADER)
            generations = tuple(self.generations[scope] for scope in scopes)
            entry = (scopes, generations, response.status_code, headers, response.content)
            cache.set(self.page_key, entry, settings.PAGE_CACHE_SECONDS)
        if self.hint != set(scopes):
            cache.set(self.hint_key, scopes, HINT_SECONDS)


def _query(request):
    """The query string with its parameters in a stable order. Only the order of
    different names changes: a repeated name keeps its values' order, which
    decides what request.GET.get() answers."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _keepable(request, response):
    """Whether `response` is the same for every anonymous visitor to its address."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    # A cookie (the CSRF token's, a message's, a session's) is someone's own.
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    if not vary <= SAFE_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))
