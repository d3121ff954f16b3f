"""Rebuilding and checking the indexes, for `manage.py search_index`.

A rebuild reads every findable document once per backend, a batch at a time;
the database backend swaps inside one transaction, Elasticsearch into a new
versioned index and then an alias swap (its backend's own rebuild). Check
compares the ids each backend holds with the ids that are findable.
"""

from dataclasses import dataclass

from . import indexing, query
from .documents import types
from .models import PendingIndexWrite


def rebuild(progress=None):
    """Rebuild every backend; yields (backend name, documents indexed).
    `progress(backend, done, total)` is called as batches go in."""
    document_types = types()
    total = sum(document_type.findable().count() for document_type in document_types)
    for backend in query.backends():
        # Writes missed before this point are in the new index, so they are done.
        pending = list(PendingIndexWrite.objects.values_list("pk", flat=True))

        def batches():
            for document_type in document_types:
                yield from indexing.all_documents(document_type)

        def report(done, name=backend.name):
            if progress:
                progress(name, done, total)

        if progress:
            progress(backend.name, 0, total)
        backend.rebuild(batches(), total, progress=report)
        if backend is not query.database():
            PendingIndexWrite.objects.filter(pk__in=pending).delete()
        yield backend.name, total


@dataclass
class Drift:
    backend: str
    kind: str
    findable: int
    indexed: int
    missing: set
    stale: set

    @property
    def drifted(self):
        return bool(self.missing or self.stale)

    def line(self):
        state = "drifted" if self.drifted else "ok"
        return (f"{self.backend:<14} {self.kind:<10} findable {self.findable:>7}  "
                f"indexed {self.indexed:>7}  missing {len(self.missing):>5}  "
                f"stale {len(self.stale):>5}  {state}")


def check():
    """Per backend and kind: what is findable, what is indexed, what is
    missing from the index and what it holds that is no longer findable."""
    reports = []
    for backend in query.backends():
        for document_type in types():
            findable = set(document_type.findable().values_list("pk", flat=True))
            indexed = set(backend.indexed_ids(document_type.kind))
            reports.append(Drift(
                backend=backend.name, kind=document_type.kind, findable=len(findable),
                indexed=len(indexed), missing=findable - indexed, stale=indexed - findable,
            ))
    return reports
