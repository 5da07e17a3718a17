"""Anonymous public pages are cached; anything a curator saves makes them stale.

Rather than tracking which pages show which record, every cached page's key carries a
generation number kept in the shared cache. ``invalidate_public_pages()`` moves the
generation on, so every page is rendered afresh on its next request. It is called where
content changes: the admin, the import, the demo loader.
"""

import hashlib
import itertools
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.utils.translation import get_language

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


def remember(name, compute):
    """``compute()``'s value, kept until the public content next changes: for figures
    every page shows (counts, filter choices) that would otherwise scan the collection
    on each uncached request.

    Kept once per language: such values hold names and labels in the language they
    were computed in, and the next visitor may read the other one.
    """
    key = f"public-value:{public_generation()}:{get_language()}:{name}"
    return cache.get_or_set(key, compute)


# Never cached: the curators' side, the probes, files, and the language-setting view.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/i18n/", "/static/", "/media/")


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' GET and HEAD requests from the shared cache.

    The key is the generation, the host and the full path (with its /vi/ or /en/ prefix
    and query string). A request with a session cookie (a signed-in curator, possibly
    previewing a draft) is neither served from nor stored in the cache, and neither is
    any response that is not a plain 200 or that sets a cookie (a page with a CSRF form).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None:
            return self.rebuild(cached)
        response = self.get_response(request)
        if self.is_cacheable_response(request, response):
            cache.set(key, self.freeze(response))
        return response

    def is_cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    def is_cacheable_response(self, request, response):
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not (user is not None and user.is_authenticated)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def key(self, request):
        location = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(location.encode()).hexdigest()
        return f"public-page:{public_generation()}:{digest}"

    def freeze(self, response):
        return (response.content, list(response.items()))

    def rebuild(self, cached):
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response


class FolderCache(FileBasedCache):
    """Django's file cache, shared by every worker, that looks at its folder's size on one
    write in ``cull_every`` rather than on each.

    Django's lists the whole folder on every write to decide whether to cull. A site with
    100,000 objects keeps ``MAX_ENTRIES`` (20,000) pages there, and listing them cost more
    than rendering the page: an uncached search took 55 ms instead of 22 ms. The folder can
    now outgrow ``MAX_ENTRIES`` by at most ``cull_every`` writes per worker thread.
    """

    cull_every = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes = itertools.count()

    def _cull(self):
        # The first write culls too, so a full folder left by a previous run is seen at once.
        if next(self._writes) % self.cull_every == 0:
            super()._cull()
