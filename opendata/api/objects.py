"""Objects: the published collection, with the browse filters and the search of the site
(collection.filters, collection.search), and each object with its images, people,
places and subjects."""

import functools
from collections import namedtuple
from typing import Literal

import django_filters
from django.db import connection
from django.db.models import F
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router

from collection.date_display import display_date, iso_date
from collection.filters import SearchFilter
from collection.models import CreatorRole, Image, Item, Kind, PlaceRelation
from collection.search import MAX_RESULTS
from opendata.api import listing
from opendata.api.errors import ApiError, Error
from opendata.api.pagination import (
    MAX_ID,
    MAX_LIMIT,
    Key,
    Order,
    PageQuery,
    keyset_page,
    ranked_page,
)
from opendata.api.schemas import ObjectDetail, ObjectPage
from opendata.api.shaping import LANGUAGES, Links, choice_label, language_map, same_in_both

router = Router(tags=["objects"])

MAX_QUERY_LENGTH = 200

# The site's orders (collection.filters.SORTS) but the title's, which is a different
# order in each language; each ends with the primary key.
ORDERS = {
    "number": Order(
        "number", (Key("number", "str", expression=Lower("accession_number")), Key("pk"))
    ),
    "date": Order(
        "date",
        (Key("date_from", "date", nullable=True, expression=F("date_earliest")), Key("pk")),
    ),
    "-date": Order(
        "-date",
        (
            Key("date_to", "date", descending=True, nullable=True, expression=F("date_latest")),
            Key("pk"),
        ),
    ),
}


class ObjectQuery(PageQuery):
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description=(
            "Words to search for, as on the site's search page: accents and case ignored, "
            f'"quoted phrases", -word; best first, at most {MAX_RESULTS} results'
        ),
    )
    kind: Literal[tuple(Kind.values)] | None = None
    person: int | None = Field(None, ge=1, le=MAX_ID, description="A person's id")
    place: int | None = Field(None, ge=1, le=MAX_ID, description="A place's id")
    subject: int | None = Field(None, ge=1, le=MAX_ID, description="A subject's id")
    year_from: int | None = Field(None, ge=1, le=9999, description="Dated in or after")
    year_to: int | None = Field(None, ge=1, le=9999, description="Dated in or before")
    has_image: bool | None = Field(None, description="Only objects with images")
    sort: Literal[tuple(ORDERS)] = Field(
        "number", description="Catalogue number, or date (oldest or newest first); not with q"
    )


class ObjectFilter(SearchFilter):
    """The site's browse filters, as the API takes them: people, places and subjects by
    number (one with no published object finds nothing, as on the site), and without the
    menus the site's form offers, whose counts the API never shows."""

    person = django_filters.NumberFilter(method="filter_person")
    place = django_filters.NumberFilter(method="filter_place")
    subject = django_filters.NumberFilter(field_name="subjects")

    def offer_kinds(self):
        pass

    def offer_menu(self, name):
        pass


FILTERS = ("kind", "person", "place", "subject", "year_from", "year_to", "has_image")
ERRORS = {400: Error, 429: Error}
# The columns a list entry shows: not the descriptions, nor the search document, the
# widest column of all.
SUMMARY_FIELDS = (
    "accession_number",
    "kind",
    "title_vi",
    "title_en",
    "date_text",
    "date_earliest",
    "date_latest",
    "date_is_approximate",
    "updated_at",
)


# What a card's image needs of it (Links.thumbnail).
THUMBNAIL_FIELDS = (
    "item_id",
    "thumbnail",
    "display",
    "thumbnail_width",
    "thumbnail_height",
    "alt_text_vi",
    "alt_text_en",
)


def list_queryset():
    """What the list reads of each published object: the columns of its entry."""
    return Item.objects.published().only(*SUMMARY_FIELDS)


def with_primary_images(items):
    """``items`` with the image each shows first, in one query for all of them: the
    primary one, else the first, as ``primary_image_prefetch()`` picks it for the site's
    cards (tests/opendata/test_api_objects.py compares the two).

    One ``DISTINCT ON`` query rather than that prefetch: its window over each object's
    images, and Django's prefetching around it, cost a list page more than all the rest
    of its work (bench/opendata/api.py)."""
    images = (
        Image.objects.filter(item_id__in=[item.pk for item in items])
        .order_by("item_id", "-is_primary", "position", "pk")
        .distinct("item_id")
        .only(*THUMBNAIL_FIELDS)
    )
    first = {image.item_id: image for image in images} if items else {}
    for item in items:
        item.primary_images = [first[item.pk]] if item.pk in first else []
    return items


def filter_data(params):
    return {
        name: str(value).lower() if isinstance(value, bool) else str(value)
        for name in FILTERS
        if (value := getattr(params, name)) is not None and value is not False
    }


def filtered(params):
    data = filter_data(params)
    if not data:
        # Nothing to filter by: the FilterSet and its form cost a page more than its query.
        return list_queryset()
    filterset = ObjectFilter(data, queryset=list_queryset())
    if filterset.errors:
        raise ApiError(400, "invalid_parameter", str(filterset.errors), list(filterset.errors))
    return filterset.qs


# What a harvester pages through: every object, by number.
DEFAULT_ORDER = "number"
# Stand for a cursor's keys in a query compiled once, found by identity.
_AFTER = (object(), object())
ListedRow = namedtuple("ListedRow", "pk number entry")


@functools.lru_cache(maxsize=2 * (MAX_LIMIT + 1))
def _default_list_query(from_cursor, count):
    """The query of a page of the default list, compiled once per process, start and
    size: Django took longer to build it than PostgreSQL takes to run it."""
    order = ORDERS[DEFAULT_ORDER]
    rows = order.apply(
        list_queryset().annotate(entry=listing.entry_placeholders()).values_list("pk", "entry")
    )
    if from_cursor:
        rows = rows.filter(order.after(list(_AFTER)))
    sql, params = rows[:count].query.sql_with_params()
    # Each column is named after its field; Django orders them its own way.
    return f'SELECT "pk", "number", "entry" FROM ({sql}) AS page ORDER BY 2, 1', params


