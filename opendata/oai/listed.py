"""A page of ListRecords in oai_dc read from records kept whole: each object's record,
header included, is a generated column of its stored row (opendata.models.DcRecord,
migration 0003), which a page reads a row a record, in the list's order.

Joining each record of a page from its parts in the page's query (dc_listing's row
path) cost PostgreSQL about 10 µs a record, and psycopg and Python as much again to
carry the parts; kept whole, a page of 1,000 records is read in a few milliseconds
(bench/opendata/oai.py).

What a record cannot keep is the request's, or Python's to write: the identifiers'
prefix (the repository's name), the permalink (the site's address), the museum (its
name and rights, which the museum edits), the kinds' names (the code's translations),
and a date not written out yet (opendata.oai.dates). The record keeps a marker, a
control character no XML text can hold (dc_sql strips them from every part), where
each goes, and ``filled()`` puts them in, a bytes.replace() each:

- IDENTIFIER: the record's opening and the identifiers' prefix, before the object's id;
- METADATA: the header's end and the oai_dc element's opening, its namespaces and
  schema (a fifth of a record's bytes, which PostgreSQL then sends to psycopg a page
  of a megabyte and more at a time, and less often keeps compressed);
- PUBLISHER: the museum, in its languages;
- KIND_MARKERS: a kind's dc:type elements; KIND_NAMED ... END, a kind without a marker;
- DATED ... END: a date text not written out yet;
- PERMALINK ... AFTER: the permalink around the object's id;
- RIGHTS: the museum's rights, for an object without its own.

A page of the whole list, or of a window of it, reads the kept rows of published
objects in the list's order from their own index, and checks them against the
published objects the list holds there (their ids and datestamps, from the list's
index); a page of a set joins its objects' rows. Either way, a page finding a row
stale or missing (a database restored without the triggers) is written dc_listing's
way instead.
"""

import functools
import re
from dataclasses import dataclass

from opendata.models import DcRecord
from opendata.oai import harvest
from opendata.oai.dc_sql import PARTS, escaped, stored_join
from opendata.oai.deleted import history_mark_sql
from opendata.oai.markup import element
from opendata.oai.records import OAI_DC_OPENING, date_elements, kind_elements
from opendata.oai.sets import KIND

TABLE = DcRecord._meta.db_table
COLUMN = "listed"
# What each marker stands for, a character each: bytes.replace() finds one fastest.
IDENTIFIER, PUBLISHER, DATED, END, PERMALINK, AFTER, RIGHTS, KIND_NAMED = (
    chr(code) for code in range(1, 9)
)
# The header's end and the metadata's opening.
METADATA = "\x11"
# Each kind's own marker, for its dc:type elements: fixed here, not derived from the
# order of collection.models.Kind, as the records keep them. A kind without one is
# kept between KIND_NAMED and END.
KIND_MARKERS = {"artifact": "\x0e", "photograph": "\x0f", "document": "\x10"}
# The datestamp to the microsecond in UTC, as text: sorts as the moments do.
MOMENT_FORMAT = "YYYY-MM-DD HH24:MI:SS.US"


def _marker(character):
    return f"E'\\x{ord(character):02x}'"


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def record_sql():
    """The expression of a stored row's whole record, markers and all: null until the
    row has its header."""
    kinds = " ".join(
        f"WHEN {_literal(kind)} THEN {_marker(marker)}" for kind, marker in KIND_MARKERS.items()
    )
    parts = [
        _marker(IDENTIFIER),
        "item_id::text",
        "'</identifier><datestamp>'",
        "datestamp",
        "'</datestamp><setSpec>'",
        escaped(f"'{KIND}:' || kind"),
        "'</setSpec>'",
        "sets",
        _marker(METADATA),
        "titles",
        "creators",
        "contributors",
        "subjects",
        "descriptions",
        _marker(PUBLISHER),
        f"coalesce(dates, {_marker(DATED)} || date_text || {_marker(END)})",
        f"(CASE kind {kinds} ELSE {_marker(KIND_NAMED)} || kind || {_marker(END)} END)",
        "formats",
        _marker(PERMALINK),
        "item_id::text",
        _marker(AFTER),
        "accession",
        "places",
        f"(CASE WHEN rights = '' THEN {_marker(RIGHTS)} ELSE rights END)",
        "'</oai_dc:dc></metadata></record>'",
    ]
    return f"CASE WHEN stamped_at IS NULL THEN NULL ELSE {' || '.join(parts)} END"


