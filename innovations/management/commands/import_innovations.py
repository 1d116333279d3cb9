"""python manage.py import_innovations FILE [--dry-run] [--skip-invalid] [--demo] [--allow-move]:
parses the arguments, runs innovations.importing.service.run_import, prints. FILE is JSON
Lines (.jsonl), or a spreadsheet (.xlsx, .csv) in the admin's template columns."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innovations.importing.reader import read_jsonl
from innovations.importing.service import Access, ImportFailed, run_import
from innovations.importing.sheet_rows import raw_line, sheet_rows
from innovations.importing.spreadsheet import SpreadsheetError, read_spreadsheet
from innovations.models import HubIndexPage
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
        parser.add_argument(
            "--allow-move",
            action="store_true",
            help="Move an existing innovation to the hub its record names (refused otherwise).",
        )

    def handle(self, *args, file, dry_run, skip_invalid, demo, allow_move, **options):
        if not file.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        if not dry_run and not HubIndexPage.objects.exists():
            raise CommandError(
                "Halaman indeks simpul belum ada; jalankan `python manage.py setup_site` dulu."
            )
        try:
            report = run_import(
                self._rows(file),
                access=Access(allow_move=allow_move),
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                demo=demo,
                progress=ProgressBar(0, label="Mengimpor", stream=self.stderr),
                indexing_progress=ProgressBar(0, label="Mengindeks", stream=self.stderr),
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc.__cause__
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(str(problem)))
        if report.problems and not skip_invalid:
            raise CommandError(
                f"{report.skipped} dari {report.total} catatan tidak valid "
                f"({len(report.problems)} masalah). Tidak ada yang diubah. Perbaiki berkas, atau "
                "pakai --skip-invalid untuk mengimpor catatan yang valid saja."
            )
        if dry_run:
            self.stdout.write(f"Uji coba (tidak ada yang ditulis): {report.summary()}")
            for title in report.new_hubs:
                self.stdout.write(f"  simpul baru: {title}")
            return
        self.stdout.write(self.style.SUCCESS(f"Impor selesai: {report.summary()}"))
        self._deliver()

    @staticmethod
    def _rows(file):
        if file.suffix.lower() not in (".xlsx", ".csv", ".xls"):
            return read_jsonl(file)
        try:
            sheet = read_spreadsheet(file.name, file.read_bytes())
            return [raw_line(row) for row in sheet_rows(sheet)]
        except SpreadsheetError as exc:
            raise CommandError(f"{exc} Tidak ada yang diubah.") from None

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
