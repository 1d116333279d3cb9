"""PostgreSQL: the dictionary's phrases each document holds, as terms of their own
(search.backends.pg_phrases), and the version of the phrase list they were found with.

Rows written before have version 0, which no phrase list has: queries test their phrases
by position as before until `index_phrases` (or the task worker, after a dictionary
change) has found them.
"""

from django.db import migrations

from search.backends import pg_schema

WORDS = "hubsearch_documentwords"

PG_FORWARD = [
    f"ALTER TABLE {WORDS} ADD COLUMN phrase_terms tsvector, "
    "ADD COLUMN phrases_version bigint NOT NULL DEFAULT 0",
    f"CREATE INDEX hubsearch_words_phrases_gin ON {WORDS} USING gin (phrase_terms)",
    f"CREATE INDEX hubsearch_words_phrases_version ON {WORDS} (phrases_version)",
]
PG_BACKWARD = [f"ALTER TABLE {WORDS} DROP COLUMN phrase_terms, DROP COLUMN phrases_version"]


class Migration(migrations.Migration):
    dependencies = [("hubsearch", "0010_words_table")]

    operations = [migrations.RunPython(pg_schema.statements(*PG_FORWARD), pg_schema.statements(*PG_BACKWARD))]
