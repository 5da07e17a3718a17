from django.core.management.base import BaseCommand

from opendata.models import DcRecord
from opendata.oai.stored import refill


class Command(BaseCommand):
    help = (
        "Write every object's oai_dc elements afresh (the database keeps them itself; for "
        "a database restored without its triggers)."
    )

    def handle(self, *args, **options):
        refill()
        self.stdout.write(f"Wrote the oai_dc elements of {DcRecord.objects.count()} objects.")
