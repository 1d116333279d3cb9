"""Appending many plain rows to a table, the fastest way each database offers.

Django's bulk_create builds a model instance per row and, on PostgreSQL, a statement whose
parameters psycopg quotes one by one; for the tens of thousands of rows of a large import
(reference index entries, spelling dictionary counts) that cost more than the database's
own work. Here rows go to the database as plain values: COPY on PostgreSQL, executemany
elsewhere. No signals are sent and no model is validated: the callers have done that.

Inside `background_writes()` (PostgreSQL), these writes are queued instead and run, in
order, on a worker thread through the same connection and transaction, while the caller
prepares its next rows: the database works on the other core. The caller must then not
read back what it queued before the block ends.
"""

import contextlib
import contextvars
import queue
import threading

from django.db import connection, connections


def append_rows(table, columns, rows):
    """INSERT every row: PostgreSQL's COPY, executemany elsewhere. Returns the row count."""
    rows = list(rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        _write(_copy, f"COPY {quote(table)} ({names}) FROM STDIN", rows)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
    return len(rows)


def execute_write(sql, params=()):
    """Run one statement that writes and returns nothing (queued inside background_writes)."""
    _write(_execute, sql, params)


def _copy(cursor, sql, rows):
    with cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _execute(cursor, sql, params):
    cursor.execute(sql, params)


def _write(operation, *args):
    writer = _writer.get()
    if writer is not None:
        writer.submit(operation, *args)
        return
    with connection.cursor() as cursor:
        operation(cursor, *args)


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
    if connection.vendor == "postgresql":
        keys, values = zip(*deltas, strict=True)
        execute_write(
            f"INSERT INTO {table} ({key}, {count}) "
            f"SELECT * FROM unnest(%s::text[], %s::integer[]) {upsert}",
            [list(keys), list(values)],
        )
    else:
        with connection.cursor() as cursor:
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


# --- writing in the background -----------------------------------------------------------


class DeferredWriteError(Exception):
    """A queued write failed; the database error is chained. `label` is what the caller
    had named the work it was queued for (see BackgroundWriter.label)."""

    def __init__(self, label):
        super().__init__(label)
        self.label = label


class BackgroundWriter:
    """Runs queued writes in order on a thread of its own, on the caller's connection.

    psycopg serialises the two threads' statements on the connection, so they share its
    transaction; PostgreSQL checks foreign keys at commit (Django declares them deferred),
    so rows may arrive in any order relative to the caller's own statements. After the
    first failure nothing more is written, and the failure is raised in the caller's
    thread at its next submit or when the block ends.
    """

    PENDING = 8  # writes queued at most; the caller waits beyond (bounds memory)

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.label = None  # the caller names the work its next writes belong to
        self.error = None
        self._cancelled = False
        self._jobs = queue.Queue(maxsize=self.PENDING)
        self._thread = threading.Thread(target=self._work, name="bulk-rows", daemon=True)
        self._thread.start()

    def submit(self, operation, *args):
        self.raise_failure()
        self._jobs.put((self.label, operation, args))

    def raise_failure(self):
        if self.error is not None:
            raise self.error

    def finish(self):
        """Wait for every queued write; raise the first failure."""
        self._jobs.join()
        self.raise_failure()

    def stop(self, cancel=False):
        """End the thread, after the write under way; with `cancel`, drop the rest."""
        self._cancelled = cancel
        self._jobs.put(None)
        self._thread.join()

    def _work(self):
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                label, operation, args = job
                if self.error is None and not self._cancelled:
                    self._run(label, operation, args)
            finally:
                self._jobs.task_done()

    def _run(self, label, operation, args):
        try:
            with self.raw.cursor() as cursor:
                operation(cursor, *args)
        except Exception as exc:
            error = DeferredWriteError(label)
            error.__cause__ = exc
            self.error = error


_writer = contextvars.ContextVar("bulk_rows_writer", default=None)


@contextlib.contextmanager
def background_writes():
    """Within this block (in a transaction), append_rows, add_to_counts and execute_write
    are queued to a BackgroundWriter on PostgreSQL; elsewhere they run at once. Yields
    the writer (None when writes run at once). The block ends when every write has run;
    if the block fails, writes not yet started are dropped, and the transaction is left
    to the caller to roll back."""
    if connection.vendor != "postgresql" or _writer.get() is not None:
        yield None
        return
    connection.ensure_connection()
    writer = BackgroundWriter(database().connection)
    token = _writer.set(writer)
    try:
        yield writer
        writer.finish()
    except BaseException as exc:
        # No write may reach the connection after this: the caller is about to roll back.
        writer.stop(cancel=True)
        if writer.error is not None and writer.error is not exc:
            # The caller's own statement failed because a queued write had already
            # aborted the transaction: the queued write's failure is the cause to report.
            raise writer.error from writer.error.__cause__
        raise
    else:
        writer.stop()
    finally:
        _writer.reset(token)
