from django.core.management.base import BaseCommand

from collection.models import Image
from collection.tiles import enqueue_tiles, has_tiles


class Command(BaseCommand):
    help = (
        "Queue the deep-zoom tiles of every image that has none (images stored before "
        "this version), or of every image with --all; a job worker makes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Make them again for images that have them."
        )

    def handle(self, *args, all=False, **options):
        queued = 0
        for image_id in Image.objects.order_by("pk").values_list("pk", flat=True).iterator():
            if all or not has_tiles(image_id):
                enqueue_tiles(image_id)
                queued += 1
        self.stdout.write(f"Queued the deep-zoom tiles of {queued} images.")