# The stored row's columns a harvest does not read, kept out of the row (TOAST storage
# EXTERNAL): the row is then the record and its header alone, which a page reads in
# half the buffers; its record stays in the row, compressed only when it is long.
OUT_OF_ROW = (*PARTS, "sets", "dates")


def add_column_sql():
    stored_apart = ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTERNAL" for c in OUT_OF_ROW)
    return (
        f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} text"
        f" GENERATED ALWAYS AS ({record_sql()}) STORED;"
        f" ALTER TABLE {TABLE} {stored_apart}, ALTER COLUMN {COLUMN} SET STORAGE MAIN;"
    )


def drop_column_sql():
    stored_inline = ", ".join(f"ALTER COLUMN {c} SET STORAGE EXTENDED" for c in OUT_OF_ROW)
    return f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}, {stored_inline};"


@dataclass(frozen=True)
class Kept:
    """A page's published records as kept, their markers filled: ``text`` joins the
    first ``shown`` of the ``found`` (at most the page's size and one) after the
    position; ``last`` is the position of the last shown, (datestamp as MOMENT_FORMAT
    bytes, id); ``unwritten`` the date texts the page wrote out that were not yet;
    ``mark`` the history's last version id as the page was read (deleted.withdrawn()).
    Read ``separated``, ``entries`` has each record with its position instead, for
    merging the deleted records among them, and ``text`` is empty."""

    text: bytes
    shown: int
    found: int
    last: tuple
    unwritten: frozenset
    entries: list
    mark: object


def _in_order(selection, from_position, limit):
    """The whole list, or a window of it: the kept rows of published objects read in the
    list's order from their own index, checked against the published objects the list
    holds there (their ids and datestamps, from the list's index: both scans read
    nothing else)."""
    window, conditions, own = selection.window, ["published"], []
    if from_position:
        conditions.append("(stamped_at, item_id) > (%s, %s)")
        own.append(POSITION)
    if window.start:
        conditions.append("stamped_at >= %s")
        own.append(window.start)
    if window.end:
        conditions.append("stamped_at < %s")
        own.append(window.end)
    rows = (
        f"FROM {TABLE} WHERE {' AND '.join(conditions)} ORDER BY stamped_at, item_id"
        f" LIMIT {int(limit)}"
    )
    return _Reading(
        ctes=f"kept AS MATERIALIZED (SELECT stamped_at, item_id {rows} + 1)",
        records=(
            "SELECT row_number() OVER (ORDER BY stamped_at, item_id) AS n,"
            f" {COLUMN} AS listed, stamped_at AS updated_at, item_id AS pk {rows}"
        ),
        # Stale when a kept row and a published object do not pair up: the two are
        # the first of the list after the position, so as sets they are equal or not.
        stale=(
            "EXISTS (SELECT FROM kept FULL JOIN items ON kept.item_id = items.pk"
            " AND kept.stamped_at = items.updated_at"
            " WHERE kept.item_id IS NULL OR items.pk IS NULL)"
        ),
        params=(*own, *own),
    )


def _joined(selection, from_position, limit):
    """A set: the published objects it holds, each joined to its kept row; stale when
    a row is missing or older than its object."""
    return _Reading(
        ctes="",
        records=(f"SELECT n, listed, updated_at, pk FROM items WHERE n <= {int(limit)} ORDER BY n"),
        stale=f"EXISTS (SELECT FROM items WHERE n <= {int(limit)} AND listed IS NULL)",
        params=(),
        joined=True,
    )


@dataclass(frozen=True)
class _Reading:
    """How a page reads its kept records, as parts of _query()'s SQL."""

    ctes: str
    records: str  # the page's (n, listed, updated_at, pk), in order
    stale: str
    params: tuple
    joined: bool = False


# Stands for the position's datestamp and id in _in_order()'s parameters.
POSITION = object()


