"""Appending many plain rows to a table, the fastest way each database offers.

Django's bulk_create builds a model instance per row and, on PostgreSQL, a statement whose
parameters psycopg quotes one by one; for the tens of thousands of rows of a large import
(reference index entries, spelling dictionary counts) that cost more than the database's
own work. Rows here are tuples in the order of `columns`; nothing is returned (use
bulk_create where the new ids are needed).
"""

from django.db import connection


def append_rows(table, columns, rows):
    """INSERT every row: PostgreSQL's COPY, executemany elsewhere. Returns the row count."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
    return len(rows)


def add_to_counts(table, key, count, deltas):
    """Add each (key, delta) to the row's `count`, creating rows that are missing: one
    statement on PostgreSQL (unnest of two arrays), executemany elsewhere. Keys must be
    distinct (one statement may not change a row twice)."""
    deltas = list(deltas)
    if not deltas:
        return
    quote = connection.ops.quote_name
    table, key, count = quote(table), quote(key), quote(count)
    upsert = f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            keys, values = zip(*deltas, strict=True)
            cursor.execute(
                f"INSERT INTO {table} ({key}, {count}) "
                f"SELECT * FROM unnest(%s::text[], %s::integer[]) {upsert}",
                [list(keys), list(values)],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({key}, {count}) VALUES (%s, %s) {upsert}", deltas
            )
