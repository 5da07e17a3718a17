"""Anonymous public pages are cached; a change makes stale only the pages that show it.

Each cached page keeps the *dependency keys* it was rendered from, with their versions:
``collection.item:42`` for the object it shows, ``collection.person:7`` for a person
named on it, ``collection.item`` for any list of objects. Views and template tags name
them while the page renders (``depends_on()``); a change moves on the versions of the
changed records' keys (``invalidate()``), and a cached page whose keys have moved on is
rendered afresh. So saving one object leaves every unrelated page cached.

A page that names no key depends on everything: any change renews it. Above all that,
``invalidate_public_pages()`` renews every page at once, for the big changes (an import,
its undo, the demo, the museum's own name).

Which records a change also touches is the model's to say: a model may define
``also_invalidates(objects)``, a classmethod returning more keys (an object's people,
whose pages list it; an image's object). An app whose pages show another app's records
says so with ``register_dependents()`` (exhibitions: the sections showing an object).
"""

import contextvars
import hashlib
import itertools
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import models
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

GENERATION_KEY = "public-pages:generation"
# Bumped by every change: the key of pages that name no key of their own.
ANYTHING = "anything"
# More records than this in one change renew every page rather than look up each one's
# related records.
MAX_TRACKED_CHANGES = 500

_page_keys = contextvars.ContextVar("public_page_keys", default=None)
# model -> functions of a list of its changed instances, returning more keys.
_dependents = {}


def register_dependents(model, function):
    """``function(objects)`` names, for changed ``objects`` of ``model``, the records of
    the calling app whose pages show them."""
    _dependents.setdefault(model, []).append(function)


def dependency_key(thing, pk=None):
    """The key of a record (a model instance, or a model and a primary key) or, for a
    model alone, of every list of its records."""
    if isinstance(thing, str):
        return thing
    model = thing if isinstance(thing, type) else type(thing)
    label = model._meta.label_lower
    if pk is None and isinstance(thing, models.Model):
        pk = thing.pk
    return label if pk is None else f"{label}:{pk}"


def depends_on(*things):
    """Say that the page being rendered shows these records (instances) or lists of
    them (models). Outside a cached page's rendering it does nothing."""
    keys = _page_keys.get()
    if keys is not None:
        keys.update(dependency_key(thing) for thing in things if thing is not None)


def _version_key(key):
    return f"public-pages:version:{key}"


def _versions(keys):
    """The current versions of ``keys``, giving a version to those that have none yet."""
    stored = cache.get_many([_version_key(key) for key in keys])
    versions = {key: stored.get(_version_key(key)) for key in keys}
    if missing := [key for key, version in versions.items() if version is None]:
        fresh = time.time_ns()
        for key in missing:
            # add(): a version another process has just set is kept, not overwritten.
            cache.add(_version_key(key), fresh, timeout=None)
        stored = cache.get_many([_version_key(key) for key in missing])
        versions.update({key: stored.get(_version_key(key), fresh) for key in missing})
    return versions


def public_generation():
    return _versions([GENERATION_KEY])[GENERATION_KEY]


def invalidate_public_pages():
    """Renew every public page and remembered value."""
    cache.set(_version_key(GENERATION_KEY), time.time_ns(), timeout=None)


def keys_for(objects):
    """The dependency keys a change to ``objects`` makes stale: theirs, their models'
    lists, those their models name (``also_invalidates``), and ``ANYTHING``. None when
    there are too many objects to look each one up: then every page is stale."""
    objects = [obj for obj in objects if obj is not None]
    if len(objects) > MAX_TRACKED_CHANGES:
        return None
    keys = {ANYTHING}
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    for model, instances in by_model.items():
        keys.add(dependency_key(model))
        keys.update(dependency_key(obj) for obj in instances if obj.pk is not None)
        functions = _dependents.get(model, [])
        if hasattr(model, "also_invalidates"):
            functions = [model.also_invalidates, *functions]
        for function in functions:
            keys.update(dependency_key(key) for key in function(instances))
    return keys


