"""HTTP around every answer of the API, wrapped round each of its views (opendata.api.urls):
read-only methods, CORS, and conditional requests.

- GET and HEAD are answered (HEAD as GET: the server leaves the body out); OPTIONS is a
  CORS preflight; any other method is a JSON 405 with ``Allow``.
- Every answer may be read by a page on any site (``Access-Control-Allow-Origin: *``,
  no credentials): the API holds nothing but what the public site shows.
- Every 200 carries an ``ETag`` (a hash of its body) and a ``Last-Modified`` (when the
  public content last changed, or later when a view says so), and becomes a 304 for a
  matching ``If-None-Match`` or a later ``If-Modified-Since``.

These headers are set before the page cache (core.cache) stores the answer, so a cached
answer carries them too. A 304 is never stored: only 200s are.
"""

import functools
import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from core.cache import remember
from opendata.api.errors import method_not_allowed, unknown_address

ALLOW = "GET, HEAD, OPTIONS"
# Headers a script on another site may read, beyond those CORS lets it read anyway.
EXPOSED = "ETag, Retry-After"
PREFLIGHT_SECONDS = 24 * 60 * 60


def with_cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    return response


def preflight():
    response = HttpResponse(status=204)
    response["Allow"] = ALLOW
    response["Access-Control-Allow-Methods"] = ALLOW
    # Any request header: the answers are public and no credentials are allowed.
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
    return response


def content_changed():
    """When the public content last changed, in whole seconds: the first time this was
    asked after the change (core.cache.remember forgets it at each change), so never
    before the change itself. One value for both languages: the bodies are the same."""
    with translation.override(settings.LANGUAGE_CODE):
        return remember("opendata-api:content-changed", lambda: math.ceil(time.time()))


def last_modified(response):
    """When this answer's content last changed: the public content's change, or the
    view's own Last-Modified if that is later."""
    changed = content_changed()
    if header := response.get("Last-Modified"):
        changed = max(changed, parse_http_date_safe(header) or 0)
    return changed


def conditional(request, response):
    """``response`` (a 200 to a GET or HEAD) with its validators, or a 304 instead."""
    if not response.has_header("ETag"):
        set_response_etag(response)
    changed = last_modified(response)
    response["Last-Modified"] = http_date(changed)
    # Caches may keep it, but must ask again (with the validators) before reusing it:
    # an object unpublished is gone at the next request.
    patch_cache_control(response, public=True, no_cache=True)
    if response.get("Content-Type", "").startswith("application/json"):
        # Both languages in every body; the header must not say the first reader's.
        response["Content-Language"] = "vi, en"
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=changed, response=response
    )


def api_view(view):
    """``view`` (a django-ninja view, or its docs) behind the API's HTTP rules."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return with_cors(preflight())
        if request.method not in ("GET", "HEAD"):
            return with_cors(method_not_allowed())
        method = request.method
        # django-ninja routes GET alone; a HEAD is the same answer, without the body.
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = method
        if response.status_code == 200 and not response.streaming:
            response = conditional(request, response)
        return with_cors(response)

    return csrf_exempt(wrapper)


@csrf_exempt
def unknown(request, *args, **kwargs):
    """Any other address under /api/v1/, whatever the method: a JSON 404."""
    return with_cors(unknown_address(request))
