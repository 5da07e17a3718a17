"""The collection's background jobs, run by ``manage.py worker`` (see core's command):
rebuilding the search documents, the derivatives of very large images, and undoing an
import (collection.undo).

The import's own jobs are in collection/spreadsheets/tasks.py.
"""

import logging

from procrastinate.contrib.django import app

from collection import undo as undoing
from collection.images import make_derivatives
from collection.models import Image, ImportUndo, Item
from collection.search import update_search_documents
from core.cache import invalidate, invalidate_public_pages

logger = logging.getLogger(__name__)


# One rebuild at a time: asking again while one is queued adds nothing.
@app.task(name="collection.refresh_search", queue="default", queueing_lock="refresh_search")
def refresh_search():
    """Rebuild every object's search document; return how many."""
    count = update_search_documents(Item.objects.all())
    invalidate_public_pages()
    logger.info("Rebuilt the search documents of %s objects", count)
    return count


@app.task(name="collection.make_image_derivatives", queue="default")
def make_image_derivatives(image_id):
    """The thumbnail and display image of an upload too large to process in a request."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.has_derivatives:
        return
    with image.original.open("rb") as original:
        derivatives = make_derivatives(original)
    written = image.store_derivatives(derivatives)
    fields = ["thumbnail", "display", "thumbnail_width", "thumbnail_height"]
    fields += ["display_width", "display_height"]
    try:
        Image.objects.filter(pk=image.pk).update(**{name: getattr(image, name) for name in fields})
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise
    invalidate([image])


def enqueue_undo(undo):
    undo_import.configure(queueing_lock=f"undo-{undo.record_id}").defer(undo_id=undo.pk)


@app.task(name="collection.undo_import", queue="imports")
def undo_import(undo_id):
    """Run a requested undo of an import (collection.undo), once."""
    State = ImportUndo.State
    if not ImportUndo.objects.filter(pk=undo_id, state=State.QUEUED).update(state=State.RUNNING):
        return
    undo = ImportUndo.objects.select_related("record", "reverses", "user").get(pk=undo_id)
    try:
        undoing.run_undo(undo)
    except Exception as error:
        logger.exception("Undo %s of import %s failed", undo.pk, undo.record_id)
        ImportUndo.objects.filter(pk=undo.pk).update(state=State.FAILED, error=str(error))
