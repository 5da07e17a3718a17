"""The collection: objects of every kind in one table, their images, and the authority
records (people, places, subjects) they point to; and the record of imports."""

from collection.models.authority import Authority, Person, Place, Subject
from collection.models.counts import Facet, KindCount, LinkCount
from collection.models.export_job import ExportJob
from collection.models.image import Image, validate_image_file
from collection.models.import_record import ImportAction, ImportedItem, ImportJob, ImportRecord
from collection.models.import_undo import ImportUndo
from collection.models.item import (
    AcquisitionMethod,
    Condition,
    Creator,
    CreatorRole,
    Item,
    ItemPlace,
    ItemQuerySet,
    Kind,
    PlaceRelation,
    normalise_accession_number,
    primary_image_prefetch,
)

__all__ = [
    "AcquisitionMethod",
    "Authority",
    "Condition",
    "Creator",
    "CreatorRole",
    "ExportJob",
    "Facet",
    "Image",
    "ImportAction",
    "ImportJob",
    "ImportRecord",
    "ImportUndo",
    "ImportedItem",
    "Item",
    "ItemPlace",
    "ItemQuerySet",
    "Kind",
    "KindCount",
    "LinkCount",
    "Person",
    "Place",
    "PlaceRelation",
    "Subject",
    "normalise_accession_number",
    "primary_image_prefetch",
    "validate_image_file",
]
