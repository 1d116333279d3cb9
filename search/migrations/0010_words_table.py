"""PostgreSQL: each document's words in a narrow table of their own.

Finding the documents with a word reads, for each match the GIN index gives, the row that
holds the vector, only for its page id. In the document table a row is about 1.5 KB (the
heavy fields' vector, title, url, facets...): a common word ("pelayanan", 84,000 of
100,000 documents) read 19,000 pages of it, most of the time of a search at that size. The
words table holds the page id and the vector alone, the vector out of line (TOAST), so its
rows are a few dozen bytes and the same match reads a few hundred pages.

The heavy fields' part of the vector (head_vector) and the heading's (heading_vector) stay
in the document table, which the ranking tiers read; they were computed by the database
from the vector (0005, 0009) and are now written with the row, as the vector was.
SQLite keeps its words in FTS5 (0002): there the two columns are added and stay empty.
"""

import django.contrib.postgres.search
from django.db import migrations

from search.backends import pg_schema

DOCUMENTS = "hubsearch_indexeddocument"
WORDS = "hubsearch_documentwords"

PG_FORWARD = [
    f"ALTER TABLE {DOCUMENTS} ALTER COLUMN head_vector DROP EXPRESSION",
    f"ALTER TABLE {DOCUMENTS} ALTER COLUMN heading_vector DROP EXPRESSION",
    # toast_tuple_target: a vector that is toasted at all goes wholly out of line, however
    # small it compresses, so the rows stay narrow.
    f"CREATE TABLE {WORDS} (page_id integer PRIMARY KEY, search_vector tsvector NOT NULL) "
    "WITH (toast_tuple_target = 128)",
    f"INSERT INTO {WORDS} (page_id, search_vector) SELECT page_id, search_vector "
    f"FROM {DOCUMENTS} WHERE NOT removed AND search_vector IS NOT NULL ORDER BY page_id",
    f"CREATE INDEX hubsearch_words_vector_gin ON {WORDS} USING gin (search_vector)",
    f"ANALYZE {WORDS}",
]
# Run after search_vector is back (the RemoveField below, reversed).
PG_BACKWARD = [
    f"UPDATE {DOCUMENTS} AS d SET search_vector = w.search_vector FROM {WORDS} AS w "
    "WHERE w.page_id = d.page_id",
    f"CREATE INDEX IF NOT EXISTS hubsearch_document_vector_gin "
    f"ON {DOCUMENTS} USING gin (search_vector)",
    f"DROP TABLE {WORDS}",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN head_vector, DROP COLUMN heading_vector",
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN head_vector tsvector "
    "GENERATED ALWAYS AS (ts_filter(search_vector, '{a,b,c}')) STORED",
    f"ALTER TABLE {DOCUMENTS} ADD COLUMN heading_vector tsvector "
    "GENERATED ALWAYS AS (ts_filter(search_vector, '{a}')) STORED",
    f"CREATE INDEX hubsearch_document_head_gin ON {DOCUMENTS} USING gin (head_vector)",
    f"CREATE INDEX hubsearch_document_heading_gin ON {DOCUMENTS} USING gin (heading_vector)",
]
NEW_COLUMNS = ("head_vector", "heading_vector")


def _column(name):
    field = django.contrib.postgres.search.SearchVectorField(null=True)
    field.set_attributes_from_name(name)
    return field


def add_columns(apps, schema_editor):
    """PostgreSQL has the two columns already (0005, 0009); elsewhere they are added."""
    if schema_editor.connection.vendor != "postgresql":
        model = apps.get_model("hubsearch", "IndexedDocument")
        for name in NEW_COLUMNS:
            schema_editor.add_field(model, _column(name))


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        model = apps.get_model("hubsearch", "IndexedDocument")
        for name in NEW_COLUMNS:
            schema_editor.remove_field(model, _column(name))


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0009_heading_vector")]

    operations = [
        migrations.RunPython(pg_schema.statements(*PG_FORWARD), pg_schema.statements(*PG_BACKWARD)),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    "indexeddocument",
                    name,
                    django.contrib.postgres.search.SearchVectorField(null=True),
                )
                for name in NEW_COLUMNS
            ],
        ),
        migrations.RemoveField("indexeddocument", "search_vector"),
    ]
