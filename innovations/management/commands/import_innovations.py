"""python manage.py import_innovations FILE.jsonl [--dry-run] [--skip-invalid] [--demo]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innovations.importing.bulk import BATCH, BulkPageCreator, RecordWriteError
from innovations.importing.reader import read_jsonl
from innovations.importing.validation import (
    Problem,
    RecordValidator,
    ReferenceIndex,
    check_lineage,
)
from innovations.importing.writer import ImportPlan, PageWriter
from innovations.models import HubIndexPage
from jipp_site.bulk_rows import DeferredWriteError, background_writes
from jipp_site.progress import ProgressBar
from search import indexing


class Command(BaseCommand):
    help = (
        "Import innovation case studies from a JSON Lines file. Every record is validated "
        "before anything is written; a file with a bad record changes nothing unless "
        "--skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid records, skip the rest."
        )
        parser.add_argument(
            "--demo", action="store_true", help="Label the records as demonstration content."
        )

    def handle(self, *args, file, dry_run, skip_invalid, demo, verbosity, **options):
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        if not dry_run and not HubIndexPage.objects.exists():
            raise CommandError(
                "Halaman indeks simpul belum ada; jalankan `python manage.py setup_site` dulu."
            )
        records, problems, total = self._validate(file)
        for problem in problems:
            self.stderr.write(self.style.ERROR(str(problem)))
        bad_lines = {p.line for p in problems}
        valid = [r for r in records if r.line not in bad_lines]
        if problems and not skip_invalid:
            raise CommandError(
                f"{len(bad_lines)} dari {total} catatan tidak valid "
                f"({len(problems)} masalah). Tidak ada yang diubah. Perbaiki berkas, atau "
                "pakai --skip-invalid untuk mengimpor catatan yang valid saja."
            )
        plan = ImportPlan(valid, demo=demo)
        summary = (
            f"{len(plan.created)} baru, {len(plan.updated)} diperbarui, "
            f"{len(plan.unchanged)} tidak berubah, {len(bad_lines)} dilewati; "
            f"simpul baru: {len(plan.new_hubs)}."
        )
        if dry_run:
            self.stdout.write(f"Uji coba (tidak ada yang ditulis): {summary}")
            for title in plan.new_hubs:
                self.stdout.write(f"  simpul baru: {title}")
            return
        # With Elasticsearch, the import's changes wait in the outbox until the import has
        # committed, and are then all delivered here (not the first 1,000 after the commit).
        with indexing.delivery_deferred():
            self._write(plan)
        self.stdout.write(self.style.SUCCESS(f"Impor selesai: {summary}"))
        self._deliver()

    def _validate(self, file):
        refs = ReferenceIndex()
        validator = RecordValidator(refs)
        records, problems, total = [], [], 0
        seen_ids = {}
        for raw in read_jsonl(file):
            total += 1
            if raw.error:
                problems.append(Problem(raw.number, "", raw.error))
                continue
            record = validator.validate(raw.number, raw.data)
            if isinstance(record.id, str):
                if record.id in seen_ids:
                    reason = f"id {record.id!r} sudah dipakai di baris {seen_ids[record.id]}"
                    record.problems.append(Problem(raw.number, "id", reason))
                seen_ids.setdefault(record.id, raw.number)
            problems.extend(record.problems)
            records.append(record)
        clean = [r for r in records if not r.problems]
        invalid_ids = {r.id for r in records if r.problems and isinstance(r.id, str)}
        problems.extend(check_lineage(clean, refs, invalid_ids))
        problems.sort(key=lambda p: (p.line, p.field))
        return records, problems, total

    def _write(self, plan):
        to_write = plan.to_write
        new_ids = {id(record) for record in plan.created}
        new = [r for r in to_write if id(r) in new_ids]
        changed = [r for r in to_write if id(r) not in new_ids]
        progress = ProgressBar(len(to_write), label="Mengimpor", stream=self.stderr)
        indexing_progress = ProgressBar(0, label="Mengindeks", stream=self.stderr)
        # One transaction: a failure half-way leaves the database as it was. Search
        # indexing is deferred to the end and runs once, in bulk.
        with transaction.atomic(), indexing.deferred(progress=indexing_progress):
            if new:
                creator = self._guarded(new[0], BulkPageCreator, demo=plan.demo)
                self._guarded(new[0], creator.create_hubs, new, last=new[-1])
                self._create_in_batches(creator, new, progress)
                creator.finish()
            writer = self._guarded(changed[0], PageWriter, demo=plan.demo) if changed else None
            for record in changed:
                self._guarded(record, writer.write, record)
                progress.advance()
            progress.finish()

    def _create_in_batches(self, creator, records, progress):
        """New pages a batch at a time. On PostgreSQL the database writes each batch while
        the next one is prepared (bulk_rows.background_writes); a write that fails there
        is reported with the lines of the batch it belonged to."""
        try:
            with background_writes() as writer:
                for start in range(0, len(records), BATCH):
                    batch = records[start : start + BATCH]
                    if writer is not None:
                        writer.label = (batch[0], batch[-1])
                    self._guarded(
                        batch[0], creator.create, batch, on_record=progress.advance, last=batch[-1]
                    )
        except DeferredWriteError as exc:
            first, last = exc.label
            raise CommandError(
                f"Impor dibatalkan saat menulis baris {first.line}-{last.line} ({first.id!r}): "
                f"{exc.__cause__}. Tidak ada yang diubah."
            ) from exc.__cause__

    def _deliver(self):
        """Hand every change to Elasticsearch, in bulk requests, with a progress bar. The
        import has succeeded whatever happens here: what the cluster does not take waits
        in the outbox for `search_sync`, and the public search answers from the database
        meanwhile."""
        if not indexing.queued_changes():
            return
        progress = ProgressBar(0, label="Elasticsearch", stream=self.stderr)
        result = indexing.deliver_queued(progress=progress)
        if result.sent:
            self.stdout.write(f"Indeks Elasticsearch: {result.sent} perubahan terkirim.")
        if result.remaining:
            reason = (
                f"Elasticsearch tidak dapat dihubungi ({result.error})"
                if result.error
                else f"Elasticsearch menolak {len(result.rejected)} dokumen"
            )
            self.stderr.write(
                self.style.WARNING(
                    f"{reason}. {result.remaining} perubahan menunggu di outbox indeks "
                    "pencarian; `python manage.py search_sync` akan mengirimnya (jalankan "
                    "saat klaster tersedia; `python manage.py search_status` menunjukkan "
                    "sisanya). Data impor sudah tersimpan, dan pencarian publik menjawab "
                    "dari basis data sementara itu."
                )
            )
        for page_id, reason in sorted(result.rejected.items()):
            self.stderr.write(f"  halaman {page_id} ditolak: {reason}")

    @staticmethod
    def _guarded(record, function, *args, last=None, **kwargs):
        try:
            return function(*args, **kwargs)
        except (CommandError, DeferredWriteError):
            # A DeferredWriteError belongs to an earlier batch: _create_in_batches names it.
            raise
        except RecordWriteError as exc:
            # The bulk writer knows exactly which record failed.
            cause = exc.__cause__
            raise CommandError(
                f"Impor dibatalkan saat menulis baris {exc.record.line} ({exc.record.id!r}): "
                f"{cause}. Tidak ada yang diubah."
            ) from cause
        except Exception as exc:
            # Leaving the transaction by an exception rolls every page written so far back.
            lines = f"{record.line}" if last is None else f"{record.line}-{last.line}"
            raise CommandError(
                f"Impor dibatalkan saat menulis baris {lines} ({record.id!r}): {exc}. "
                "Tidak ada yang diubah."
            ) from exc
