"""``manage.py export_collection FILE.xlsx|FILE.csv``: every object, in the import
template's columns, so that the file can be edited and imported again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from collection.models import Item
from collection.spreadsheets.exporting import export_items


class Command(BaseCommand):
    help = "Export the collection to a spreadsheet in the import template's columns."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write: a name ending in .xlsx or .csv")

    def handle(self, *args, file, **options):
        path = Path(file)
        kind = path.suffix.lower().lstrip(".")
        if kind not in ("xlsx", "csv"):
            raise CommandError(_("The file name must end in .xlsx or .csv."))
        with open(path, "wb") as out:
            export_items(out, format=kind)
        self.stdout.write(
            _("Exported %(count)s objects to %(path)s.")
            % {"count": Item.objects.count(), "path": path}
        )
