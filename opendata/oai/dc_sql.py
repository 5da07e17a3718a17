"""The oai_dc records of a page, written by PostgreSQL: each object's own elements,
kept as text by opendata.oai.stored (``stored_parts()`` writes them), read with the
object's kind and date in one query (opendata.oai.records gives the mapping).

Writing ten to twenty elements per record in Python, each value escaped on its own, and
reading the linked names back as arrays of arrays, cost a harvest fifty times the plain
reading of the objects' rows (bench/opendata/oai.py). Here each value is escaped where it
is read (``&``, ``<``, ``>`` and the carriage return, as ``markup.text()`` does), and
what no XML may hold at all (control characters) is removed from each finished part.
The date, parsed and written out by collection.date_display, is not PostgreSQL's to
write: records.py puts it between the parts, with what else is the page's.
"""

import functools

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from collection.models import Creator, Item, ItemPlace, Person, Place, Subject
from core.models import Status
from opendata.models import DcDate, DcRecord


def id_array(pks):
    """Ids as the text of a PostgreSQL array, for ``%s::bigint[]``: psycopg's dumping
    of a list checked each element with a regular expression, and a page's query takes
    its ids five times (0.8 ms each for a page of 500)."""
    return "{" + ",".join(str(int(pk)) for pk in pks) + "}"


def escaped(sql):
    """The SQL expression ``sql`` as XML element content."""
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        sql = f"replace({sql}, {_literal(raw)}, '{entity}')"
    return sql


def _literal(text):
    return "E'\\r'" if text == "\r" else f"'{text}'"


def element(name, sql, language=None):
    """``<name>value</name>`` of the (non-null) SQL expression ``sql``."""
    lang = f' xml:lang="{language}"' if language else ""
    return f"('<{name}{lang}>' || {escaped(sql)} || '</{name}>')"


def in_languages(name, vi, en):
    """markup._in_languages in SQL: one element per language written, an English
    identical to the Vietnamese not repeated."""
    vi, en = f"coalesce({vi}, '')", f"coalesce({en}, '')"
    in_vi, in_en = element(name, vi, "vi"), element(name, en, "en")
    return (
        f"(CASE WHEN {vi} = '' THEN CASE WHEN {en} = '' THEN '' ELSE {in_en} END"
        f" WHEN {en} <> '' AND {en} <> {vi} THEN {in_vi} || {in_en} ELSE {in_vi} END)"
    )


def _table(model):
    return f'"{model._meta.db_table}"'


def _people(roles, ids):
    """Each object's people linked in one of ``roles``, each once, in the links' order:
    (item_id, name, position, id)."""
    listed = ", ".join(f"'{role}'" for role in sorted(roles))
    return (
        "SELECT DISTINCT ON (link.item_id, person.name) link.item_id, person.name,"
        f" link.position, link.id FROM {_table(Creator)} AS link"
        f" JOIN {_table(Person)} AS person ON person.id = link.person_id"
        f" WHERE link.item_id = ANY({ids}) AND link.role IN ({listed})"
        " ORDER BY link.item_id, person.name, link.position, link.id"
    )


def _names(links, model, key, ids):
    """Each object's linked ``model`` records, (item_id, name_vi, name_en, link id)."""
    return (
        f"SELECT link.item_id, named.name_vi, named.name_en, link.id FROM {links} AS link"
        f" JOIN {_table(model)} AS named ON named.id = link.{key}"
        f" WHERE link.item_id = ANY({ids})"
    )


def _grouped(alias, rows, sql, order):
    """The elements ``sql`` of each object's ``rows``, as one text by object:
    (item_id, text)."""
    order = ", ".join(f"{alias}.{column}" for column in order.split())
    return (
        f"SELECT item_id, string_agg({sql}, '' ORDER BY {order}) AS text"
        f" FROM ({rows}) AS {alias} GROUP BY item_id"
    )


def _linked(creator_roles, contributor_roles, ids):
    """Part -> the query of each object's elements of that part, for the objects of the
    SQL array ``ids``: its rows are (item_id, text)."""
    linked = {
        part: _grouped(part, _people(roles, ids), element(name, f"{part}.name"), "position id")
        for part, roles, name in (
            ("creators", creator_roles, "dc:creator"),
            ("contributors", contributor_roles, "dc:contributor"),
        )
    }
    for part, links, model, key, name in (
        ("subjects", Item.subjects.through, Subject, "subject_id", "dc:subject"),
        ("places", ItemPlace, Place, "place_id", "dc:coverage"),
    ):
        rows = _names(_table(links), model, key, ids)
        named = in_languages(name, f"{part}.name_vi", f"{part}.name_en")
        linked[part] = _grouped(part, rows, named, "id")
    return linked


def _unless_empty(sql, column, otherwise="''"):
    return f"(CASE WHEN {column} = '' THEN {otherwise} ELSE {sql} END)"


# What no XML may hold (markup._NOT_XML) that PostgreSQL text can: as a regular
# expression's class.
_NOT_XML = "'[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]'"


def _clean(sql):
    return f"regexp_replace({sql}, {_NOT_XML}, '', 'g')"


