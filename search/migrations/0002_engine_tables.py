"""The engine-specific parts of the index: FTS5 tables on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

from search.backends import sqlite as sqlite_backend

PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS hubsearch_document_vector_gin "
    "ON hubsearch_indexeddocument USING gin (search_vector)"
)
PG_DROP = "DROP INDEX IF EXISTS hubsearch_document_vector_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_backend.CREATE_SQL, "postgresql": [PG_CREATE]}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_backend.DROP_SQL, "postgresql": [PG_DROP]}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
