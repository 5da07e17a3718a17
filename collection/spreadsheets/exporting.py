"""Exporting the collection in the import template's columns.

django-import-export is used here as a library, for export only: ``ItemResource`` says how
each template column is read from an object (a field's value, many-to-many names joined
with "; ", creators with their role in brackets, images by the file name they were
imported from), so that exporting and importing again changes nothing. Its import side is
not used and the app is not in INSTALLED_APPS: its defaults read dates month first, drop
unknown names and misspelled columns silently, save row by row and reset the id sequence,
and its admin views and ``import`` command would be reachable by any staff user. Imports go
through ``planning`` and ``applying`` instead. Files are written by ``writing``, which
neutralises formula-like cells and keeps accession numbers as text.
"""

from django.db.models import Prefetch
from import_export import fields, resources

from collection.models import Creator, Image, Item, ItemPlace
from collection.spreadsheets.template import (
    MULTI_VALUE_SEPARATOR,
    TEMPLATE_COLUMNS,
    TEMPLATE_NAMES,
)
from collection.spreadsheets.writing import write_csv, write_xlsx

SEPARATOR = f"{MULTI_VALUE_SEPARATOR} "
CHUNK = 2_000


class ItemResource(resources.Resource):
    """One row per object, one column per template column, in the template's order.

    A column with a field reads it directly (``title_en``, not the plain ``title``, which
    follows the active language: an export must not depend on who runs it); the others
    are the ``dehydrate_`` methods below.
    """

    class Meta:
        export_order = TEMPLATE_NAMES

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {
            column.name: fields.Field(attribute=column.field, column_name=column.name)
            for column in TEMPLATE_COLUMNS
        }

    def dehydrate_creator(self, item):
        return SEPARATOR.join(
            f"{link.person.name} ({link.role})" for link in item.creator_links.all()
        )

    def dehydrate_places(self, item):
        return SEPARATOR.join(link.place.name_vi for link in item.place_links.all())

    def dehydrate_subjects(self, item):
        return SEPARATOR.join(subject.name_vi for subject in item.subjects.all())

    def dehydrate_image(self, item):
        # Images uploaded in the admin have no import file name, and cannot be named here.
        return SEPARATOR.join(image.source_name for image in item.images.all() if image.source_name)

    def export_queryset(self, queryset=None):
        """Every object (or ``queryset``'s) with its links, fetched in a fixed number of
        queries per chunk, in accession number order."""
        queryset = Item.objects.all() if queryset is None else queryset
        # Without whatever the caller's page needed (a change list's thumbnails).
        queryset = queryset.order_by("accession_number", "pk").prefetch_related(None)
        return queryset.prefetch_related(
            Prefetch("creator_links", queryset=Creator.objects.select_related("person")),
            Prefetch("place_links", queryset=ItemPlace.objects.select_related("place")),
            "subjects",
            Prefetch("images", queryset=Image.objects.order_by("position", "pk")),
        )

    def rows(self, queryset=None):
        """The export's rows, streamed: 100,000 objects never sit in memory at once."""
        for item in self.export_queryset(queryset).iterator(chunk_size=CHUNK):
            yield self.export_resource(item)


def export_items(file, *, format: str, queryset=None) -> None:  # noqa: A002 - as write_template
    """Write every object (or ``queryset``'s) to a binary file, as .xlsx or .csv."""
    rows = ItemResource().rows(queryset)
    if format == "xlsx":
        write_xlsx(rows, file, headers=TEMPLATE_NAMES, with_column_help=True)
    elif format == "csv":
        write_csv(rows, file, headers=TEMPLATE_NAMES)
    else:
        raise ValueError(f"Unknown export format {format!r}: use 'xlsx' or 'csv'.")