# The stored parts of a record (opendata.models.DcRecord), in its order; what a page
# adds goes between them (records.Shared.record). Those written from the object's own
# columns, the others from its links.
PARTS = (
    "titles",
    "creators",
    "contributors",
    "subjects",
    "descriptions",
    "formats",
    "accession",
    "places",
    "rights",
)
# What a listed record's header and markers are written from (opendata.oai.listed),
# kept beside the parts: the object's kind, date, datestamp and its moment, and its
# exhibitions' setSpecs.
HEADER = ("kind", "date_text", "datestamp", "stamped_at", "sets", "published", "dates")
STORED = PARTS + HEADER
ITEM_PARTS = (
    "titles",
    "descriptions",
    "formats",
    "accession",
    "rights",
    "kind",
    "date_text",
    "datestamp",
    "stamped_at",
    "published",
)
# Written as they are: not text, or finished (opendata.oai.dates), or null until then.
_UNCLEANED = ("stamped_at", "published", "dates")
STAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS"Z"'  # markup.datestamp()'s


def _item_part(part):
    if part in ("titles", "descriptions"):
        field = part.removesuffix("s")
        return in_languages(f"dc:{field}", f"item.{field}_vi", f"item.{field}_en")
    if part == "formats":
        return " || ".join(
            _unless_empty(element("dc:format", f"item.{column}"), f"item.{column}")
            for column in ("medium", "dimensions")
        )
    if part == "accession":
        return element("dc:identifier", "item.accession_number")
    if part in ("kind", "date_text"):
        return f"coalesce(item.{part}, '')"
    if part == "datestamp":
        return f"to_char(item.updated_at AT TIME ZONE 'UTC', '{STAMP_FORMAT}')"
    if part == "stamped_at":
        return "item.updated_at"
    if part == "published":
        return f"(item.status = '{Status.PUBLISHED}')"
    return _unless_empty(element("dc:rights", "item.rights"), "item.rights")


def stored_parts(creator_roles, contributor_roles, ids, parts=PARTS, linked=None):
    """The query of the stored ``parts`` of the objects of the SQL array ``ids``:
    (item_id, *parts), each as finished elements, what no XML may hold left out.
    ``linked`` adds parts written from other tables: part -> the query of its
    (item_id, text) for the objects of ``ids``; "dates" is read from DcDate."""
    own = linked or {}
    subqueries = _linked(creator_roles, contributor_roles, ids)
    columns = [_stored_column(part) for part in parts]
    joins = " ".join(
        _stored_join(part, own, subqueries) for part in parts if part not in ITEM_PARTS
    )
    ctes = ", ".join(f"{part}_text AS MATERIALIZED ({own[part]})" for part in parts if part in own)
    return (
        f"{f'WITH {ctes} ' if ctes else ''}SELECT item.id, {', '.join(columns)}"
        f" FROM {_table(Item)} AS item {joins} WHERE item.id = ANY({ids})"
    )


def _stored_column(part):
    if part in ITEM_PARTS:
        column = _item_part(part)
    elif part == "dates":
        column = "dates_text.elements"
    else:
        column = f"coalesce({part}_text.text, '')"
    return column if part in _UNCLEANED else _clean(column)


def _stored_join(part, own, subqueries):
    """The join of a part written from another table: the date by its text's key; a
    part given in ``own`` from its CTE, worked out once (as a subquery joined to each
    object, a plan that misjudged an import's objects ran it again for every one of
    them); the others from their subqueries."""
    if part == "dates":
        return f"LEFT JOIN {_table(DcDate)} AS dates_text ON dates_text.date_text = item.date_text"
    source = f"{part}_text" if part in own else f"({subqueries[part]}) AS {part}_text"
    return f"LEFT JOIN {source} ON {part}_text.item_id = item.id"


# The columns a page reads of each object and its stored parts (``stored``), after its id:
# what records.Shared.record() writes a record from.
PART_COLUMNS = ", ".join(["page.kind", "page.date_text", *(f"stored.{part}" for part in PARTS)])


def stored_join(key="page.id"):
    """The join of each object's stored parts, as ``stored``, to its id ``key``."""
    return f"LEFT JOIN {_table(DcRecord)} AS stored ON stored.item_id = {key}"


# Stands for the ids asked for until the query runs, found by identity.
_PKS = [0]


@functools.cache
def _parts_query():
    """record_parts()'s query, compiled once per process."""
    table = Item._meta.db_table
    asked = RawSQL(f'"{table}"."id" = ANY(%s::bigint[])', (_PKS,), output_field=BooleanField())
    page, params = (
        Item.objects.published()
        .filter(asked)
        .order_by()
        .values("id", "kind", "date_text")
        .query.sql_with_params()
    )
    sql = f"WITH page AS MATERIALIZED ({page}) SELECT page.id, {PART_COLUMNS} FROM page"
    return f"{sql} {stored_join()}", params


def record_parts(pks):
    """(id, *PART_COLUMNS) of each published object among ``pks``."""
    sql, params = _parts_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [id_array(pks) if param is _PKS else param for param in params])
        return cursor.fetchall()


def completed(rows, id_at, creator_roles, contributor_roles):
    """``rows`` (an id at ``id_at``, then the kind, the date and the PARTS) with the
    parts of any object missing them (a database restored without the triggers) written
    afresh."""
    first = id_at + 3
    missing = [row[id_at] for row in rows if row[first] is None]
    if not missing:
        return rows
    fresh = fresh_parts(missing, creator_roles, contributor_roles)
    return [
        row
        if row[first] is not None
        else (
            *row[:first],
            *fresh[row[id_at]],
        )
        for row in rows
    ]


def fresh_parts(pks, creator_roles, contributor_roles):
    """Object id -> its PARTS written afresh from its columns and links,
    for objects whose stored parts are missing (a database restored without the triggers)."""
    sql = stored_parts(creator_roles, contributor_roles, ids="%s::bigint[]")
    with connection.cursor() as cursor:
        cursor.execute(sql, [id_array(pks)] * sql.count("%s"))
        return {pk: tuple(parts) for pk, *parts in cursor.fetchall()}
