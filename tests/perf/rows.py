"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite, a buffer
at a time so memory stays flat whatever the size. Ids are handed out here
rather than by the database, so rows can point at each other (a thread at its
last post) before either is written."""

from datetime import UTC

from django.core.management.color import no_style
from django.db import connection

BUFFER = 20_000


class Table:
    """Rows for one model's table, written `BUFFER` at a time."""

    def __init__(self, model, columns):
        self.model = model
        self.table = model._meta.db_table
        self.columns = columns
        self.quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        self.rows = []
        self.written = 0
        self._next_id = None

    def next_id(self):
        if self._next_id is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")
                self._next_id = cursor.fetchone()[0] + 1
        self._next_id += 1
        return self._next_id - 1

    def add(self, *values):
        self.rows.append(values)
        if len(self.rows) >= BUFFER:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            _copy(self.table, self.quoted, self.rows)
        else:
            _insert(self.table, self.quoted, len(self.columns), self.rows)
        self.written += len(self.rows)
        self.rows = []


def _copy(table, columns, rows):
    with connection.cursor() as cursor:
        # Django's wrapper around psycopg's cursor, which has COPY.
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert(table, columns, width, rows):
    marks = ", ".join("?" * width)
    rows = [tuple(_sqlite_value(value) for value in row) for row in rows]
    connection.ensure_connection()
    connection.connection.executemany(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _sqlite_value(value):
    # As Django stores an aware datetime in SQLite: naive UTC, ISO format.
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value


def reset_sequences(models):
    """After ids were handed out here, the database's own counters continue from them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
