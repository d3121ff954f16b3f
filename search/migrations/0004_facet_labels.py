"""On PostgreSQL, each facet's labels as an array with a GIN index, so that a
chosen value is found from the index (and counted by the planner) rather than
by reading every match of the words."""

from django.db import migrations

FACETS = ("forum", "status", "stage", "barrier", "tag")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in FACETS:
            schema_editor.execute(
                f"CREATE INDEX search_entry_{name}_labels ON search_searchentry "
                f"USING gin (string_to_array(facet_{name}, E'\\x1f'))", params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in FACETS:
            schema_editor.execute(f"DROP INDEX IF EXISTS search_entry_{name}_labels", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
