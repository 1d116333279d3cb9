from django.core.management.base import BaseCommand

from replication.demo import load_demo_kits


class Command(BaseCommand):
    help = (
        "Give a few demo innovations a replication kit of small generated PDFs and the demo "
        "hubs a contact, all labelled as demonstration. Run again, it changes nothing."
    )

    def handle(self, *args, **options):
        kits, contacts = load_demo_kits()
        self.stdout.write(f"Kit replikasi demonstrasi: {kits}; narahubung simpul: {contacts}.")
