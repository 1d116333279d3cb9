from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from innovations.demo_profiles import apply_demo_profiles

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "innovations.jsonl"


class Command(BaseCommand):
    help = "Publish the 150 demonstration case studies (labelled as demonstration content)."

    def handle(self, *args, **options):
        call_command("setup_site", stdout=self.stdout)
        call_command("import_innovations", str(DEMO_FILE), demo=True, stdout=self.stdout)
        # Demo replication kits (generated PDFs) and hub contacts: the replication app's.
        call_command("load_demo_kits", stdout=self.stdout)
        call_command("setup_roles", stdout=self.stdout)
        profiles = apply_demo_profiles()
        self.stdout.write(f"Profil demonstrasi: {profiles} simpul.")
