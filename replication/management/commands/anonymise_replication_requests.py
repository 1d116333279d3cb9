from django.conf import settings
from django.core.management.base import BaseCommand

from replication.retention import anonymise_due, due


class Command(BaseCommand):
    help = (
        "Blank the requester's personal data (name, position, email, phone, message, notes) "
        "of replication requests unchanged for REPLICATION_REQUEST_RETENTION_DAYS. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = settings.REPLICATION_REQUEST_RETENTION_DAYS
        if dry_run:
            self.stdout.write(f"{due().count()} permintaan melewati masa simpan {days} hari.")
            return
        done = anonymise_due()
        self.stdout.write(f"{done} permintaan dianonimkan (masa simpan {days} hari).")
