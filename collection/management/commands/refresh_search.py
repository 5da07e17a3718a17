from django.core.management.base import BaseCommand
from procrastinate.exceptions import AlreadyEnqueued

from collection import tasks


class Command(BaseCommand):
    help = "Rebuild the search document of every object (after a bulk change or an upgrade)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the rebuild for a job worker and return at once.",
        )

    def handle(self, *args, background=False, **options):
        if background:
            try:
                job_id = tasks.refresh_search.defer()
            except AlreadyEnqueued:
                self.stdout.write("A rebuild of the search documents is already queued.")
                return
            self.stdout.write(f"Queued the rebuild of the search documents (job {job_id}).")
            return
        count = tasks.refresh_search()
        self.stdout.write(f"Rebuilt the search documents of {count} objects.")
