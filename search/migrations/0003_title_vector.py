"""Whether an entry's title is its own (a reply's is its thread's, "Re: ...");
the newest entries first, for the candidates a search ranks; and on PostgreSQL
a tsvector of own titles alone with a GIN index, so entries whose title matches
are found without reading every entry whose body does."""

from django.db import migrations, models

OWN_TITLE = models.BooleanField(default=True)

POSTGRESQL = [
    """ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        CASE WHEN own_title THEN to_tsvector('english'::regconfig, coalesce(title, '')) END
    ) STORED""",
    "CREATE INDEX search_entry_title_vector ON search_searchentry USING gin (title_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_title_vector",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
]


def add_own_title(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Django would copy the table into a new one to add a NOT NULL column,
        # and the full-text triggers (0002) would go with the old one.
        schema_editor.execute("ALTER TABLE search_searchentry ADD COLUMN own_title bool "
                              "NOT NULL DEFAULT 1", params=None)
        return
    field = OWN_TITLE.clone()
    field.set_attributes_from_name("own_title")
    schema_editor.add_field(apps.get_model("search", "SearchEntry"), field)


def remove_own_title(apps, schema_editor):
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN own_title", params=None)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="searchentry", name="own_title", field=OWN_TITLE),
            ],
            database_operations=[migrations.RunPython(add_own_title, remove_own_title)],
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(models.F("created_at").desc(), name="search_entry_newest"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index("kind", models.F("created_at").desc(),
                               name="search_entry_kind_newest"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
