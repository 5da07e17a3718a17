"""The museum's identity as pages read it: from the shared cache, so no page pays a query
for it. Saving the record forgets the cached copy and makes every cached page stale."""

from django.core.cache import cache
from django.db import transaction

from core.cache import invalidate_public_pages

CACHE_KEY = "museum:identity"


def identity():
    """The museum's core.identity.Identity: one query after each change, none after."""
    return cache.get_or_set(CACHE_KEY, _read, timeout=None)


def _read():
    from museum.models import Museum

    return Museum.load().identity()


def forget_identity():
    cache.delete(CACHE_KEY)
    invalidate_public_pages()
    # A page rendered between the save and its commit may have cached the old values.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
