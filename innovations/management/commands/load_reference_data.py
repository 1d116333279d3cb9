from django.core.management.base import BaseCommand
from django.db import transaction

from innovations.models import SDG, MinistryAgency, Province, Regency, Sector, ServiceChannel
from innovations.reference_data import index_reference_data, load_reference_data


class Command(BaseCommand):
    help = "Create or update provinces, kabupaten/kota, ministries, sectors, channels and SDGs."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_reference_data()
            index_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"{Province.objects.count()} provinsi, {Regency.objects.count()} kabupaten/kota, "
                f"{MinistryAgency.objects.count()} kementerian/lembaga, "
                f"{Sector.objects.count()} sektor, {ServiceChannel.objects.count()} kanal, "
                f"{SDG.objects.count()} TPB."
            )
        )
