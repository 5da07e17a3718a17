"""A page of ListRecords in oai_dc, merged with the page's deleted records: its
published records as kept whole (opendata.oai.listed, ``listing()``), or, when a kept
row is missing or stale, written row by row from their stored parts (``page()``).

The row way: the generic way (the headers, their sets, then the records of their ids:
three queries, each record written from a header object) cost a harvest twice what this
does (bench/opendata/oai.py). Here PostgreSQL joins each record but its dates (which
collection.dates reads) into two texts, before and after them, with the page's own
parts (the identifiers' prefix, the museum, the kinds' names) as parameters; Python
puts the dates between them, as the bytes PostgreSQL sent: the text is never decoded
and encoded again (a page is most of a megabyte), and a row brings seven values, not
fifteen. Only the page's last datestamp is read back as a moment, for the resumption
token. A record whose stored parts are missing, or of a kind the code does not know,
is written the generic way (records.Shared.record), in the same request.
"""

import datetime
import functools
import json
from dataclasses import dataclass

from django.db import connection
from psycopg.adapt import Loader

from opendata.oai import dates, harvest, listed
from opendata.oai.dc_sql import PARTS, STAMP_FORMAT, escaped, fresh_parts, stored_join
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
from opendata.oai.sets import KIND, exhibition_set_texts, exhibition_sets

COLUMNS = ("pk", "updated_at", "kind", "date_text")
MOMENT_FORMAT = listed.MOMENT_FORMAT
_MOMENT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


@functools.lru_cache(maxsize=64)
def _query(selection, from_position, limit):
    """The page's SQL and its parameters but the page's own parts (``_own_parts()``)."""
    page, params = harvest.page_query(selection, from_position, limit, COLUMNS)
    sets = exhibition_set_texts("link.item_id IN (SELECT pk FROM page)")
    kind_spec = escaped(f"'{KIND}:' || page.kind")
    # Null without the object's stored parts; null without its kind's names.
    before_dates = " || ".join(
        ["%s", *(f"stored.{part}" for part in PARTS[:5]), "%s"]  # the opening, the museum
    )
    after_dates = " || ".join(
        [
            "(%s::jsonb ->> page.kind)",
            "stored.formats",
            "%s",  # the permalink, around the id
            "page.pk::text",
            "%s",
            "stored.accession",
            "stored.places",
            "coalesce(nullif(stored.rights, ''), %s)",  # else the museum's
            "'</oai_dc:dc></metadata></record>'",
        ]
    )
    # Each a CTE of its own: the page's rows are too few for the planner to expect
    # them, which joined the sets by a loop that ran their query once per record.
    sql = (
        f"WITH page AS MATERIALIZED ({page}), shown AS MATERIALIZED ({sets})"
        f" SELECT to_char(page.updated_at AT TIME ZONE 'UTC', '{MOMENT_FORMAT}'), page.pk,"
        " %s || page.pk::text || '</identifier><datestamp>'"
        f" || to_char(page.updated_at AT TIME ZONE 'UTC', '{STAMP_FORMAT}')"
        f" || '</datestamp><setSpec>' || {kind_spec} || '</setSpec>'"
        " || coalesce(shown.text, '') || '</header>',"
        f" {before_dates}, page.date_text, {after_dates}, page.kind"
        f" FROM page {stored_join('page.pk')}"
        " LEFT JOIN shown ON shown.item_id = page.pk"
        " ORDER BY page.updated_at, page.pk"
    )
    return sql, params


def _own_parts(shared, identifier_prefix):
    """The parameters _query() leaves out, in their order."""
    before, after = shared.identifier_parts
    return [
        f"<record><header><identifier>{identifier_prefix}",
        f"<metadata>{OAI_DC_OPENING}",
        shared.publisher,
        _kinds_json(),
        before,
        after,
        shared.museum_rights,
    ]


@functools.cache
def _kinds_json():
    return json.dumps(kind_elements(), ensure_ascii=False)


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


@functools.lru_cache(maxsize=DATES_KEPT)
def _dates(date_text):
    return written_dates(date_text.decode()).encode()


@functools.lru_cache(maxsize=1024)
def _spec(spec):
    return element("setSpec", spec)


