from django.conf import settings
from django.core.management.base import BaseCommand

from home.site_setup import ensure_site_tree


class Command(BaseCommand):
    help = (
        "Create the home page, hub index and about page if they are missing, and point the "
        "default site at JIPP_PUBLIC_URL (idempotent)."
    )

    def handle(self, *args, **options):
        home = ensure_site_tree()
        self.stdout.write(
            self.style.SUCCESS(
                f"Situs siap: {home.title} di {settings.PUBLIC_URL}/ ({home.url_path})."
            )
        )
