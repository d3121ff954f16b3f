"""Keeping the index equal to what may be found.

Whoever changes something findable calls `index_later(obj)` (or
`remove_later(model, pk)` for a row that is gone); after the transaction
commits, one task per transaction (search.tasks.update_index) reads each object
through its DocumentType's `findable()`: present, its document is written;
absent (hidden, deleted, unpublished, merged), it is taken out. The task reads
the database as it is then, so calling these too often costs a little work and
never gives a wrong answer; post_save and post_delete of every registered model
call them too, as a safety net under the flows' own calls.

Every document goes to the database backend, and also to Elasticsearch when it
is configured. A write Elasticsearch cannot take is remembered as a
PendingIndexWrite and retried by the next write that succeeds, and by
`search_index rebuild`.
"""

import logging
from itertools import islice

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .backends.base import SearchUnavailable
from .documents import type_for_kind, type_for_model, types
from .models import PendingIndexWrite

log = logging.getLogger(__name__)

CHUNK = 500
# Documents a rebuild reads per query: larger batches cost fewer round trips,
# and a batch is all a rebuild holds in memory at once.
REBUILD_BATCH = 2000


# --- Asking for it ----------------------------------------------------------------

def index_later(obj, related=True):
    """Bring `obj` up to date in the index once the transaction commits: its
    document written if it is findable then, taken out if not. With `related`,
    the objects its document type names as changing with it are brought up to
    date too (a thread's replies carry its title)."""
    document_type = type_for_model(type(obj))
    if document_type is not None and obj.pk is not None:
        _enqueue([(document_type.kind, obj.pk, related)])


def remove_later(model, pk):
    """Take the object `pk` of `model` out of the index once the transaction
    commits, unless it is findable again by then."""
    document_type = type_for_model(model)
    if document_type is not None and pk is not None:
        _enqueue([(document_type.kind, pk, False)])


class _Batch:
    """What one transaction asked for, sent as one task when it commits."""

    def __init__(self):
        self.targets = {}

    def add(self, kind, pk, related):
        self.targets[(kind, pk)] = self.targets.get((kind, pk), False) or related

    def __call__(self):
        from .tasks import update_index

        if self is getattr(connection, "_search_batch", None):
            connection._search_batch = None
        targets = [[kind, pk, related] for (kind, pk), related in self.targets.items()]
        if targets:
            update_index.enqueue(targets)


def _enqueue(targets):
    batch = getattr(connection, "_search_batch", None)
    # A batch whose transaction was rolled back (its callback discarded), or that
    # has already been sent, takes nothing more: start another.
    if batch is None or not any(func is batch for _sids, func, *_ in connection.run_on_commit):
        batch = _Batch()
        for kind, pk, related in targets:
            batch.add(kind, pk, related)
        if connection.in_atomic_block:
            connection._search_batch = batch
        transaction.on_commit(batch)
        return
    for kind, pk, related in targets:
        batch.add(kind, pk, related)


# --- Doing it ---------------------------------------------------------------------

def update(targets):
    """Write or remove the documents of `targets`, (kind, pk, related) triples,
    as the database says they are now; the task's work."""
    wanted, follow = {}, {}
    for kind, pk, related in targets:
        wanted.setdefault(kind, set()).add(pk)
        if related:
            follow.setdefault(kind, set()).add(pk)
    for kind, pks in follow.items():
        document_type = type_for_kind(kind)
        for obj in document_type.model._default_manager.filter(pk__in=pks):
            for model, pk in document_type.related(obj):
                related_type = type_for_model(model)
                if related_type is not None and pk is not None:
                    wanted.setdefault(related_type.kind, set()).add(pk)
    for kind, pks in wanted.items():
        for chunk in _chunks(sorted(pks)):
            documents, absent = documents_of(kind, chunk)
            write(kind, documents, absent)
            # Another worker may have written these ids from an older read while
            # this one was busy (a thread hidden meanwhile, put back by a slow
            # task). Read once more: anything that changed since is written
            # again, so the last write always matches the database.
            again, gone = documents_of(kind, chunk)
            if again != documents or gone != absent:
                write(kind, again, gone)


def documents_of(kind, pks):
    """The documents of the findable objects among `pks`, and the ids that are not findable."""
    document_type = type_for_kind(kind)
    found = list(document_type.findable().filter(pk__in=pks))
    present = {obj.pk for obj in found}
    return [document_type.document(obj) for obj in found], [pk for pk in pks if pk not in present]


def write(kind, documents, absent):
    from . import query

    database = query.database()
    database.index(documents)
    database.remove(kind, absent)
    for backend in query.backends():
        if backend is database:
            continue
        try:
            backend.index(documents)
            backend.remove(kind, absent)
        except SearchUnavailable:
            log.warning("Search backend %s unavailable; %s %s kept for later",
                        backend.name, kind, [d.pk for d in documents] + list(absent))
            PendingIndexWrite.objects.bulk_create(
                [PendingIndexWrite(kind=kind, object_id=pk)
                 for pk in [d.pk for d in documents] + list(absent)],
                ignore_conflicts=True,
            )
        else:
            retry_pending(backend)


def retry_pending(backend, limit=CHUNK):
    """Write what `backend` missed, a chunk at a time, while it takes writes;
    returns how many were written."""
    done = 0
    while True:
        rows = list(PendingIndexWrite.objects.order_by("pk")[:limit])
        if not rows:
            return done
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row.object_id)
        try:
            for kind, pks in by_kind.items():
                documents, absent = documents_of(kind, pks)
                backend.index(documents)
                backend.remove(kind, absent)
        except SearchUnavailable:
            return done
        PendingIndexWrite.objects.filter(pk__in=[row.pk for row in rows]).delete()
        done += len(rows)
        if len(rows) < limit:
            return done


def all_documents(document_type, batch_size=REBUILD_BATCH):
    """Every findable document of `document_type`, in lists of `batch_size`."""
    objects = document_type.findable().order_by("pk")
    # Keyset pages rather than one long cursor: prefetches work per page, and
    # no server-side cursor is held open across a long rebuild.
    last = None
    while True:
        page = objects if last is None else objects.filter(pk__gt=last)
        batch = list(page[:batch_size])
        if not batch:
            return
        yield [document_type.document(obj) for obj in batch]
        last = batch[-1].pk


def _chunks(items, size=CHUNK):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


# --- The safety net ---------------------------------------------------------------

def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures loading are not changes anyone made
        index_later(instance)


def _deleted(sender, instance, **kwargs):
    document_type = type_for_model(sender)
    if document_type is None:
        return
    remove_later(sender, instance.pk)
    # What changes with it (a reply's thread) is told now, while the row is at hand.
    for model, pk in document_type.related(instance):
        related_type = type_for_model(model)
        if related_type is not None and pk is not None:
            _enqueue([(related_type.kind, pk, False)])


def connect_signals():
    for document_type in types():
        uid = f"search.{document_type.kind}"
        post_save.connect(_saved, sender=document_type.model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_deleted, sender=document_type.model, dispatch_uid=f"{uid}.deleted")