def default_list_rows(entry_params, after, count):
    """The first ``count`` rows of the default list after the keys ``after`` (None:
    from the first), as keyset_page() reads them; the same rows as the queryset's."""
    sql, params = _default_list_query(after is not None, count)
    values = dict(zip(map(id, listing.PLACEHOLDERS), entry_params, strict=True))
    if after is not None:
        values |= dict(zip(map(id, _AFTER), after, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(sql, [values.get(id(param), param) for param in params])
        return [ListedRow(*row) for row in cursor.fetchall()]


def summary(item, links):
    return {
        "id": item.pk,
        "accession_number": item.accession_number,
        "kind": item.kind,
        "kind_label": choice_label(Kind, item.kind),
        "title": language_map(item, "title"),
        "date": {
            "text": item.date_text,
            "earliest": item.date_earliest,
            "latest": item.date_latest,
            "approximate": item.date_is_approximate,
        },
        "thumbnail": links.thumbnail(item.primary_image),
        "updated_at": item.updated_at,
        "url": links.address("api-v1:object-detail", item.pk),
        "permalink": links.permalink("collection:item-detail", item.pk),
    }


@router.get(
    "/objects",
    response={200: ObjectPage, **ERRORS},
    operation_id="listObjects",
    url_name="object-list",
    summary="Published objects",
)
def list_objects(request, params: Query[ObjectQuery]):
    """Published objects, filtered as the collection browser filters them, in pages.

    Without `q`, in the order of `sort`; with `q`, best first (`sort` does not apply).
    Follow `next` to the following page; there is no total."""
    links = Links(request)
    if params.q is not None and params.q.strip():
        results = filtered(params).search(params.q)
        rows, following = ranked_page(request, links, "objects", results, params)
        return {
            "results": [summary(item, links) for item in with_primary_images(rows)],
            "next": following,
        }
    # Each row's entry comes written by PostgreSQL (opendata.api.listing), as the
    # ObjectPage above describes it; the default list's query is compiled once.
    order, entries, fetch = ORDERS[params.sort], None, None
    if params.sort == DEFAULT_ORDER and not filter_data(params):
        fetch = functools.partial(default_list_rows, listing.entry_params(links))
    else:
        entries = filtered(params).annotate(entry=listing.entry(links))
        entries = entries.values_list("pk", "entry", named=True)
    rows, following = keyset_page(request, links, "objects", entries, order, params, fetch)
    body = listing.page_json([row.entry for row in rows], following, links)
    response = HttpResponse(body, content_type=listing.CONTENT_TYPE)
    if params.cursor:
        # A page after the first is asked for once by whoever pages through the list:
        # kept by the page cache, a harvest would write the whole collection there
        # for nobody, which cost as much as writing the page (as for OAI-PMH's tokens).
        response["Cache-Control"] = "no-store"
    return response


def image_out(image, links):
    return {
        "id": image.pk,
        "is_primary": image.is_primary,
        "caption": language_map(image, "caption"),
        "alt_text": language_map(image, "alt_text"),
        "credit": image.credit,
        "thumbnail": {
            "url": links.absolute(image.thumbnail.url),
            "width": image.thumbnail_width,
            "height": image.thumbnail_height,
        },
        "display": {
            "url": links.absolute(image.display.url),
            "width": image.display_width,
            "height": image.display_height,
        },
    }


def authority_ref(record, links, name):
    names = same_in_both(record.name) if name == "person" else language_map(record, "name")
    return {
        "id": record.pk,
        "name": names,
        "url": links.address(f"api-v1:{name}-detail", record.pk),
    }


def detail(item, links):
    images = list(item.images.all())
    # The card's image, as for_gallery() picks it for lists: the primary, else the first.
    primary = next((image for image in images if image.is_primary), images[0] if images else None)
    item.primary_images = [primary] if primary else []
    data = summary(item, links)
    parsed = item.parsed_date or item.date_text
    data["date"] |= {
        "display": {code: display_date(parsed, code) or None for code in LANGUAGES},
        "iso": iso_date(parsed),
    }
    return data | {
        "description": language_map(item, "description"),
        "creators": [
            {
                "person": authority_ref(link.person, links, "person"),
                "role": link.role,
                "role_label": choice_label(CreatorRole, link.role),
            }
            for link in item.creator_links.all()
        ],
        "places": [
            {
                "place": authority_ref(link.place, links, "place"),
                "relation": link.relation,
                "relation_label": choice_label(PlaceRelation, link.relation),
            }
            for link in item.place_links.all()
        ],
        "subjects": [authority_ref(subject, links, "subject") for subject in item.subjects.all()],
        "medium": item.medium,
        "dimensions": item.dimensions,
        "inscription": item.inscription,
        "credit_line": item.credit_line,
        "rights": item.rights,
        "images": [image_out(image, links) for image in images if image.has_derivatives],
        "iiif_manifest": links.address("iiif-item-manifest", item.pk),
    }


@router.get(
    "/objects/{int:id}",
    response={200: ObjectDetail, 400: Error, 404: Error, 429: Error},
    operation_id="getObject",
    url_name="object-detail",
    summary="A published object",
)
def get_object(request, id: int = Path(..., ge=1, le=MAX_ID)):
    """A published object with its images (web copies only), people, places and subjects.
    A draft is a 404."""
    item = get_object_or_404(Item.objects.published().for_detail(), pk=id)
    return detail(item, Links(request))
