"""The collection's background jobs, run by ``manage.py worker`` (see core's command).

The import's own jobs are in collection/spreadsheets/tasks.py.
"""

import logging

from procrastinate.contrib.django import app

from collection.models import Item
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
