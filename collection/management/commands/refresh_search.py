from django.core.management.base import BaseCommand

from collection.models import Item
from collection.search import update_search_documents


class Command(BaseCommand):
    help = "Rebuild the search document of every object (after a bulk change or an upgrade)."

    def handle(self, *args, **options):
        count = update_search_documents(Item.objects.all())
        self.stdout.write(f"Rebuilt the search documents of {count} objects.")
