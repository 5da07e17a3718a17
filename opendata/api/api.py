"""The JSON API at /api/v1/: read-only, published content only, in both languages.

One django-ninja ``NinjaAPI``: a router per resource (objects, people/places/subjects,
exhibitions, events), the error answers of opendata.api.errors, the per-client rate of
opendata.api.throttling, the OpenAPI 3 schema at ``openapi.json`` and Swagger UI at
``docs`` (served from django-ninja's own static files: the site's CSP allows no CDN;
the page allows data: images besides, see ``docs_policy``).
The HTTP rules every answer follows (methods, CORS, ETag) are in opendata.api.conditional.
"""

import functools

from csp.constants import HEADER as POLICY_HEADER
from csp.utils import build_policy
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from opendata.api import authorities, events, exhibitions, objects
from opendata.api.errors import Error, install_handlers
from opendata.api.schemas import Index
from opendata.api.shaping import Links
from opendata.api.throttling import ClientRateThrottle

DESCRIPTION = """\
Bộ sưu tập đã công bố của bảo tàng, các triển lãm và sự kiện, bằng tiếng Việt và tiếng Anh.
The museum's published collection, exhibitions and events, in Vietnamese and English.

- **Languages**: texts are language maps, `{"vi": ..., "en": ...}`; a language not
  written is null. Error messages follow `Accept-Language` (Vietnamese by default).
- **Pages**: lists come in pages of `limit` rows (1–100, 20 by default). Follow `next`
  as it is to the next page; it is null on the last. There is no total.
- **Caching**: every answer has an `ETag` and a `Last-Modified`; send them back as
  `If-None-Match` / `If-Modified-Since` to get a `304 Not Modified` when nothing changed.
- **Rate**: too many requests from one address get a `429` with `Retry-After` (seconds).
- **Errors**: `{"error": {"code": ..., "message": ..., "params": [...]}}`.
- **CORS**: any site may read the answers (`Access-Control-Allow-Origin: *`).
"""

# Swagger UI draws its icons as data: images from its stylesheet, which the site's policy
# refuses (images from the site only); its page alone allows them. The header is written by
# the view itself, not by django-csp's csp_update(), which marks the response object for
# the middleware: the page cache keeps a page's headers, not that mark.
DOCS_POLICY = {"img-src": ["data:"]}


def docs_policy(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.get("Content-Type", "").startswith("text/html"):
            response[POLICY_HEADER] = build_policy(update=DOCS_POLICY)
        return response

    return wrapper


class Renderer(JSONRenderer):
    # Vietnamese as written, not as \u escapes: a third smaller, and readable.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Vitrine open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True}),
    docs_decorator=docs_policy,
    renderer=Renderer(),
    throttle=[ClientRateThrottle()],
)
install_handlers(api)
api.add_router("", objects.router)
api.add_router("", authorities.router)
api.add_router("", exhibitions.router)
api.add_router("", events.router)


@api.get(
    "/",
    response={200: Index, 429: Error},
    operation_id="index",
    url_name="index",
    summary="What the API holds",
    tags=["index"],
)
def index(request: HttpRequest):
    """The address of each resource, of this schema and of its documentation."""
    links = Links(request)
    names = {
        "objects": "object-list",
        "people": "person-list",
        "places": "place-list",
        "subjects": "subject-list",
        "exhibitions": "exhibition-list",
        "events": "event-list",
        "openapi": "openapi-json",
        "docs": "openapi-view",
    }
    return {key: links.api(name) for key, name in names.items()}
