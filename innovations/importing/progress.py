"""An admin import's progress, recorded where the job page can read it while the import runs.

The write is one transaction (all or nothing), so nothing written inside it is visible
elsewhere before it commits: progress written there, or through the database cache, showed
nothing and then 100%. The worker therefore records progress outside that transaction:

- PostgreSQL (and any other server database): on the ImportJob row, through a second
  connection of its own in autocommit, so each update commits at once while the import's
  transaction stays open on the first. The import never touches the job's row meanwhile,
  so the two never wait for each other.
- SQLite: a database file accepts one writer at a time, and the import holds that lock
  until it commits, so a second connection could not write the row (it would wait, then
  fail). Progress goes to a small sidecar SQLite file beside the database
  (`<name>-import-progress`; for an in-memory test database, a named in-memory one),
  which has a lock of its own; the job's row gets the final figures when the step ends.

The phases of a step, and their share of the bar: checking a file is one phase (all of
it); writing one checks the rows again, saves the pages, then indexes them for search.
Updates are throttled (IMPORT_PROGRESS_INTERVAL seconds, default half a second) so that a
large import spends no measurable time on them.
"""

import sqlite3
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.dispatch import Signal
from django.utils import timezone

from innovations.models import ImportJob

Phase = ImportJob.Phase

# (start, end) of each phase on the bar, in percent, per step.
SHARES = {
    Phase.VALIDATE: (0, 100),
    Phase.REVALIDATE: (0, 20),
    Phase.WRITE: (20, 85),
    Phase.INDEX: (85, 100),
}

# Sent after each recorded update (job_id, phase, processed, phase_total): what the
# progress test waits on to look from another connection at a known moment.
progress_recorded = Signal()


@dataclass(frozen=True)
class Progress:
    phase: str
    processed: int
    phase_total: int

    @property
    def percent(self):
        start, end = SHARES.get(self.phase, (0, 100))
        fraction = min(self.processed / self.phase_total, 1.0) if self.phase_total else 0.0
        return int(start + (end - start) * fraction)

    @property
    def label(self):
        return Phase(self.phase).label if self.phase in Phase.values else ""


def _interval():
    return settings.IMPORT_PROGRESS_INTERVAL


def _uses_sidecar():
    return connections[DEFAULT_DB_ALIAS].vendor == "sqlite"


# --- where it is kept ---------------------------------------------------------------------


class _RowStore:
    """The ImportJob row, through a connection of its own (autocommit)."""

    def __init__(self):
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        where = "id = %s"
        if self.connection.features.has_select_for_update_skip_locked:
            # Never wait for the row: when the caller's own open transaction has changed it
            # (a task run at once inside a request's or a test's transaction), waiting here
            # would wait for ourselves. Nobody else could read that job yet anyway.
            where = f"id = (SELECT id FROM {table} WHERE id = %s FOR UPDATE SKIP LOCKED)"
        self.sql = (
            f"UPDATE {table} SET phase = %s, processed = %s, phase_total = %s, "
            f"progress_at = %s WHERE {where}"
        )

    def write(self, job_id, phase, processed, phase_total):
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, [phase, processed, phase_total, timezone.now(), job_id])

    def close(self):
        self.connection.close()


_memory_lock = threading.Lock()
_memory_connections = []


def _sidecar_target():
    """(database, uri?) of the sidecar for the default SQLite database."""
    name = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return "file:jipp-import-progress?mode=memory&cache=shared", True
    return f"{name}-import-progress", False


def _sidecar():
    target, uri = _sidecar_target()
    # check_same_thread=False: the in-memory keeper below outlives the thread that made it.
    db = sqlite3.connect(target, uri=uri, timeout=5, isolation_level=None,
                         check_same_thread=False)  # fmt: skip
    if uri:
        # An in-memory database lives while a connection to it is open: keep one.
        with _memory_lock:
            if not _memory_connections:
                _memory_connections.append(
                    sqlite3.connect(target, uri=True, check_same_thread=False)
                )
    else:
        db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS progress (job_id INTEGER PRIMARY KEY, phase TEXT, "
        "processed INTEGER, phase_total INTEGER, updated_at REAL)"
    )
    return db


class _SidecarStore:
    def __init__(self):
        self.db = _sidecar()

    def write(self, job_id, phase, processed, phase_total):
        self.db.execute(
            "INSERT OR REPLACE INTO progress VALUES (?, ?, ?, ?, ?)",
            (job_id, phase, processed, phase_total, time.time()),
        )

    def close(self):
        self.db.close()


def _sidecar_read(job_id):
    try:
        db = _sidecar()
        try:
            row = db.execute(
                "SELECT phase, processed, phase_total FROM progress WHERE job_id = ?", (job_id,)
            ).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None  # progress is a courtesy: the page shows the job's row instead
    return Progress(*row) if row else None


def _sidecar_forget(job_id):
    try:
        db = _sidecar()
        try:
            db.execute("DELETE FROM progress WHERE job_id = ?", (job_id,))
        finally:
            db.close()
    except sqlite3.Error:
        pass


# --- the worker's side --------------------------------------------------------------------


class JobProgress:
    """Records one step of a job as it goes. Use as a context manager; `phase(name, total)`
    starts a phase, `advance()` counts, and `bar(name)` is a ProgressBar-like object for
    run_import's writing and indexing."""

    def __init__(self, job_id, recorded=True):
        self.job_id = job_id
        self.recorded = recorded  # False: counts, records nothing (no second connection)
        self.store = None
        self.phase_name, self.processed, self.phase_total = "", 0, 0
        self.last_write = 0.0

    def __enter__(self):
        if self.recorded:
            self.store = _SidecarStore() if _uses_sidecar() else _RowStore()
        return self

    def __exit__(self, *exc):
        if self.store is not None:
            self.store.close()

    def phase(self, name, total):
        self.phase_name, self.processed, self.phase_total = name, 0, max(int(total), 0)
        self._record()

    def advance(self, step=1):
        self.processed += step
        if time.monotonic() - self.last_write >= _interval():
            self._record()

    def finish_phase(self):
        self._record()

    def bar(self, name):
        return _Bar(self, name)

    def _record(self):
        if self.store is None:
            return
        self.last_write = time.monotonic()
        self.store.write(self.job_id, self.phase_name, self.processed, self.phase_total)
        progress_recorded.send(
            sender=JobProgress,
            job_id=self.job_id,
            phase=self.phase_name,
            processed=self.processed,
            phase_total=self.phase_total,
        )


class _Bar:
    """ProgressBar-like (start, advance, finish) for one phase of a JobProgress."""

    def __init__(self, progress, name):
        self.progress, self.name = progress, name

    def start(self, total):
        self.progress.phase(self.name, total)

    def advance(self, step=1):
        self.progress.advance(step)

    def finish(self):
        self.progress.finish_phase()


# --- the page's side ----------------------------------------------------------------------


def progress_of(job):
    """The job's Progress as another process last recorded it."""
    if _uses_sidecar() and job.in_progress:
        found = _sidecar_read(job.pk)
        if found is not None:
            return found
    job.refresh_from_db(fields=["phase", "processed", "phase_total"])
    return Progress(job.phase, job.processed, job.phase_total)


def forget(job_id):
    """The step has ended: its figures are on the job's row now."""
    if _uses_sidecar():
        _sidecar_forget(job_id)
