"""A page of ListRecords in oai_dc, its published records in one query: their headers'
datestamps written by PostgreSQL, their exhibitions' sets, their stored parts
(opendata.oai.stored), merged with the page's deleted records.

The generic way (the headers, their sets, then the records of their ids: three queries,
each record written from a header object) cost a harvest twice what this does
(bench/opendata/oai.py). Here each record is joined from its row as the bytes
PostgreSQL sent: the text is never decoded and encoded again (a page is most of a
megabyte), and only the page's last datestamp is read back as a moment, for the
resumption token.
"""

import datetime
import functools

from django.db import connection
from psycopg.adapt import Loader

from opendata.oai import harvest
from opendata.oai.dc_sql import PART_COLUMNS, completed, escaped, stored_join
from opendata.oai.deleted import deleted_rows
from opendata.oai.markup import datestamp, element
from opendata.oai.records import (
    CONTRIBUTOR_ROLES,
    CREATOR_ROLES,
    DATES_KEPT,
    OAI_DC_OPENING,
    kind_elements,
    written_dates,
)
from opendata.oai.sets import KIND, exhibition_set_elements, exhibition_sets

COLUMNS = ("pk", "updated_at", "kind", "date_text")
STAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS"Z"'  # markup.datestamp()'s
# The datestamp to the microsecond in UTC, as text: sorts as the moments do.
MOMENT_FORMAT = "YYYY-MM-DD HH24:MI:SS.US"
_MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


@functools.lru_cache(maxsize=64)
def _query(selection, from_position, limit):
    page, params = harvest.page_query(selection, from_position, limit, COLUMNS)
    sets, set_params = exhibition_set_elements("SELECT pk FROM page")
    kind_spec = escaped(f"'{KIND}:' || page.kind")
    # Each a CTE of its own: the page's rows are too few for the planner to expect
    # them, which joined the sets by a loop that ran their query once per record.
    sql = (
        f"WITH page AS MATERIALIZED ({page}), shown AS MATERIALIZED ({sets})"
        f" SELECT to_char(page.updated_at AT TIME ZONE 'UTC', '{MOMENT_FORMAT}'), page.pk::text,"
        f" to_char(page.updated_at AT TIME ZONE 'UTC', '{STAMP_FORMAT}'),"
        f" '<setSpec>' || {kind_spec} || '</setSpec>'"
        f" || coalesce(shown.sets, ''), page.pk, {PART_COLUMNS}"
        f" FROM page {stored_join('page.pk')}"
        " LEFT JOIN shown ON shown.item_id = page.pk"
        " ORDER BY page.updated_at, page.pk"
    )
    return sql, [*params, *set_params]


class _Bytes(Loader):
    """Text as the UTF-8 bytes PostgreSQL sent."""

    def load(self, data):
        return bytes(data)


def _cursor():
    """A cursor of Django's connection that reads text as bytes."""
    cursor = connection.cursor()
    for name in ("text", "varchar"):
        cursor.cursor.adapters.register_loader(name, _Bytes)
    return cursor


@functools.cache
def _encoded_kinds():
    return {kind.encode(): text.encode() for kind, text in kind_elements().items()}


class _Encoded:
    """records.Shared's texts as bytes."""

    def __init__(self, shared, identifier_prefix):
        self.publisher = shared.publisher.encode()
        self.museum_rights = shared.museum_rights.encode()
        self.kinds = _encoded_kinds()
        self.permalink = tuple(part.encode() for part in shared.identifier_parts)
        self.identifier = f"<record><header><identifier>{identifier_prefix}".encode()

    def kind(self, kind):
        return self.kinds.get(kind) or element("dc:type", kind.decode()).encode()


@functools.lru_cache(maxsize=DATES_KEPT)
def _dates(date_text):
    return written_dates(date_text.decode()).encode()


@functools.lru_cache(maxsize=1024)
def _spec(spec):
    return element("setSpec", spec)


_OPENING = f"<metadata>{OAI_DC_OPENING}".encode()


def page(selection, position, limit, shared, identifier_prefix):
    """The first ``limit`` records after ``position`` (None: from the start), published
    and deleted, in the list's order: [(datestamp as MOMENT_FORMAT bytes, id, the
    record as UTF-8)]; moment_of() reads a datestamp back.
    ``shared`` (records.Shared) holds the page's texts; ``identifier_prefix`` is the
    identifiers' text before the id."""
    sql, params = _query(selection, position is not None, limit)
    with _cursor() as cursor:
        cursor.execute(sql, harvest.bound(params, position))
        rows = cursor.fetchall()
    encoded = _Encoded(shared, identifier_prefix)
    before, after = encoded.permalink
    entries = []
    for moment, pk_text, stamp, sets, pk, kind, date_text, *parts in completed(
        rows, 4, CREATOR_ROLES, CONTRIBUTOR_ROLES, encoded=True
    ):
        (titles, creators, contributors, subjects, descriptions) = parts[:5]
        (formats, accession, places, rights) = parts[5:]
        record = b"".join(
            (
                encoded.identifier,
                pk_text,
                b"</identifier><datestamp>",
                stamp,
                b"</datestamp>",
                sets,
                b"</header>",
                _OPENING,
                titles,
                creators,
                contributors,
                subjects,
                descriptions,
                encoded.publisher,
                _dates(date_text),
                encoded.kind(kind),
                formats,
                before,
                pk_text,
                after,
                accession,
                places,
                rights or encoded.museum_rights,
                b"</oai_dc:dc></metadata></record>",
            )
        )
        entries.append((moment, pk, record))
    if deleted := _deleted(selection, position, limit, identifier_prefix):
        entries = sorted(entries + deleted, key=lambda entry: entry[:2])[:limit]
    return entries


def _deleted(selection, position, limit, identifier_prefix):
    """The deleted records after ``position``, as page() gives records."""
    found = deleted_rows(selection, position, limit)
    if not found:
        return []
    shown = exhibition_sets([pk for pk, _kind, _moment in found])
    entries = []
    for pk, kind, moment in found:
        sets = _spec(f"{KIND}:{kind}") + "".join(_spec(spec) for spec in shown.get(pk, []))
        header = (
            f'<record><header status="deleted"><identifier>{identifier_prefix}{pk}'
            f"</identifier><datestamp>{datestamp(moment)}</datestamp>{sets}</header></record>"
        )
        entries.append((_moment_text(moment), pk, header.encode()))
    return entries


def _moment_text(moment):
    return moment.astimezone(datetime.UTC).strftime(_MOMENT_FORMAT).encode()


def moment_of(text):
    """The moment of an entry's datestamp."""
    moment = datetime.datetime.strptime(text.decode(), _MOMENT_FORMAT)
    return moment.replace(tzinfo=datetime.UTC)
