"""Every public address and every admin change list, sent hostile parameter values: NUL
bytes, invalid UTF-8, huge numbers, digits that are not ASCII, repeated and array-style
keys, very long values. None may answer with a server error: a bad value is refused
with a 4xx or ignored."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
)
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory

pytestmark = pytest.mark.django_db

# Raw, already percent-encoded, so that bytes the client would refuse to build
# (invalid UTF-8) reach the server as a browser or a script could send them.
HOSTILE_VALUES = [
    "a%00b",
    "%FF%FE",  # not UTF-8
    "%C3",  # a UTF-8 sequence cut short
    "9" * 40,
    "-9" + "9" * 25,
    "1e309",
    "%C2%B2",  # superscript two: str.isdigit() says yes, int() says no
    "%D9%A3",  # Arabic-Indic three
    "-1",
    "a" * 10_000,
    "%0D%0ASet-Cookie:x=1",
    "'%22%3C%3E",
]
# Shapes of the same parameter that forms and PHP-style scripts send.
HOSTILE_SHAPES = ["{name}=1&{name}=2", "{name}[]=1", "{name}"]
# A change list reads a dozen parameters; each gets the values most likely to reach the
# database or int() unchecked.
ADMIN_VALUES = ["a%00b", "%FF%FE", "9" * 40, "%C2%B2", "a" * 2_000, "1e309"]
ADMIN_SHAPES = ["{name}=1&{name}=2"]

# Parameters each public page reads, plus one it does not.
PUBLIC_PARAMETERS = {
    "collection:item-list": [
        "kind",
        "person",
        "place",
        "subject",
        "year_from",
        "year_to",
        "has_image",
        "sort",
        "page",
    ],
    "museum:search": ["q", "page"],
    "exhibitions:exhibition-list": ["page"],
    "events:event-list": ["page"],
    "collection:person-detail": ["page"],
    "collection:place-detail": ["page"],
    "collection:subject-detail": ["page"],
    "sitemap-section": ["p"],
    "oai:endpoint": ["verb", "metadataPrefix", "identifier", "from", "until", "set"],
    "api-v1:object-list": ["q", "kind", "person", "place", "subject", "limit", "cursor"],
    "api-v1:event-list": ["when", "limit", "cursor"],
    "api-v1:person-list": ["limit", "cursor"],
}


@pytest.fixture
def content():
    """One of everything, so that every address has something to show."""
    item = ItemFactory()
    image = ImageFactory(item=item)
    creator = CreatorFactory(item=item)
    place = ItemPlaceFactory(item=item)
    subject = SubjectFactory()
    item.subjects.add(subject)
    exhibition = ExhibitionFactory(hero_image=image, opens_on=datetime.date(2022, 12, 1))
    exhibited = ExhibitionItemFactory(section__exhibition=exhibition, item=item)
    event = EventFactory()
    event.exhibitions.add(exhibition)
    return {
        "item": item,
        "image": image,
        "person": creator.person,
        "place": place.place,
        "subject": subject,
        "exhibition": exhibition,
        "section": exhibited.section,
        "event": event,
    }


def public_pattern_names(patterns=None, namespace=""):
    """Every named URL pattern outside the admin, as "namespace:name"."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)


def public_addresses(content):
    """{pattern name: an address it serves}, in both languages where it has a prefix."""
    media = content["image"].display.url
    item, image = content["item"], content["image"]
    section = content["section"]
    return {
        "museum:home": [reverse("museum:home")],
        "museum:logo": [reverse("museum:logo")],
        "collection:item-list": [reverse("collection:item-list")],
        "collection:item-detail": [content["item"].get_absolute_url()],
        "museum:search": [reverse("museum:search")],
        "collection:person-detail": [content["person"].get_absolute_url()],
        "collection:place-detail": [content["place"].get_absolute_url()],
        "collection:subject-detail": [content["subject"].get_absolute_url()],
        "exhibitions:exhibition-list": [reverse("exhibitions:exhibition-list")],
        "exhibitions:exhibition-detail": [content["exhibition"].get_absolute_url()],
        "exhibitions:section-detail": [section.get_absolute_url()],
        "events:event-list": [reverse("events:event-list")],
        "events:calendar-feed": [reverse("events:calendar-feed")],
        "events:event-ics": [reverse("events:event-ics", args=[content["event"].slug])],
        "events:event-detail": [content["event"].get_absolute_url()],
        "sitemap": ["/sitemap.xml"],
        "sitemap-section": ["/sitemap-objects-vi.xml"],
        "robots-txt": ["/robots.txt"],
        "oai:endpoint": ["/oai/"],
        # The JSON API: each resource's list and one record, its schema and docs, and the
        # JSON 404 of any other address under it.
        "api-v1:api-root": ["/api/v1/"],
        "api-v1:index": ["/api/v1/"],
        "api-v1:openapi-json": ["/api/v1/openapi.json"],
        "api-v1:openapi-view": ["/api/v1/docs"],
        "api-v1:object-list": ["/api/v1/objects"],
        "api-v1:object-detail": [f"/api/v1/objects/{item.pk}"],
        "api-v1:person-list": ["/api/v1/people"],
        "api-v1:person-detail": [f"/api/v1/people/{content['person'].pk}"],
        "api-v1:place-list": ["/api/v1/places"],
        "api-v1:place-detail": [f"/api/v1/places/{content['place'].pk}"],
        "api-v1:subject-list": ["/api/v1/subjects"],
        "api-v1:subject-detail": [f"/api/v1/subjects/{content['subject'].pk}"],
        "api-v1:exhibition-list": ["/api/v1/exhibitions"],
        "api-v1:exhibition-detail": [f"/api/v1/exhibitions/{content['exhibition'].slug}"],
        "api-v1:event-list": ["/api/v1/events"],
        "api-v1:event-detail": [f"/api/v1/events/{content['event'].slug}"],
        "^": ["/api/v1/nothing/here"],
        "set_language": [reverse("set_language")],
        "media": [media],
        # IIIF: the collection, manifests, canvases, and the image service with its tiles.
        "iiif-collection": [reverse("iiif-collection")],
        "iiif-collection-page": [reverse("iiif-collection-page", args=[1])],
        "iiif-item-manifest": [reverse("iiif-item-manifest", args=[item.pk])],
        "iiif-canvas": [reverse("iiif-canvas", args=[item.pk, image.pk])],
        "iiif-exhibition-manifest": [
            reverse("iiif-exhibition-manifest", args=[content["exhibition"].slug])
        ],
        "iiif-image": [reverse("iiif-image", args=[image.pk])],
        "iiif-image-info": [reverse("iiif-image-info", args=[image.pk])],
        "iiif-image-tile": [
            reverse(
                "iiif-image-tile", kwargs={"image_id": image.pk, "name": "full/max/0/default.jpg"}
            )
        ],
    }


