from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import Region, StateBody
from portal.reference import load_district_bodies, load_regions, load_state_bodies


class Command(BaseCommand):
    help = (
        "Load or refresh the regions (portal/data/kz_regions.csv), the state bodies, and the "
        "district and city akimats and maslikhats (portal/data/kz_districts.csv)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        load_regions(Region)
        load_state_bodies(Region, StateBody)
        load_district_bodies(Region, StateBody)
        self.stdout.write(
            f"{Region.objects.count()} regions, {StateBody.objects.count()} state bodies."
        )