def invalidate_keys(keys):
    """Renew the pages that depend on any of ``keys`` (every page for None)."""
    if keys is None:
        invalidate_public_pages()
    elif keys:
        version = time.time_ns()
        cache.set_many({_version_key(key): version for key in keys}, timeout=None)


def invalidate(objects):
    """Renew the pages that show ``objects`` (changed or added) and the lists of their
    models. For a deletion, take ``keys_for()`` before and ``invalidate_keys()`` after."""
    invalidate_keys(keys_for(objects))


def remember(name, compute, depends=(ANYTHING,)):
    """``compute()``'s value, kept until one of ``depends`` (dependency keys, models or
    records) next changes: for figures every page shows (counts, filter choices) that
    would otherwise scan the collection on each uncached request.

    Kept once per language: such values hold names and labels in the language they
    were computed in, and the next visitor may read the other one.
    """
    keys = [GENERATION_KEY, *sorted({dependency_key(thing) for thing in depends})]
    versions = _versions(keys)
    stamp = hashlib.sha256(repr([versions[key] for key in keys]).encode()).hexdigest()[:16]
    return cache.get_or_set(f"public-value:{get_language()}:{name}:{stamp}", compute)


def query_parameters(*names):
    """Declare, on a view, the query parameters it reads. The page cache drops any other
    before the view runs, so made-up parameters neither reach the page (nor its links)
    nor make new cache entries."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def declared_parameters(path):
    """The query parameters the view at ``path`` reads, or None when it does not say."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "view_class", match.func)
    return getattr(view, "query_parameters", None)


# Never cached: the curators' side, the probes, files, and the language-setting view.
UNCACHED_PREFIXES = ("/admin/", "/healthz", "/i18n/", "/static/", "/media/")


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' GET and HEAD requests from the shared cache.

    The key is the host and the path (with its /vi/ or /en/ prefix) and the query
    parameters the view reads, in a fixed order. Only a signed-in user's request is
    neither served from nor stored in the cache: a session cookie that names no
    signed-in session (made up, or left from a signed-out one) changes nothing. Neither
    is any response that is not a plain 200 or that sets a cookie (a page with a CSRF
    form).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_store = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        self.keep_declared_parameters(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None and self.is_fresh(cached):
            return self.answer_conditionally(request, self.rebuild(cached))
        keys = set()
        token = _page_keys.set(keys)
        try:
            response = self.get_response(request)
        finally:
            _page_keys.reset(token)
        if self.is_cacheable_response(request, response):
            cache.set(key, self.freeze(response, keys or {ANYTHING}))
        return response

    def is_cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(UNCACHED_PREFIXES)
            and not self.is_signed_in(request)
        )

    def is_signed_in(self, request):
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return False
        # One lookup of the session (a cache or database read): a made-up key finds none.
        return self.session_store(session_key).get(SESSION_KEY) is not None

    def keep_declared_parameters(self, request):
        if not request.META.get("QUERY_STRING"):
            return
        names = declared_parameters(request.path_info)
        if names is None:
            return
        kept = QueryDict(mutable=True)
        for name in sorted(names & set(request.GET)):
            kept.setlist(name, request.GET.getlist(name))
        request.META["QUERY_STRING"] = kept.urlencode()
        request.GET = QueryDict(request.META["QUERY_STRING"])

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
        return f"public-page:{digest}"

    def freeze(self, response, keys):
        versions = _versions([GENERATION_KEY, *keys])
        return (response.content, list(response.items()), versions)

    def is_fresh(self, cached):
        versions = cached[2]
        current = cache.get_many([_version_key(key) for key in versions])
        return all(current.get(_version_key(key)) == version for key, version in versions.items())

    def answer_conditionally(self, request, response):
        """A 304 to a client that already has this version (``If-None-Match`` or
        ``If-Modified-Since``), as the view itself would have answered."""
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )

    def rebuild(self, cached):
        content, headers, _versions = cached
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
