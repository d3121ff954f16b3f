"""The database's own full-text index over SearchEntry's title and body, made
the way each database does it; nothing here on any other database.

SQLite: an FTS5 table with external content (it keeps only the index, reading
the text from search_searchentry), the porter stemmer, and triggers keeping it
in step with every insert, update and delete.

PostgreSQL: a stored generated tsvector column, English configuration, the
title weighted A and the body B, with a GIN index.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_searchentry_fts USING fts5(
        title, body, content='search_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_searchentry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_searchentry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_searchentry_fts(search_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO search_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    # Entries written before the table existed.
    "INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchentry_fts_insert",
    "DROP TABLE IF EXISTS search_searchentry_fts",
]

POSTGRESQL = [
    """ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def backwards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


def _run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
