from django.core.management.base import BaseCommand

from opendata.models import DcDate, DcRecord
from opendata.oai.stored import refill


class Command(BaseCommand):
    help = (
        "Write every object's oai_dc record and its dates afresh (the database keeps them "
        "itself; for a database restored without its triggers, or after a change to how "
        "dates are written out)."
    )

    def handle(self, *args, **options):
        refill()
        self.stdout.write(
            f"Wrote the oai_dc records of {DcRecord.objects.count()} objects, "
            f"and {DcDate.objects.count()} dates."
        )
