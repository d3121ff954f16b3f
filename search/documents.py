"""What each app puts in the search, described in one shape every backend reads.

An app registers a `DocumentType` per kind of thing it makes findable (its
`search.py`, imported from its AppConfig.ready). The type says which objects
anyone may find (hidden posts, unpublished pages and the like are simply not in
`findable()`), and turns one of them into a `SearchDocument`. `search/` never
reads another app's fields: it only sees documents.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model, QuerySet

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
