"""SQLite: FTS5's per-occurrence view of the index (an fts5vocab table of type 'instance':
term, record, column, offset), from which the engine counts the query's words in each
column of the records it ranks by ts_rank (search.tsrank). It stores nothing: it reads the
FTS5 index as it is. PostgreSQL ranks in SQL and needs nothing here."""

from django.db import migrations

TABLE = "hubsearch_fts_instances"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
            "USING fts5vocab(hubsearch_fts, 'instance')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0014_lead_table")]

    operations = [migrations.RunPython(create, drop)]
