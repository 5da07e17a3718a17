"""The API's addresses under /api/v1/: django-ninja's, each behind the API's HTTP rules
(opendata.api.conditional), then a JSON 404 for every other address."""

from django.urls import include, path, re_path

from core.cache import query_parameters
from opendata.api.api import api
from opendata.api.conditional import api_view, unknown
from opendata.api.events import EventQuery
from opendata.api.objects import ObjectQuery
from opendata.api.pagination import PageQuery

# The query parameters each address reads (none where it is not listed): the page cache
# drops any other before the view runs (core.cache), so made-up ones neither reach a
# page's `next` nor make cache entries of their own.
QUERIES = {
    "object-list": ObjectQuery,
    "event-list": EventQuery,
    **dict.fromkeys(["person-list", "place-list", "subject-list", "exhibition-list"], PageQuery),
}


def behind_rules(pattern):
    view = api_view(pattern.callback)
    query = QUERIES.get(pattern.name)
    view = query_parameters(*(query.model_fields if query else ()))(view)
    return path(str(pattern.pattern), view, pattern.default_args, name=pattern.name)


# Not named app_name: include() would read that as this module's namespace.
ninja_patterns, ninja_app, ninja_namespace = api.urls

urlpatterns = [
    path(
        "",
        include(
            ([behind_rules(pattern) for pattern in ninja_patterns], ninja_app),
            namespace=ninja_namespace,
        ),
    ),
    # Any other path, a line break included (which "." would not match).
    re_path(r"^", unknown),
]
