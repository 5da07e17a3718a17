from django.core.management.base import BaseCommand

from collection.counts import recount
from collection.models import KindCount, LinkCount


class Command(BaseCommand):
    help = (
        "Count the published objects of each kind, person, place and subject afresh (the "
        "database keeps these counts itself; for a database restored without its triggers)."
    )

    def handle(self, *args, **options):
        recount()
        self.stdout.write(
            f"Counted {KindCount.objects.count()} kinds and {LinkCount.objects.count()} "
            "people, places and subjects."
        )
