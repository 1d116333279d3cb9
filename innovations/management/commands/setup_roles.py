from django.core.management.base import BaseCommand
from django.db import transaction

from innovations.models import HubPage
from innovations.permissions import ensure_national_curators, setup_hub_access
from innovations.review import move_pending_reviews


class Command(BaseCommand):
    help = (
        "Create the national curators' group, and give every hub its groups, its "
        "publishing rule and its own review workflow; pages waiting in another workflow "
        "move to their hub's (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_national_curators()
        hubs = moved = 0
        for hub in HubPage.objects.order_by("path"):
            setup_hub_access(hub)
            moved += move_pending_reviews(hub)
            hubs += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Peran siap: {hubs} simpul dengan alur tinjauan masing-masing; "
                f"{moved} halaman dipindahkan dari alur lain."
            )
        )
