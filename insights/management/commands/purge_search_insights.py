"""Deletes recorded searches and clicks older than the retention period."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insights.models import ResultClick, SearchEvent


class Command(BaseCommand):
    help = (
        "Hapus pencarian dan klik yang tercatat lebih lama dari INSIGHTS_RETENTION_DAYS "
        "(atau --days). Jalankan tiap hari, mis. dari cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Masa simpan dalam hari (bawaan: setelan).")

    def handle(self, *args, days=None, **options):
        days = settings.INSIGHTS_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days harus 1 atau lebih.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        _, searches = SearchEvent.objects.filter(hour__lt=cutoff).delete()
        _, clicks = ResultClick.objects.filter(hour__lt=cutoff).delete()
        self.stdout.write(
            f"Dihapus {searches.get('insights.SearchEvent', 0)} pencarian dan "
            f"{clicks.get('insights.ResultClick', 0)} klik yang lebih lama dari {days} hari "
            f"(sebelum {cutoff:%Y-%m-%d %H:%M} UTC)."
        )
