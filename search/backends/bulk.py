"""Rebuilding the database index in bulk, while searches keep reading the old one.

PostgreSQL: the new index is filled as a table of its own beside the live one
(COPY, a batch at a time, with no index to keep up yet), then indexed in one go,
then put in the live one's place by renaming, in one short transaction; until
then searches read the old table. Writes made meanwhile (a reply posted, a
thread hidden) go to the live table as always; a trigger notes which entries
they touched, and just before the swap, with further writes held back for that
moment, those entries are read again from what is findable and written into
the new table, so nothing changed during a rebuild is lost or comes back.

SQLite (and any other database): one transaction replaces every row, with the
full-text table filled in one pass at the end rather than row by row; readers
keep the old index until it commits, as the write-ahead log lets them.
"""

import logging
import queue
import re
from concurrent.futures import ThreadPoolExecutor

from django.db import DatabaseError, connection, transaction

from ..models import SearchEntry
from .writer import Writer

log = logging.getLogger(__name__)

TABLE = SearchEntry._meta.db_table
NEXT = f"{TABLE}_next"
TOUCHED = f"{TABLE}_touched"
# The SQLite full-text table (migration 0002), filled by triggers row by row.
FTS_TABLE = f"{TABLE}_fts"
# One rebuild at a time: the key of a PostgreSQL advisory lock ("SRCH").
REBUILD_LOCK = 0x53524348
# Memory for building each of the new table's indexes; a GIN index over a
# million entries builds several times faster with room to sort in.
INDEX_MEMORY = "512MB"
# Indexes built at once, each on a connection of its own.
INDEX_BUILDERS = 2


class RebuildRunning(Exception):
    """Another process is rebuilding the database index."""


def rebuild(batches, progress=None):
    """Replace every entry with the documents in `batches` (lists of
    SearchDocument); `progress(done)` after each batch. Returns how many went in."""
    if connection.vendor == "postgresql":
        return _PostgresqlRebuild().run(batches, progress)
    return _rebuild_in_one_transaction(batches, progress)


def _fields():
    # In the order SearchEntry.row gives their values.
    return [SearchEntry._meta.get_field(name) for name in SearchEntry.row_fields()]


def _quoted(name):
    return connection.ops.quote_name(name)


# --- SQLite and the rest -------------------------------------------------------------

def _rebuild_in_one_transaction(batches, progress):
    fields = _fields()
    insert = (f"INSERT INTO {_quoted(TABLE)} ({', '.join(_quoted(f.column) for f in fields)}) "
              f"VALUES ({', '.join(['%s'] * len(fields))})")
    adapt = connection.ops.adapt_datetimefield_value
    # The one datetime column, as Django would store it.
    at = [field.attname for field in fields].index("created_at")
    done = 0
    with transaction.atomic(), connection.cursor() as cursor:
        triggers = _full_text_triggers_off(cursor) if connection.vendor == "sqlite" else None
        cursor.execute(f"DELETE FROM {_quoted(TABLE)}")
        for batch in batches:
            rows = [SearchEntry.row(document) for document in batch]
            cursor.executemany(insert, [(*row[:at], adapt(row[at]), *row[at + 1:])
                                        for row in rows])
            done += len(batch)
            if progress:
                progress(done)
        if triggers is not None:
            _full_text_triggers_on(cursor, triggers)
    return done


def _full_text_triggers_off(cursor):
    """Drop the triggers that keep the FTS5 table in step, and empty it; the
    triggers' SQL, to put them back."""
    cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                   [TABLE])
    triggers = [sql for (sql,) in cursor.fetchall()]
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                   [TABLE])
    for (name,) in cursor.fetchall():
        cursor.execute(f"DROP TRIGGER {_quoted(name)}")
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    return triggers


def _full_text_triggers_on(cursor, triggers):
    # One pass over the new rows builds the full-text index far faster than a
    # trigger per row.
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    for sql in triggers:
        cursor.execute(sql)


# --- PostgreSQL --------------------------------------------------------------------

