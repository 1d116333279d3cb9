"""PostgreSQL: the tier vectors (head_vector, lead_vector, heading_vector) kept in the row.

With lead_vector (0012) a document's row passed the size above which PostgreSQL compresses
or moves its largest values out of line (about 2 KB), and after the snippets' texts it moved
head_vector: scoring a tier then read a second page for most documents ("anak" in the
heading or lead at 100,000: 34,600 pages read for 19,712 rows). Storage MAIN keeps them in
the row (compressed if need be, out of line only when the row could not fit a page
otherwise); the texts still go out of line first. VACUUM FULL rewrites the rows written
before (8 s for 100,000, the table locked meanwhile): 14,500 pages read for the same tier.
"""

from django.db import migrations

from search.backends import pg_schema

DOCUMENTS = "hubsearch_indexeddocument"
COLUMNS = ("head_vector", "lead_vector", "heading_vector")


def storage(kind):
    alter = ", ".join(f"ALTER COLUMN {c} SET STORAGE {kind}" for c in COLUMNS)
    return pg_schema.statements(f"ALTER TABLE {DOCUMENTS} {alter}", f"VACUUM FULL {DOCUMENTS}")


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run in a transaction

    dependencies = [("hubsearch", "0012_lead_vector")]

    operations = [migrations.RunPython(storage("MAIN"), storage("EXTENDED"))]
