"""The list a harvest walks: the published objects and the deleted records, in the order
of their datestamps, then of their ids, a page at a time from a position.

A published object's datestamp is its ``updated_at`` (every change of the object sets
it, including publishing); a deleted record's is the moment it was withdrawn
(opendata.oai.deleted). Each page reads the two lists from the position on and merges
them, a query each, whatever the page's size.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from collection.models import Item
from opendata.oai.arguments import Window
from opendata.oai.deleted import deleted_count, deleted_row, deleted_rows, earliest_deletion
from opendata.oai.sets import KIND, exhibition_sets


@dataclass
class Header:
    pk: int
    datestamp: datetime.datetime
    kind: str
    is_deleted: bool = False
    sets: list = field(default_factory=list)

    @property
    def position(self):
        return (self.datestamp, self.pk)


@dataclass(frozen=True)
class Selection:
    """What a harvest asks for: a window of datestamps and a set's Membership (None
    for every object)."""

    window: Window = Window()
    membership: object = None


def published(selection):
    """The published objects ``selection`` holds, ordered as the list is."""
    items = Item.objects.published()
    window, membership = selection.window, selection.membership
    if window.start:
        items = items.filter(updated_at__gte=window.start)
    if window.end:
        items = items.filter(updated_at__lt=window.end)
    if membership and membership.kind:
        items = items.filter(kind=membership.kind)
    if membership and membership.in_exhibition:
        items = items.filter(pk__in=membership.exhibition_items())
    return items.order_by("updated_at", "pk")


def after(position):
    """Objects after ``position`` in the list, as a row comparison: the index on
    (updated_at, id) of published objects (opendata's migration) starts right there,
    even when thousands of objects share one datestamp (an import)."""
    table = Item._meta.db_table
    return RawSQL(
        f'("{table}"."updated_at", "{table}"."id") > (%s, %s)',
        position,
        output_field=BooleanField(),
    )


# Stand for a position's datestamp and id in a compiled page query, found by identity.
_MOMENT, _PK = object(), object()


@functools.lru_cache(maxsize=64)
def page_query(selection, from_position, limit, columns=("pk", "updated_at", "kind")):
    """The first ``limit`` objects of the list (after a position, if ``from_position``),
    their ``columns`` by name, in the list's order: compiled once per selection, start
    and size, as Django took longer to build it than PostgreSQL takes to run it, on every
    page of a harvest. ``bound()`` gives its parameters for a position."""
    items = published(selection)
    if from_position:
        items = items.filter(after((_MOMENT, _PK)))
    sql, params = items.values_list(*columns)[:limit].query.sql_with_params()
    # Each column is named after its field; Django orders them its own way.
    named = ", ".join(f'"{column}"' for column in columns)
    return (
        f'SELECT {named} FROM ({sql}) AS page ORDER BY "updated_at", "pk"',
        params,
    )


def bound(params, position):
    """A page query's parameters, for the list from ``position`` on (None: the start)."""
    if position is None:
        return params
    moment, pk = position
    return [moment if p is _MOMENT else pk if p is _PK else p for p in params]


def page(selection, position, limit):
    """The first ``limit`` headers after ``position`` (None: from the start)."""
    sql, params = page_query(selection, position is not None, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, bound(params, position))
        headers = [Header(pk, datestamp, kind) for pk, datestamp, kind in cursor.fetchall()]
    headers += [
        Header(pk, datestamp, kind, is_deleted=True)
        for pk, kind, datestamp in deleted_rows(selection, position, limit)
    ]
    headers.sort(key=lambda header: header.position)
    return headers[:limit]


def count(selection):
    """How many records ``selection`` holds now: the list's completeListSize."""
    return published(selection).count() + deleted_count(selection)


def header(pk):
    """The header of object ``pk``, published or deleted; None when visitors have never
    been shown it (a draft never published, or no such object)."""
    found = Item.objects.published().filter(pk=pk).values_list("pk", "updated_at", "kind")
    for pk, datestamp, kind in found:
        return Header(pk, datestamp, kind)
    if row := deleted_row(pk):
        pk, kind, datestamp = row
        return Header(pk, datestamp, kind, is_deleted=True)
    return None


def earliest_datestamp():
    """The earliest datestamp of any record, now when there are none yet."""
    first = published(Selection()).values_list("updated_at", flat=True).first()
    moments = [moment for moment in (first, earliest_deletion()) if moment]
    return min(moments) if moments else datetime.datetime.now(datetime.UTC)


def add_sets(headers):
    """Fill each header's setSpecs: its kind, and the published exhibitions showing it
    (one query for all of them)."""
    shown = exhibition_sets([header.pk for header in headers])
    for header in headers:
        header.sets = [f"{KIND}:{header.kind}", *shown.get(header.pk, [])]
    return headers