class _PostgresqlRebuild:
    def __init__(self):
        self.fields = _fields()
        self.columns = ", ".join(_quoted(field.column) for field in self.fields)
        self.copy = f"COPY {NEXT} ({self.columns}) FROM STDIN"

    def run(self, batches, progress):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [REBUILD_LOCK])
            if not cursor.fetchone()[0]:
                raise RebuildRunning("Another search_index rebuild is running on this database.")
        try:
            self.start()
            try:
                done = self.load(batches, progress)
                self.index()
                self.swap()
            except BaseException:
                # The live table still answers; only the unfinished one goes.
                # Left behind (the connection lost), the next rebuild removes it.
                _quietly(self.discard, "remove the unfinished search table")
                raise
        finally:
            _quietly(self.unlock, "release the search rebuild's lock")
        return done

    @staticmethod
    def unlock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])

    def start(self):
        """The empty new table, shaped like the live one (generated columns and
        checks included, indexes not yet), and the trigger noting writes."""
        self.discard()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {NEXT} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING GENERATED "
                "INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING STORAGE)")
            cursor.execute(f"CREATE TABLE {TOUCHED} (kind varchar(20) NOT NULL, "
                           "object_id bigint NOT NULL)")
            cursor.execute(f"""
                CREATE FUNCTION {TOUCHED}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        INSERT INTO {TOUCHED} VALUES (OLD.kind, OLD.object_id);
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        INSERT INTO {TOUCHED} VALUES (NEW.kind, NEW.object_id);
                    END IF;
                    RETURN NULL;
                END $$""")
            cursor.execute(f"CREATE TRIGGER {TOUCHED} AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
                           f"FOR EACH ROW EXECUTE FUNCTION {TOUCHED}()")

    def load(self, batches, progress):
        if connection.in_atomic_block:
            # Inside a caller's transaction (the tests'), the new table exists
            # for this connection only: a COPY per batch, between the reads.
            return self._load_between_reads(batches, progress)
        return self._load_beside_reads(batches, progress)

    def _load_between_reads(self, batches, progress):
        done = 0
        with connection.cursor() as cursor:
            for batch in batches:
                with cursor.cursor.copy(self.copy) as copy:
                    for document in batch:
                        copy.write_row(SearchEntry.row(document))
                done += len(batch)
                if progress:
                    progress(done)
        return done

    def _load_beside_reads(self, batches, progress):
        """One COPY on a connection of its own, from a thread (writer.Writer):
        the database turns each batch's text into its vectors while the next
        batch is read and built here."""
        return Writer(self._copy_all).write_all(
            batches, progress, built=lambda batch: [SearchEntry.row(d) for d in batch])

    def _copy_all(self, batches):
        try:
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy) as copy:
                for rows in batches:
                    for row in rows:
                        copy.write_row(row)
        finally:
            connection.close()  # this thread's own

    def index(self):
        """The live table's constraints and indexes, made on the full new table
        under names of their own ("<name>_next" until the swap): each index
        built in one go, the largest first, two at once from connections of
        their own unless inside a caller's transaction; the primary key and
        unique constraints then take theirs."""
        with connection.cursor() as cursor:
            constraints = self._constraints(cursor, TABLE)
            builds = [_renamed_index(definition, name + "_next", NEXT)
                      for name, definition in self._indexes(cursor, TABLE, with_constraints=True)]
        # The full-text indexes take longest; they go first so the rest fill in beside them.
        builds.sort(key=lambda statement: " USING gin " not in statement)
        waiting = queue.SimpleQueue()
        for statement in builds:
            waiting.put(statement)
        if connection.in_atomic_block:
            _build(waiting)
        else:
            with ThreadPoolExecutor(max_workers=INDEX_BUILDERS) as builders:
                for done in [builders.submit(_build_beside, waiting)
                             for _ in range(INDEX_BUILDERS)]:
                    done.result()
        with transaction.atomic(), connection.cursor() as cursor:
            for name, kind in constraints:
                cursor.execute(f"ALTER TABLE {NEXT} ADD CONSTRAINT {_quoted(name + '_next')} "
                               f"{kind} USING INDEX {_quoted(name + '_next')}")
            cursor.execute(f"ANALYZE {NEXT}")

    def swap(self):
        with transaction.atomic(), connection.cursor() as cursor:
            # Writers wait from here to the commit; readers do not until the renames.
            cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
            self._catch_up(cursor)
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id'), "
                           "pg_get_serial_sequence(%s, 'id')", [TABLE, NEXT])
            old_sequence, new_sequence = cursor.fetchone()
            names = ([name for name, _ in self._constraints(cursor, TABLE)],
                     [name for name, _ in self._indexes(cursor, TABLE)])
            cursor.execute(f"DROP TABLE {TABLE}")
            cursor.execute(f"DROP TABLE {TOUCHED}")
            cursor.execute(f"DROP FUNCTION {TOUCHED}()")
            cursor.execute(f"ALTER TABLE {NEXT} RENAME TO {TABLE}")
            for name in names[0]:
                cursor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {_quoted(name + '_next')} "
                               f"TO {_quoted(name)}")
            for name in names[1]:
                cursor.execute(f"ALTER INDEX {_quoted(name + '_next')} RENAME TO {_quoted(name)}")
            if old_sequence and new_sequence:
                cursor.execute(f"ALTER SEQUENCE {new_sequence} RENAME TO "
                               f"{_quoted(old_sequence.split('.')[-1].strip(chr(34)))}")

    def _catch_up(self, cursor):
        """Write what changed during the rebuild into the new table, as it is now."""
        from .. import indexing  # the documents as findable now

        cursor.execute(f"SELECT DISTINCT kind, object_id FROM {TOUCHED} ORDER BY 1, 2")
        touched = {}
        for kind, pk in cursor.fetchall():
            touched.setdefault(kind, []).append(pk)
        for kind, pks in touched.items():
            cursor.execute(f"DELETE FROM {NEXT} WHERE kind = %s AND object_id = ANY(%s)",
                           [kind, pks])
            documents, _absent = indexing.documents_of(kind, pks)
            if documents:
                with cursor.cursor.copy(self.copy) as copy:
                    for document in documents:
                        copy.write_row(SearchEntry.row(document))

    def discard(self):
        """Whatever an unfinished rebuild left: the new table, the notes, the trigger."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TOUCHED} ON {TABLE}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TOUCHED}()")
            cursor.execute(f"DROP TABLE IF EXISTS {TOUCHED}")
            cursor.execute(f"DROP TABLE IF EXISTS {NEXT}")

    @staticmethod
    def _constraints(cursor, table):
        """(name, "PRIMARY KEY" or "UNIQUE") of `table`'s constraints kept by an index."""
        cursor.execute("SELECT conname, CASE contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END "
                       "FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u') "
                       "ORDER BY contype, conname", [table])
        return cursor.fetchall()

    @staticmethod
    def _indexes(cursor, table, with_constraints=False):
        """(name, CREATE INDEX statement) of `table`'s indexes: those of its
        constraints too when `with_constraints`."""
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND (%s OR NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)) "
            "ORDER BY c.relname", [table, with_constraints])
        return cursor.fetchall()


def _build(waiting):
    """Run the CREATE INDEX statements `waiting` (a queue) holds until it is empty."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{INDEX_MEMORY}'")
        try:
            while True:
                try:
                    statement = waiting.get_nowait()
                except queue.Empty:
                    return
                cursor.execute(statement)
        finally:
            cursor.execute("RESET maintenance_work_mem")


def _build_beside(waiting):
    """_build on this thread's own connection."""
    try:
        _build(waiting)
    finally:
        connection.close()


def _quietly(action, doing):
    """`action()`, a failure of which is logged rather than raised over the
    failure being handled (a lost connection fails both)."""
    try:
        action()
    except DatabaseError as error:
        log.warning("Could not %s: %s", doing, error)


INDEX_DEFINITION = re.compile(r"^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)(\S+)( USING .*)$",
                              re.S)


def _renamed_index(definition, name, table):
    """`definition` (pg_get_indexdef) as the same index named `name` on `table`."""
    match = INDEX_DEFINITION.match(definition)
    if match is None:
        raise ValueError(f"Cannot read the index definition {definition!r}")
    return f"{match[1]}{_quoted(name)}{match[3]}{table}{match[5]}"

