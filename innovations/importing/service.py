"""The import, whichever way the records come in: `run_import()` returns a report.

The command line (`import_innovations`, JSON Lines) and the admin's spreadsheet screen both
hand it rows (reader.RawLine) and get an ImportReport back; nothing here prints. The steps:
validate every record (validation.py), check what the importing person may do (their hubs,
moving pages between hubs, lineage only to published pages), plan (new, changed,
unchanged), and, unless it is a dry run, write everything in one transaction.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from innovations.models import HubIndexPage, HubPage, InnovationPage
from jipp_site.bulk_rows import DeferredWriteError, background_writes
from search import indexing

from .bulk import BATCH, BulkPageCreator, RecordWriteError
from .validation import Problem, RecordValidator, ReferenceIndex, check_lineage
from .writer import ImportPlan, PageWriter, record_hash


class ImportFailed(Exception):
    """The import stopped; nothing was written. The message says why, in Indonesian."""


@dataclass
class ImportReport:
    total: int = 0
    problems: list = field(default_factory=list)
    skipped: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    new_hubs: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    pages: list = field(default_factory=list)  # ids of the pages written

    @property
    def invalid_lines(self):
        return {problem.line for problem in self.problems}

    def summary(self):
        return (
            f"{len(self.created)} baru, {len(self.updated)} diperbarui, "
            f"{len(self.unchanged)} tidak berubah, {self.skipped} dilewati; "
            f"simpul baru: {len(self.new_hubs)}."
        )

    def per_hub(self):
        """hub title -> {"created", "updated", "unchanged"} counts, for the preview."""
        counts = {}
        for kind in ("created", "updated", "unchanged"):
            for hub, n in Counter(r.hub.title for r in getattr(self, kind)).items():
                counts.setdefault(hub, {"created": 0, "updated": 0, "unchanged": 0})[kind] = n
        return dict(sorted(counts.items()))


@dataclass
class Access:
    """What the importing person may do. The command line's operator may do everything
    (hubs=None: every hub, and new hubs named in the file); an admin user only imports
    into the hubs they may add pages to."""

    hubs: set | None = None  # titles of the hubs records may go to; None: any, new ones too
    allow_move: bool = False  # asked explicitly to move pages between hubs


def run_import(
    rows,
    *,
    access=None,
    owner=None,
    dry_run=False,
    skip_invalid=False,
    demo=False,
    progress=None,
    indexing_progress=None,
):
    """Validate `rows` (RawLine), then write them unless `dry_run`; return the report.

    A file with a bad record changes nothing (ImportFailed) unless `skip_invalid`.
    `progress` and `indexing_progress` are ProgressBar-like (advance, finish, start)."""
    access = access or Access()
    report = ImportReport(dry_run=dry_run)
    records, report.problems, report.total = validate_rows(rows, access, demo)
    bad = report.invalid_lines
    report.skipped = len(bad)
    if report.problems and not skip_invalid:
        return report
    valid = [r for r in records if r.line not in bad]
    plan = ImportPlan(valid, demo=demo)
    report.created, report.updated, report.unchanged = plan.created, plan.updated, plan.unchanged
    report.new_hubs = plan.new_hubs
    if dry_run:
        return report
    if not HubIndexPage.objects.exists():
        raise ImportFailed(
            "Halaman indeks simpul belum ada; jalankan `python manage.py setup_site` dulu."
        )
    # With Elasticsearch, the import's changes wait in the outbox until the import has
    # committed, and are then all delivered by the caller (indexing.deliver_queued).
    with indexing.delivery_deferred():
        report.pages = _write(plan, owner, progress, indexing_progress)
    indexing.settle(len(report.created) + len(report.updated))
    report.written = True
    return report


def validate_rows(rows, access=None, demo=False):
    """(records, problems sorted by line and field, number of rows). `demo`: the records'
    digests are taken as for a demonstration import."""
    refs = ReferenceIndex()
    validator = RecordValidator(refs)
    records, problems, total = [], [], 0
    seen_ids = {}
    for raw in rows:
        total += 1
        if raw.error:
            problems.append(Problem(raw.number, "", raw.error))
            continue
        record = validator.validate(raw.number, raw.data)
        if raw.problems:
            # The spreadsheet already said what is wrong with these cells.
            reported = {name for name, _reason in raw.problems}
            record.problems = [p for p in record.problems if p.field.split(".")[0] not in reported
                               and p.field not in reported]  # fmt: skip
            record.problems[:0] = [Problem(raw.number, n, reason) for n, reason in raw.problems]
        if isinstance(record.id, str):
            if record.id in seen_ids:
                reason = f"id {record.id!r} sudah dipakai di baris {seen_ids[record.id]}"
                record.problems.append(Problem(raw.number, "id", reason))
            seen_ids.setdefault(record.id, raw.number)
        problems.extend(record.problems)
        if not record.problems:
            # Held packed until written (validation.Record), its digest taken first.
            record.digest, record.digest_demo = record_hash(record.data, demo), demo
            record.pack()
        records.append(record)
    clean = [r for r in records if not r.problems]
    problems.extend(check_access(clean, access or Access()))
    clean = [r for r in clean if r.line not in {p.line for p in problems}]
    invalid_ids = {r.id for r in records if r.problems and isinstance(r.id, str)}
    problems.extend(check_lineage(clean, refs, invalid_ids))
    problems.sort(key=lambda p: (p.line, p.field))
    return records, problems, total


def check_access(records, access):
    """Records for a hub the person may not import into, and records that would move a
    page from one hub to another without being asked to (or by someone without rights on
    the hub the page is in now)."""
    problems = []
    if access.hubs is not None:
        allowed = ", ".join(sorted(access.hubs)) or "-"
        for record in records:
            if record.hub.title not in access.hubs:
                problems.append(Problem(record.line, "hub", _(
                    "Anda tidak berhak mengimpor ke simpul %(hub)r; simpul Anda: %(allowed)s"
                ) % {"hub": record.hub.title, "allowed": allowed}))  # fmt: skip
    current = current_hubs({r.id for r in records})
    for record in records:
        hub_now = current.get(record.id)
        if hub_now is None or hub_now == record.hub.title:
            continue
        may_move = access.hubs is None or hub_now in access.hubs
        if access.allow_move and may_move:
            continue
        if not may_move:
            reason = _(
                "inovasi %(id)r milik simpul %(now)r; Anda tidak berhak atas simpul itu, jadi "
                "impor tidak dapat memindahkannya ke %(to)r (pakai ID lain untuk inovasi baru)"
            )
        else:
            reason = _(
                "inovasi %(id)r milik simpul %(now)r; impor tidak memindahkan inovasi ke %(to)r "
                "kecuali diminta (centang “Pindahkan antarsimpul”, atau --allow-move)"
            )
        problems.append(Problem(
            record.line, "hub", reason % {"id": record.id, "now": hub_now, "to": record.hub.title}
        ))  # fmt: skip
    return problems


def current_hubs(slugs):
    """slug -> title of the hub each existing innovation is in, for the given slugs."""
    if not slugs:
        return {}
    hubs = dict(HubPage.objects.values_list("path", "title"))
    found = {}
    for slug, path in InnovationPage.objects.values_list("slug", "path").iterator():
        if slug in slugs:
            found[slug] = hubs.get(path[: -InnovationPage.steplen])
    return found


# --- writing ------------------------------------------------------------------------------


def _write(plan, owner, progress, indexing_progress):
    to_write = plan.to_write
    new_ids = {id(record) for record in plan.created}
    new = [r for r in to_write if id(r) in new_ids]
    changed = [r for r in to_write if id(r) not in new_ids]
    progress = progress or _Silent()
    progress.start(len(to_write))
    written = []
    # One transaction: a failure half-way leaves the database as it was. Search
    # indexing is deferred to the end and runs once, in bulk.
    with transaction.atomic(), indexing.deferred(progress=indexing_progress):
        if new:
            creator = _guarded(new[0], BulkPageCreator, demo=plan.demo, owner=owner)
            _guarded(new[0], creator.create_hubs, new, last=new[-1])
            _create_in_batches(creator, new, progress)
            written += creator.finish()
        writer = _guarded(changed[0], PageWriter, demo=plan.demo, owner=owner) if changed else None
        for record in changed:
            written.append(_guarded(record, writer.write, record).pk)
            record.release()
            progress.advance()
        progress.finish()
    return written


def _create_in_batches(creator, records, progress):
    """New pages a batch at a time. On PostgreSQL the database writes each batch while
    the next one is prepared (bulk_rows.background_writes); a write that fails there
    is reported with the lines of the batch it belonged to."""
    try:
        with background_writes() as writer:
            for start in range(0, len(records), BATCH):
                batch = records[start : start + BATCH]
                if writer is not None:
                    writer.label = (batch[0], batch[-1])
                _guarded(
                    batch[0], creator.create, batch, on_record=progress.advance, last=batch[-1]
                )
                for record in batch:
                    record.release()
    except DeferredWriteError as exc:
        first, last = exc.label
        raise ImportFailed(
            f"Impor dibatalkan saat menulis baris {first.line}-{last.line} ({first.id!r}): "
            f"{exc.__cause__}. Tidak ada yang diubah."
        ) from exc.__cause__


def _guarded(record, function, *args, last=None, **kwargs):
    try:
        return function(*args, **kwargs)
    except (ImportFailed, DeferredWriteError):
        # A DeferredWriteError belongs to an earlier batch: _create_in_batches names it.
        raise
    except RecordWriteError as exc:
        # The bulk writer knows exactly which record failed.
        cause = exc.__cause__
        raise ImportFailed(
            f"Impor dibatalkan saat menulis baris {exc.record.line} ({exc.record.id!r}): "
            f"{cause}. Tidak ada yang diubah."
        ) from cause
    except Exception as exc:
        # Leaving the transaction by an exception rolls every page written so far back.
        lines = f"{record.line}" if last is None else f"{record.line}-{last.line}"
        raise ImportFailed(
            f"Impor dibatalkan saat menulis baris {lines} ({record.id!r}): {exc}. "
            "Tidak ada yang diubah."
        ) from exc


class _Silent:
    def start(self, total):
        pass

    def advance(self, step=1):
        pass

    def finish(self):
        pass
