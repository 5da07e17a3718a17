"""The collection's background jobs, run by ``manage.py worker`` (see core's command):
rebuilding the search documents, and the derivatives of very large images.

The import's own jobs are in collection/spreadsheets/tasks.py.
"""

import logging

from procrastinate.contrib.django import app

from collection.images import make_derivatives
from collection.models import Image, Item
from collection.search import update_search_documents
from core.cache import invalidate_public_pages

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
    invalidate_public_pages()
