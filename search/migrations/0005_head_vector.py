"""PostgreSQL: the heavy fields' part of each search vector (title, tagline, tags, summary:
weights A to C) as a column of its own, kept in step by the database.

Ranking tiers and tier scores read it instead of the whole vector, which is several
kilobytes stored out of line (TOAST) per document; this one is a few hundred bytes in the
row, and a GIN index of its own finds the documents of a tier without reading the rest.
SQLite ranks in FTS5 and needs nothing here.
"""

from django.db import migrations

PG_ADD = (
    "ALTER TABLE hubsearch_indexeddocument ADD COLUMN IF NOT EXISTS head_vector tsvector "
    "GENERATED ALWAYS AS (ts_filter(search_vector, '{a,b,c}')) STORED"
)
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS hubsearch_document_head_gin "
    "ON hubsearch_indexeddocument USING gin (head_vector)"
)
PG_DROP = "ALTER TABLE hubsearch_indexeddocument DROP COLUMN IF EXISTS head_vector"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_ADD)
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0004_outboxentry")]

    operations = [migrations.RunPython(add, drop)]
