"""Appending many plain rows to a table, the fastest way each database offers.

Django's bulk_create builds a model instance per row and, on PostgreSQL, a statement whose
parameters psycopg quotes one by one; for the tens of thousands of rows of a large import
(reference index entries, spelling dictionary counts) that cost more than the database's
own work. Here rows go to the database as plain values: COPY on PostgreSQL, executemany
elsewhere. No signals are sent and no model is validated: the callers have done that.
"""

from django.db import connection, connections, models


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


def append_instances(objects, new_ids=False):
    """INSERT unsaved model instances of one model (the model's own columns), as append_rows
    does. With `new_ids`, each instance first takes the next id
    of the table's sequence (PostgreSQL; elsewhere bulk_create sets them), for rows that
    others point at; without, an auto-increment id left empty is left to the database."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    if new_ids and connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1000)
        return len(objects)
    if new_ids:
        for obj, pk in zip(
            objects, _reserve_ids(meta.db_table, meta.pk.column, len(objects)), strict=True
        ):
            obj.pk = pk
    fields = list(meta.local_concrete_fields)
    if meta.pk in fields and objects[0].pk is None:
        fields.remove(meta.pk)
    db = database()
    rows = (
        tuple(f.get_db_prep_save(f.pre_save(obj, add=True), db) for f in fields) for obj in objects
    )
    count = append_rows(meta.db_table, [f.column for f in fields], rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return count


# Fields whose value passes to the database as it is when it already has this type: Django's
# get_db_prep_save converts it to itself, at a cost that a large import pays millions of times.
_PLAIN_TYPES = {
    models.AutoField: int,
    models.BigAutoField: int,
    models.SmallAutoField: int,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.SmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.CharField: str,
    models.SlugField: str,
    models.TextField: str,
    models.BooleanField: bool,
}


def _preparer(field, db):
    """A function of an instance: its value of `field` as the database takes it."""
    column = field.target_field if isinstance(field, models.ForeignKey) else field
    plain = _PLAIN_TYPES.get(type(column))

    def prepared(obj):
        return field.get_db_prep_save(field.pre_save(obj, add=True), db)

    if plain is None or type(field) not in (*_PLAIN_TYPES, models.ForeignKey, models.OneToOneField):
        return prepared
    attname = field.attname

    def prepared_plain(obj):
        value = getattr(obj, attname)  # what these fields' pre_save returns
        return value if value is None or type(value) is plain else prepared(obj)

    return prepared_plain


def database():
    """The default connection itself. `django.db.connection` is a proxy that looks the
    connection up in a thread-local on every attribute read: preparing a million values
    for a large import through it cost several seconds."""
    return connections[connection.alias]


def _reserve_ids(table, column, count):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]