@dataclass(frozen=True)
class Listing:
    """A page of ListRecords: its ``records`` as UTF-8 texts (each a record, or several
    joined), ``count`` of them, whether ``more`` follow, and the position of the last,
    (datestamp as MOMENT_FORMAT bytes, id)."""

    records: list
    count: int
    more: bool
    last: tuple


def listing(selection, position, limit, shared, identifier_prefix):
    """The page of ``limit`` records after ``position`` (None: from the start): its
    published records as kept whole (opendata.oai.listed), in one text unless deleted
    records fall among them; written row by row (``page()``) when a kept record is
    stale.

    The deleted records of a harvest are mostly its last (an object is withdrawn after
    it was last changed), so a page is read whole first, and again record by record
    only when one of them falls before its end."""
    with _cursor() as cursor:
        kept = listed.page(cursor, selection, position, limit, shared, identifier_prefix)
        if kept is None:
            deleted, among = deleted_rows(selection, position, limit + 1), True
        else:
            # The first is enough to tell.
            deleted = deleted_rows(selection, position, 1, kept.mark)
            among = bool(deleted) and _among(deleted, kept, limit)
            if among:
                deleted = deleted_rows(selection, position, limit + 1, kept.mark)
            if among and kept.shown:
                kept = listed.page(
                    cursor, selection, position, limit, shared, identifier_prefix, separated=True
                )
    if kept and kept.unwritten:
        dates.write(kept.unwritten)  # for the next harvest
    if kept and not among:
        records = [kept.text] if kept.shown else []
        return Listing(records, kept.shown, kept.found > limit or bool(deleted), kept.last)
    deleted = _deleted(deleted, identifier_prefix)
    if kept is None:
        published = page(selection, position, limit + 1, shared, identifier_prefix)
        published_more = len(published) > limit
    else:
        published, published_more = kept.entries, kept.found > limit
    entries = sorted(published + deleted, key=lambda entry: entry[:2])
    more, entries = published_more or len(entries) > limit, entries[:limit]
    last = entries[-1][:2] if entries else None
    return Listing([entry[2] for entry in entries], len(entries), more, last)


def _among(deleted, kept, limit):
    """Whether the first of the ``deleted`` rows falls among a page's published records,
    or after them on a page they do not fill."""
    pk, _kind, moment = deleted[0]
    return kept.shown < limit or (_moment_text(moment), pk) < kept.last


def page(selection, position, limit, shared, identifier_prefix):
    """The first ``limit`` published records after ``position`` (None: from the start),
    in the list's order: [(datestamp as MOMENT_FORMAT bytes, id, the record as UTF-8)];
    moment_of() reads a datestamp back. listing() merges the deleted records in.
    ``shared`` (records.Shared) holds the page's texts; ``identifier_prefix`` is the
    identifiers' text before the id."""
    sql, params = _query(selection, position is not None, limit)
    with _cursor() as cursor:
        own = _own_parts(shared, identifier_prefix)
        cursor.execute(sql, [*harvest.bound(params, position), *own])
        rows = cursor.fetchall()
    entries = [
        (moment, pk, b"".join((header, before, _dates(date_text), after)))
        if before is not None and after is not None
        else (moment, pk, (header, kind, date_text))
        for moment, pk, header, before, date_text, after, kind in rows
    ]
    if unfinished := [entry[1] for entry in entries if isinstance(entry[2], tuple)]:
        entries = _finished(entries, unfinished, shared)
    return entries


def _finished(entries, pks, shared):
    """``entries`` with the records of ``pks``, left as (header, kind, date), written
    from their parts written afresh."""
    fresh = fresh_parts(pks, CREATOR_ROLES, CONTRIBUTOR_ROLES)
    finished = []
    for moment, pk, record in entries:
        if isinstance(record, tuple):
            header, kind, date_text = record
            dc = shared.record(pk, kind.decode(), date_text.decode(), *fresh[pk])
            record = b"".join((header, b"<metadata>", dc.encode(), b"</metadata></record>"))
        finished.append((moment, pk, record))
    return finished


def _deleted(found, identifier_prefix):
    """The deleted records of deleted_rows() ``found``, as page() gives records."""
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
