"""What the collection's history keeps (core.history): objects without their search
documents, images (their metadata: the files themselves are not kept), people, places
and subjects, the links between objects and them, and which objects each import
touched, so that undoing an import and undoing that undo put everything back."""

import contextlib
from dataclasses import dataclass

import pghistory

from collection.models import (
    Creator,
    Image,
    ImportedItem,
    Item,
    ItemPlace,
    Person,
    Place,
    Subject,
)
from core.history.context import add_to_context
from core.history.versions import track

track(Item, exclude=["search_document"])
track(Image, owner="item", restored_with_owner=False)
track(Person)
track(Place)
track(Subject)
track(Creator, owner="item")
track(ItemPlace, owner="item")
track(Item.subjects.through, owner="item", model_name="ItemSubjectVersion")
track(ImportedItem, owner="item", restored_with_owner=False)

# What an import writes, in the order an undo can reason about: objects, then the rows
# that belong to them, then the authority records they link to.
IMPORTED_MODELS = (
    Item,
    Image,
    Creator,
    ItemPlace,
    Item.subjects.through,
    ImportedItem,
    Person,
    Place,
    Subject,
)


@dataclass
class ImportHistory:
    """The history context of one import (``import_history``)."""

    context: object

    def recording(self, write):
        """``write``, which returns the import record, then that record's id on every
        history row the import wrote: undo_import finds them by it."""

        def recorded(*args, **kwargs):
            record = write(*args, **kwargs)
            add_to_context(self.context, import_record=record.pk)
            return record

        return recorded


@contextlib.contextmanager
def import_history(*, user, job):
    """Enter the context of an import's history rows, inside its transaction. Its row
    is written at once, and the transaction's settings with it, so that the COPY
    statements, which Django does not see, are under it from the first."""
    with pghistory.context() as context:
        add_to_context(context, user=user and user.pk, import_job=job and str(job.pk))
        yield ImportHistory(context)
