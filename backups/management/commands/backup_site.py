from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups.archive import write_backup


class Command(BaseCommand):
    help = (
        "Write a backup (database rows and media files) into a new folder, by default "
        "backups/jipp-YYYYmmdd-HHMMSS; restore it with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", help="a folder that does not exist yet")

    def handle(self, *args, folder=None, **options):
        folder = folder or f"backups/jipp-{timezone.now():%Y%m%d-%H%M%S}"
        try:
            manifest = write_backup(folder)
        except FileExistsError as error:
            raise CommandError(f"{folder} sudah ada; pilih folder baru.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {folder} ({manifest['media_files']} berkas media)."
            )
        )
