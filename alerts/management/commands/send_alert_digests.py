"""Run from the scheduler (e.g. daily): one digest per confirmed alert with new matching case
studies; unconfirmed addresses older than a week are deleted."""

from django.core.management.base import BaseCommand

from alerts import subscriptions
from alerts.models import Subscription


class Command(BaseCommand):
    help = "Mengirim ringkasan inovasi baru kepada pelanggan peringatan surel."

    def handle(self, *args, **options):
        forgotten = subscriptions.forget_unconfirmed()
        sent = listed = 0
        for subscription in Subscription.objects.exclude(confirmed_at=None).iterator():
            count = subscriptions.send_digest(subscription)
            sent += bool(count)
            listed += count
        self.stdout.write(
            f"{sent} ringkasan terkirim ({listed} inovasi); "
            f"{forgotten} alamat tanpa konfirmasi dihapus."
        )
