from django.core.management.base import BaseCommand

from pagecache.store import purge


class Command(BaseCommand):
    help = "Retire every cached public page (after edits that do not publish a page)."

    def handle(self, *args, **options):
        purge()
        self.stdout.write(self.style.SUCCESS("Cache halaman publik dikosongkan."))
