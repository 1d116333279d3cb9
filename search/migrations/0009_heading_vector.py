"""PostgreSQL: the heading's part of each search vector (title and acronym: weight A) as a
column of its own with its own GIN index, kept in step by the database.

The first ranking tier is the documents with the query's words in the heading. The GIN
index of head_vector (0005) does not know weights, so finding them there meant reading
every document with the words anywhere in the heading, lead or summary and testing the
weight on each: for a common word ("pelayanan") 54,000 of 100,000 rows read to find 663.
This index finds those 663 alone.
"""

from django.db import migrations

PG_ADD = (
    "ALTER TABLE hubsearch_indexeddocument ADD COLUMN IF NOT EXISTS heading_vector tsvector "
    "GENERATED ALWAYS AS (ts_filter(search_vector, '{a}')) STORED"
)
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS hubsearch_document_heading_gin "
    "ON hubsearch_indexeddocument USING gin (heading_vector)"
)
PG_DROP = "ALTER TABLE hubsearch_indexeddocument DROP COLUMN IF EXISTS heading_vector"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_ADD)
        schema_editor.execute(PG_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0008_indonesian_synonym_notes")]

    operations = [migrations.RunPython(add, drop)]
