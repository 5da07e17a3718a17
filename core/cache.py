"""Anonymous public pages are cached; anything a curator saves makes them stale.

Rather than tracking which pages show which record, every cached page's key carries a
generation number kept in the shared cache. ``invalidate_public_pages()`` moves the
generation on, so every page is rendered afresh on its next request. It is called where
content changes: the admin, the import, the demo loader.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "public-pages:generation"


def public_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def invalidate_public_pages():
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
