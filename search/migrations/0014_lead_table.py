"""PostgreSQL: the heading's and lead's vectors (the first two ranking tiers) in a narrow
table of their own, out of the document rows.

A common word's heading-and-lead tier is scored whole to find its best few ("anak": 19,712
of 100,000 documents). In the document table each of those rows is about 2 KB (the
heavy fields' vector, title, url, facets, the texts' pointers), so the tier read 14,500
pages; here a row is the page id and the two small vectors (about 450 bytes), and the whole
table (46 MB at 100,000) fits PostgreSQL's default shared buffers: 117 ms -> 35 ms for that
tier. Each tier is now scored on its own fields, as FTS5 scores a column-filtered tier;
the score is still divided by the length of the heading, lead and summary together
(head_length), as it was when head_vector scored every tier (FTS5 divides by the whole
document's).
The table holds live documents only, as the words table does (0010).
SQLite ranks in FTS5: there the two unused columns are dropped.
"""

import django.contrib.postgres.search
from django.db import migrations, transaction

from search.backends import pg_schema

DOCUMENTS = "hubsearch_indexeddocument"
LEAD = "hubsearch_documentlead"
COLUMNS = ("heading_vector", "lead_vector")

PG_FORWARD = [
    f"CREATE TABLE {LEAD} (page_id integer PRIMARY KEY, heading_vector tsvector NOT NULL, "
    "lead_vector tsvector NOT NULL, head_length integer NOT NULL)",
    # Compressed in the row if need be (a record with hundreds of tags), never out of line.
    f"ALTER TABLE {LEAD} ALTER COLUMN heading_vector SET STORAGE MAIN, "
    "ALTER COLUMN lead_vector SET STORAGE MAIN",
    f"INSERT INTO {LEAD} (page_id, heading_vector, lead_vector, head_length) "
    "SELECT page_id, coalesce(heading_vector, ''), coalesce(lead_vector, ''), "
    # What ts_rank counts as head_vector's length: its positions, 1 for a word without.
    "coalesce((SELECT sum(coalesce(array_length(positions, 1), 1)) "
    "FROM unnest(head_vector)), 0) "
    f"FROM {DOCUMENTS} WHERE NOT removed AND head_vector IS NOT NULL ORDER BY page_id",
    f"CREATE INDEX hubsearch_lead_heading_gin ON {LEAD} USING gin (heading_vector)",
    f"CREATE INDEX hubsearch_lead_lead_gin ON {LEAD} USING gin (lead_vector)",
    f"ALTER TABLE {DOCUMENTS} DROP COLUMN heading_vector, DROP COLUMN lead_vector",
    f"ANALYZE {LEAD}",
]
# Rewrites the rows without the dropped columns (5 s for 100,000, the table locked).
PG_COMPACT = f"VACUUM FULL {DOCUMENTS}"
# Run after the two columns are back (`backward`).
PG_BACKWARD = [
    f"UPDATE {DOCUMENTS} AS d SET heading_vector = l.heading_vector, "
    f"lead_vector = l.lead_vector FROM {LEAD} AS l WHERE l.page_id = d.page_id",
    f"CREATE INDEX hubsearch_document_heading_gin ON {DOCUMENTS} USING gin (heading_vector)",
    f"CREATE INDEX hubsearch_document_lead_gin ON {DOCUMENTS} USING gin (lead_vector)",
    f"ALTER TABLE {DOCUMENTS} ALTER COLUMN heading_vector SET STORAGE MAIN, "
    "ALTER COLUMN lead_vector SET STORAGE MAIN",
    f"DROP TABLE {LEAD}",
]


def _column(name):
    field = django.contrib.postgres.search.SearchVectorField(null=True)
    field.set_attributes_from_name(name)
    return field


def forward(apps, schema_editor):
    """PostgreSQL copies the two columns into the table, then drops them; elsewhere they
    are dropped."""
    if schema_editor.connection.vendor == "postgresql":
        # One transaction for the copy and the drop; VACUUM cannot run in one.
        with transaction.atomic():
            pg_schema.statements(*PG_FORWARD)(apps, schema_editor)
        pg_schema.statements(PG_COMPACT)(apps, schema_editor)
        return
    model = apps.get_model("hubsearch", "IndexedDocument")
    for name in COLUMNS:
        schema_editor.remove_field(model, _column(name))


def backward(apps, schema_editor):
    model = apps.get_model("hubsearch", "IndexedDocument")
    for name in COLUMNS:
        schema_editor.add_field(model, _column(name))
    with transaction.atomic():
        pg_schema.statements(*PG_BACKWARD)(apps, schema_editor)


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run in a transaction

    dependencies = [("hubsearch", "0013_tier_vectors_inline")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.RemoveField("indexeddocument", name) for name in COLUMNS
            ],
        )
    ]
