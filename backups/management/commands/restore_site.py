"""Restores a backup_site folder into an EMPTY database: migrate, load the rows, unpack the
media, rebuild the search index and Wagtail's admin index, retire cached pages."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from backups.archive import DATA, HISTORY, read_manifest, restore_media


class Command(BaseCommand):
    help = "Restore a backup_site folder into an empty database (then rebuild the indexes)."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        try:
            manifest = read_manifest(folder)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)
        if _has_content():
            raise CommandError(
                "Basis data ini sudah berisi halaman. Pemulihan hanya ke basis data kosong: "
                "buat basis data baru (DATABASE_URL) lalu jalankan lagi."
            )
        # What migrate itself created (Wagtail's root and welcome pages, reference data)
        # is in the backup too: start from no rows at all, in one transaction with the load.
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", f"{folder}/{DATA}", f"{folder}/{HISTORY}", verbosity=0)
        media = restore_media(folder)
        call_command("rebuild_search_index", stdout=self.stdout, stderr=self.stderr)
        call_command("update_index", verbosity=0)  # Wagtail's admin search
        call_command("purge_page_cache", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {folder} (dibuat {manifest['created']} di "
                f"{manifest['database']}); {media} berkas media."
            )
        )


def _has_content():
    from home.models import HomePage

    tables = connection.introspection.table_names()
    return HomePage._meta.db_table in tables and HomePage.objects.exists()
