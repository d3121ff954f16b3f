"""Rebuilding and checking the indexes, for `manage.py search_index`.

A rebuild reads every findable document once, a batch at a time, and hands
each batch to every backend: the database's rebuild takes it here, each other
backend's (Elasticsearch) in a thread of its own, so both fill at once from
one reading. Each swaps its new index in when it is complete (see
backends/bulk.py and backends/elastic.py). Check compares the ids each backend
holds with the ids that are findable.
"""

from dataclasses import dataclass

from . import indexing, query
from .backends.writer import Writer
from .documents import types
from .models import PendingIndexWrite


def rebuild(progress=None):
    """Rebuild every backend; yields (backend name, documents indexed) as each
    finishes, the database first. `progress(backend, done, total)` is called
    as batches go in, from more than one thread when there is more than one
    backend. A backend other than the database that fails does not stop the
    database's rebuild; its error is raised once the database's is done."""
    document_types = types()
    total = sum(document_type.findable().count() for document_type in document_types)
    database, *others = query.backends()
    # Writes missed before this point will be in the new indexes, so they are done.
    pending = list(PendingIndexWrite.objects.values_list("pk", flat=True))

    def reporter(backend):
        def report(done):
            if progress:
                progress(backend.name, done, total)

        report(0)
        return report

    def batches():
        for document_type in document_types:
            yield from indexing.all_documents(document_type)

    beside = [_Beside(backend, total, reporter(backend)) for backend in others]
    report = reporter(database)
    try:
        database.rebuild(_handed_over(batches(), beside), total, progress=report)
    except BaseException:
        for other in beside:
            other.abandon()
        raise
    yield database.name, total
    for other in beside:
        other.finish()
    PendingIndexWrite.objects.filter(pk__in=pending).delete()
    for other in beside:
        yield other.backend.name, total


def _handed_over(batches, beside):
    """`batches`, each handed to the backends `beside` as it goes by."""
    for batch in batches:
        for other in beside:
            other.put(batch)
        yield batch


class _Beside:
    """A backend rebuilt in a thread of its own, from batches handed to it."""

    def __init__(self, backend, total, report):
        self.backend = backend
        self.error = None
        self.writer = Writer(lambda taken: backend.rebuild(taken, total, progress=report),
                             name=f"search-rebuild-{backend.name}")

    def put(self, batch):
        if self.error is None:
            try:
                self.writer.put(batch)
            except Exception as error:  # noqa: BLE001 - kept until the database is done
                self.error = error

    def finish(self):
        if self.error is None:
            self.writer.finish()
        else:
            self.writer.abandon()
            raise self.error

    def abandon(self):
        self.writer.abandon()


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