def hostile_queries(names, values=HOSTILE_VALUES, shapes=HOSTILE_SHAPES):
    for name in [*names, "x"]:
        for value in values:
            yield f"{name}={value}"
        for shape in shapes:
            yield shape.format(name=name)
    yield "%FF=1"
    yield "&".join(f"{name}=%00" for name in names) or "x=%00"


def get(client, address):
    """GET ``address`` in a savepoint, rolled back after: a request that failed in the
    database would otherwise abort the test's transaction, and every request after it
    would fail too (in production each request has a transaction of its own)."""
    savepoint = transaction.savepoint()
    response = client.generic("GET", address)
    transaction.savepoint_rollback(savepoint)
    transaction.get_connection().needs_rollback = False
    return response


def server_errors(client, addresses_and_names, **hostile):
    client.raise_request_exception = False
    failures = []
    for address, names in addresses_and_names:
        for query in hostile_queries(names, **hostile):
            response = get(client, f"{address}?{query}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} GET {address}?{query[:80]}")
    return failures


def summary(failures, shown=30):
    return "\n".join([*failures[:shown], f"({len(failures)} in all)"])


def test_every_public_address_is_covered(content):
    names = set(public_pattern_names())
    covered = set(public_addresses(content))
    assert names <= covered | {"media"}, names - covered


# One test per address, so that the test processes share them out.
PUBLIC_NAMES = [*PUBLIC_PARAMETERS, "museum:home", "events:calendar-feed", "media"]


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_no_public_address_answers_hostile_parameters_with_a_server_error(client, content, name):
    addresses = [
        (address, PUBLIC_PARAMETERS.get(name, [])) for address in public_addresses(content)[name]
    ]
    failures = server_errors(client, addresses)
    assert not failures, summary(failures)


def test_no_other_public_address_answers_hostile_parameters_with_a_server_error(client, content):
    addresses = [
        (address, [])
        for name, paths in public_addresses(content).items()
        if name not in PUBLIC_NAMES
        for address in paths
    ]
    failures = server_errors(client, addresses)
    assert not failures, summary(failures)


def test_hostile_paths_are_not_server_errors(client, content):
    client.raise_request_exception = False
    item = content["item"].get_absolute_url()
    paths = [
        item.replace(str(content["item"].pk), "9" * 30),
        "/vi/people/%C2%B2/",
        "/vi/search%00/",
        "/vi/exhibitions/%FF/",
        "/vi/events/%00.ics",
        "/media/%00",
        "/media/../../etc/passwd",
        "/media/originals/%FF.jpg",
        "/sitemap-%00.xml",
    ]
    statuses = {path: get(client, path).status_code for path in paths}
    assert {path: status for path, status in statuses.items() if status >= 500} == {}


def admin_list_parameters(model_admin, request):
    """The names a change list reads from its query string: filters, search, ordering,
    pages, the date hierarchy."""
    names = {"q", "o", "p", "_to_field"}
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, (tuple, list)):
            field = list_filter[0]
            names |= {f"{field}__id__exact", f"{field}__exact", f"{field}__isnull"}
        elif isinstance(list_filter, str):
            names |= {f"{list_filter}__exact", f"{list_filter}__isnull", list_filter}
        else:
            names.add(list_filter.parameter_name)
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        names |= {f"{field}__year", f"{field}__month", f"{field}__day"}
    return sorted(names)


ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_no_admin_change_list_answers_hostile_parameters_with_a_server_error(
    client, content, model
):
    user = User.objects.create_superuser("fuzz", "fuzz@example.org", "x" * 20)
    client.force_login(user)
    request = client.get(reverse("admin:index")).wsgi_request
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    names = admin_list_parameters(admin.site._registry[model], request)
    failures = server_errors(
        client, [(changelist, names)], values=ADMIN_VALUES, shapes=ADMIN_SHAPES
    )
    assert not failures, summary(failures)


def test_admin_autocomplete_refuses_hostile_terms_without_a_server_error(client, content):
    user = User.objects.create_superuser("fuzz", "fuzz@example.org", "x" * 20)
    client.force_login(user)
    client.raise_request_exception = False
    base = "/admin/autocomplete/?app_label=exhibitions&model_name=exhibition&field_name=hero_image"
    failures = []
    for value in HOSTILE_VALUES:
        for name in ("term", "page", "app_label", "field_name"):
            response = get(client, f"{base}&{name}={value}")
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {name}={value[:40]}")
    assert not failures, summary(failures)
