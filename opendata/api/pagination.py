"""Cursor pagination: each page ends where the next begins, by the values of the last
row's ordering keys (a keyset), never by an offset or a count.

Every order ends with the primary key, so no two rows tie and a row is never shown twice
or skipped, whatever is added or removed between two pages. Each page costs one indexed
query, as cheap at the millionth row as at the first; there is no total (a COUNT over
the whole collection on every page is what this avoids).

The cursor is the order's name and the last row's keys, signed with the site's secret
key (django.core.signing): opaque to clients, and anything altered or made up is a 400,
never a query. A search's pages (best first, up to collection.search.MAX_RESULTS) are
positions in its ranked list instead.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import BooleanField, F, Func, Q, Value
from ninja import Field, Schema

from opendata.api.errors import invalid_cursor

DEFAULT_LIMIT = 20
# A harvester of the whole collection asks for the largest page: the larger, the less
# each object costs (bench/opendata/api.py; about 40 ms a page of a thousand here).
MAX_LIMIT = 1000
MAX_CURSOR_LENGTH = 500
# The largest primary key PostgreSQL's bigint holds: larger numbers are refused as
# parameters (a 400), not sent to the database (an error there).
MAX_ID = 2**63 - 1
SEARCH = "search"


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page")
    cursor: str | None = Field(
        None,
        max_length=MAX_CURSOR_LENGTH,
        description="Where a page starts: only as given in a page's `next` address",
    )


_PARSERS = {
    "str": str,
    "int": int,
    "date": datetime.date.fromisoformat,
    "datetime": datetime.datetime.fromisoformat,
}


@dataclass(frozen=True)
class Key:
    """One ordering key: a field, or an ``expression`` annotated as ``name``."""

    name: str
    type: str = "int"  # how the cursor keeps the value: a key of _PARSERS
    descending: bool = False
    nullable: bool = False  # nulls come last, whatever the direction
    expression: Any = None

    def ordering(self):
        field = F(self.name)
        if self.descending:
            return field.desc(nulls_last=True) if self.nullable else field.desc()
        return field.asc(nulls_last=True) if self.nullable else field.asc()

    def beyond(self, value):
        """Rows whose key comes after ``value``."""
        if value is None:
            return Q(pk__in=[])  # nothing comes after the last null
        condition = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return condition | Q(**{f"{self.name}__isnull": True}) if self.nullable else condition

    def equal(self, value):
        if value is None:
            return Q(**{f"{self.name}__isnull": True})
        return Q(**{self.name: value})

    def dump(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    def load(self, value):
        if value is None and self.nullable:
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ValueError(value)
        parsed = _PARSERS[self.type](value)
        if self.type == "datetime" and parsed.tzinfo is None:
            raise ValueError(value)
        return parsed


@dataclass(frozen=True)
class Order:
    """A full ordering of a resource's rows, named in its cursors."""

    name: str
    keys: tuple[Key, ...]

    def apply(self, queryset):
        annotations = {key.name: key.expression for key in self.keys if key.expression is not None}
        return queryset.annotate(**annotations).order_by(*(key.ordering() for key in self.keys))

    def after(self, values):
        """The rows after the one whose keys are ``values``.

        Keys of one direction and no nulls compare as one row value, ``(a, b) > (x, y)``,
        which PostgreSQL reads from an index on the keys; others as the equivalent
        expansion: a beyond x, or a equal x and b beyond y.
        """
        keys = self.keys
        uniform = len({key.descending for key in keys}) == 1
        if uniform and not any(key.nullable for key in keys):
            return Func(
                Func(*(F(key.name) for key in keys), template="ROW(%(expressions)s)"),
                Func(*(Value(value) for value in values), template="ROW(%(expressions)s)"),
                arg_joiner=" < " if keys[0].descending else " > ",
                template="%(expressions)s",
                output_field=BooleanField(),
            )
        condition, equal_so_far = Q(pk__in=[]), Q()
        for key, value in zip(keys, values, strict=True):
            condition |= equal_so_far & key.beyond(value)
            equal_so_far &= key.equal(value)
        return condition

    def values_of(self, row):
        return [getattr(row, "pk" if key.name == "pk" else key.name) for key in self.keys]


def encode(resource, order_name, values):
    return signing.dumps([order_name, values], salt=f"opendata.api.cursor:{resource}")


def decode(resource, token):
    """The (order name, values) a cursor of ``resource`` holds; ApiError 400 otherwise."""
    try:
        order_name, values = signing.loads(token, salt=f"opendata.api.cursor:{resource}")
    except (signing.BadSignature, ValueError, TypeError):
        raise invalid_cursor() from None
    if not isinstance(order_name, str) or not isinstance(values, list):
        raise invalid_cursor()
    return order_name, values


def next_address(request, links, cursor):
    query = request.GET.copy()
    query["cursor"] = cursor
    return links.absolute(f"{request.path}?{query.urlencode()}")


def cursor_values(resource, order, cursor):
    """The keys of the row a page of ``order`` starts after; ApiError 400 for a cursor
    of another resource or order, or one whose values are not the keys'."""
    order_name, values = decode(resource, cursor)
    if order_name != order.name or len(values) != len(order.keys):
        raise invalid_cursor()
    try:
        return [key.load(value) for key, value in zip(order.keys, values, strict=True)]
    except (ValueError, TypeError, OverflowError):
        raise invalid_cursor() from None


def keyset_page(request, links, resource, queryset, order, params, fetch=None):
    """One page of ``queryset`` in ``order``: (rows, the next page's address or None).

    ``fetch(values, count)``, if given, reads the first ``count`` rows after the keys
    ``values`` (None: from the first) in its own way, ``queryset`` unused."""
    values = cursor_values(resource, order, params.cursor) if params.cursor else None
    if fetch is not None:
        rows = fetch(values, params.limit + 1)
    else:
        queryset = order.apply(queryset)
        if values is not None:
            queryset = queryset.filter(order.after(values))
        rows = list(queryset[: params.limit + 1])
    if len(rows) <= params.limit:
        return rows, None
    rows = rows[: params.limit]
    values = [
        key.dump(value) for key, value in zip(order.keys, order.values_of(rows[-1]), strict=True)
    ]
    return rows, next_address(request, links, encode(resource, order.name, values))


def ranked_page(request, links, resource, results, params):
    """One page of search results (collection.search.RankedResults), best first."""
    start = 0
    if params.cursor:
        order_name, values = decode(resource, params.cursor)
        if order_name != SEARCH or len(values) != 1 or not isinstance(values[0], int):
            raise invalid_cursor()
        start = values[0]
        if start < 0:
            raise invalid_cursor()
    rows = results[start : start + params.limit + 1]
    if len(rows) <= params.limit:
        return rows, None
    following = encode(resource, SEARCH, [start + params.limit])
    return rows[: params.limit], next_address(request, links, following)
