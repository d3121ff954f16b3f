"""What each app puts in the search, described in one shape every backend reads.

An app registers a `DocumentType` per kind of thing it makes findable (its
`search.py`, imported from its AppConfig.ready). The type says which objects
anyone may find (hidden posts, unpublished pages and the like are simply not in
`findable()`), and turns one of them into a `SearchDocument`. `search/` never
reads another app's fields: it only sees documents.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

import nh3
from django.db.models import Model, Prefetch, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

from community.markdown import plain_text

# The facets a result list can be narrowed by; each document carries the values
# it has for them (a thread has a forum, an idea a status, most have a stage...).
FACETS = ("kind", "forum", "status", "stage", "barrier", "tag")


@dataclass(frozen=True)
class SearchDocument:
    kind: str  # a registered DocumentType.kind: "thread", "post", "idea", "practice"
    pk: int
    url: str
    title: str
    body: str  # plain text, no markup
    created_at: datetime
    # Facet name -> the labels this document has, e.g. {"tag": ["refunds", "returns"]}.
    facets: dict[str, list[str]] = field(default_factory=dict)
    # What makes a result better than another of equal text match.
    votes: int = 0  # votes on an idea
    helpful: int = 0  # helpful marks on a post, thread or practice
    solved: bool = False  # a thread with an accepted solution
    # False when the title is another document's (a reply's is "Re: <its
    # thread>"): such titles are not offered as the header box is typed into,
    # nor counted as a title match.
    own_title: bool = True


@dataclass(frozen=True)
class DocumentType:
    kind: str
    label: str  # plural, for the facet: "Threads"
    model: type[Model]
    # Every object of this kind that anyone may find, whoever searches.
    findable: Callable[[], QuerySet]
    document: Callable[[Model], SearchDocument]
    # Objects whose text or standing change together with this one (a thread's
    # opening post when the thread is retitled...), as (model, pk) pairs.
    related: Callable[[Model], list[tuple[type[Model], int]]] = lambda obj: []


_types: dict[str, DocumentType] = {}


def register(document_type):
    existing = _types.get(document_type.kind)
    if existing is not None and existing.model is not document_type.model:
        raise ValueError(f"The search kind {document_type.kind!r} is already registered")
    _types[document_type.kind] = document_type
    return document_type


def types():
    """The registered kinds, in registration order."""
    return list(_types.values())


def type_for_kind(kind):
    return _types[kind]


def type_for_model(model):
    """The DocumentType of `model` (or of its concrete class), or None."""
    for document_type in _types.values():
        if issubclass(model, document_type.model):
            return document_type
    return None


# --- Building many documents --------------------------------------------------------
# A rebuild turns every findable object into a document, a million or more, and
# rendering Markdown or reversing a URL for each would cost more than all the
# rest; these give the same text and addresses for a fraction of it.

# Text the Markdown renderer gives back word for word: nothing that starts
# markup, an entity or HTML, and no line opening a list, heading, quote or rule.
MARKUP = re.compile(r"[^\w \t\r\n.,;:?'\"/%$@()+=-]|_|^[ \t]*(?:[-+=]|\d+[.)])", re.M)


def plain(markdown, rendered="", length=100_000):
    """The plain text of Markdown someone wrote, word for word what
    community.markdown.plain_text(markdown, length) gives: read from `rendered`,
    the HTML it was rendered to, when there is one; taken as it is when it holds
    no markup; rendered only otherwise."""
    if rendered:
        text = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
    elif MARKUP.search(markdown or "") is None:
        text = " ".join((markdown or "").split())
    else:
        return plain_text(markdown, length=length)
    return text if len(text) <= length else text[:length - 1].rsplit(" ", 1)[0] + "…"


class Address:
    """reverse(viewname, args=...) for many objects, reversed once: the URL with
    numbers standing in for the arguments, then each object's filled in."""

    # Digits pass every path converter, and no real path holds these.
    STAND_IN = "90817263549{}"

    def __init__(self, viewname):
        self.viewname = viewname
        self._parts = {}

    def __call__(self, *args):
        prefix = get_script_prefix()
        parts = self._parts.get((prefix, len(args)))
        if parts is None:
            stand_ins = [self.STAND_IN.format(i) for i in range(len(args))]
            url = reverse(self.viewname, args=stand_ins)
            parts = re.split("|".join(stand_ins), url) if stand_ins else [url]
            if len(parts) != len(args) + 1:
                raise ValueError(f"Cannot make addresses of {self.viewname!r} from {url!r}")
            self._parts[(prefix, len(args))] = parts
        # As reverse() quotes what it fills in.
        filled = [parts[0]]
        for arg, part in zip(args, parts[1:], strict=True):
            filled += [quote(str(arg), safe=RFC3986_SUBDELIMS + "/~:@"), part]
        return "".join(filled)


def named_list(relation):
    """Prefetch the names of a many-to-many `relation` (tags, barriers) as a
    list, `<relation minus "s">_list`: a prefetched manager per object costs more
    than the document it goes into, a list nearly nothing."""
    return Prefetch(relation, to_attr=f"{relation.removesuffix('s')}_list")