@functools.lru_cache(maxsize=64)
def _query(selection, from_position, limit, separated):
    """A page's query: a row a record (its number in the page, the record and, read
    ``separated``, its position), and a row numbered 0 saying how many the list holds
    from the position up to the page's size and one, whether a kept record is stale, and
    the last shown's position, and the history's last version id (deleted.withdrawn()
    asked it in a query of its own, a round trip each page). A row a record: psycopg
    took ten times as long to read a page as one text of a megabyte."""
    reading = (_joined if selection.membership else _in_order)(selection, from_position, limit)
    page, params = harvest.page_query(selection, from_position, limit + 1, ("pk", "updated_at"))
    listed = (
        f", CASE WHEN stored.stamped_at = page.updated_at THEN stored.{COLUMN} END AS listed"
        f" FROM ({page}) AS page {stored_join('page.pk')}"
        if reading.joined
        else f" FROM ({page}) AS page"
    )
    items = (
        "items AS MATERIALIZED (SELECT page.pk, page.updated_at,"
        f" row_number() OVER (ORDER BY page.updated_at, page.pk) AS n{listed})"
    )
    moment = f"to_char({{}}.updated_at AT TIME ZONE 'UTC', '{MOMENT_FORMAT}')"
    position = f"{moment.format('shown')}, shown.pk" if separated else "NULL, NULL"
    ctes = ", ".join(cte for cte in (items, reading.ctes) if cte)
    # The about's values in a row of their own, numbered 0, before the records: joined
    # to each record instead, the records were copied into a Materialize node first.
    sql = (
        f"WITH {ctes}, about AS MATERIALIZED (SELECT counted.found, {reading.stale} AS stale,"
        f" {moment.format('last')} AS moment, last.pk, ({history_mark_sql()}) AS mark"
        " FROM (SELECT count(*) AS found FROM items) AS counted"
        f" LEFT JOIN items AS last ON last.n = least({int(limit)}, counted.found))"
        " SELECT about.found, about.stale, about.moment, about.pk, 0::bigint, NULL::text,"
        " NULL, NULL::bigint, about.mark FROM about"
        f" UNION ALL SELECT NULL, NULL, NULL, NULL, shown.n, shown.listed, {position}, NULL"
        f" FROM ({reading.records}) AS shown"
    )
    return sql, [*params, *reading.params]


def _bound(params, position):
    bound = harvest.bound(params, position)
    return [value for param in bound for value in (position if param is POSITION else [param])]


# Ends each record while a page read separated is filled: a character no record holds.
SEPARATOR = b"\x0b"


def page(cursor, selection, position, limit, shared, identifier_prefix, separated=False):
    """The published records of the page after ``position`` (None: the start) as Kept,
    ``separated`` or not; None when one is stale or missing. ``cursor`` reads text as
    bytes (dc_listing._cursor())."""
    sql, params = _query(selection, position is not None, limit, separated)
    cursor.execute(sql, _bound(params, position))
    rows = cursor.fetchall()
    about = next(row for row in rows if row[4] == 0)
    found, stale, moment, pk = about[:4]
    mark = about[8]
    if stale:
        return None
    rows = [row for row in rows if row[4] != 0]
    if [row[4] for row in rows] != list(range(1, len(rows) + 1)):
        rows.sort(key=lambda row: row[4])  # the order the numbers give, whatever the plan
    if not separated:
        text, unwritten = filled(b"".join(row[5] for row in rows), shared, identifier_prefix)
        return Kept(text, len(rows), found, (moment, pk), unwritten, [], mark)
    text = b"".join(part for row in rows for part in (row[5], SEPARATOR))
    text, unwritten = filled(text, shared, identifier_prefix)
    records = text.split(SEPARATOR)
    entries = [(row[6], row[7], record) for row, record in zip(rows, records, strict=False)]
    return Kept(b"", len(rows), found, (moment, pk), unwritten, entries, mark)


_RECORD_OPENING = "<record><header><identifier>"
_METADATA_OPENING = f"</header><metadata>{OAI_DC_OPENING}"
_NAMED_KIND = re.compile(f"{KIND_NAMED}([^{END}]*){END}".encode())
_DATE_TEXT = re.compile(f"{DATED}([^{END}]*){END}".encode())


def filled(text, shared, identifier_prefix):
    """Records as kept (UTF-8) with what their markers stand for, and the date texts
    they held that were not written out yet."""
    before, after = shared.identifier_parts
    values = [
        (IDENTIFIER, _RECORD_OPENING + identifier_prefix),
        (METADATA, _METADATA_OPENING),
        (PUBLISHER, shared.publisher),
        (PERMALINK, before),
        (AFTER, after),
        (RIGHTS, shared.museum_rights),
        *((marker, _type_of(kind)) for kind, marker in KIND_MARKERS.items()),
    ]
    for marker, value in values:
        text = text.replace(marker.encode(), value.encode())
    unwritten = set()
    if KIND_NAMED.encode() in text:
        text = _NAMED_KIND.sub(lambda found: _typed(found[1]), text)
    if DATED.encode() in text:

        def dated(found):
            unwritten.add(found[1].decode())
            return date_elements(found[1].decode()).encode()

        text = _DATE_TEXT.sub(dated, text)
    return text, frozenset(unwritten)


def _type_of(kind):
    return kind_elements().get(kind) or element("dc:type", kind)


def _typed(kind):
    return _type_of(kind.decode()).encode()
