"""The oai_dc records of a page, written by PostgreSQL: each object's elements as text,
its linked names read by index, in one query (opendata.oai.records gives the mapping).

Writing ten to twenty elements per record in Python, each value escaped on its own, and
reading the linked names back as arrays of arrays, cost a harvest fifty times the plain
reading of the objects' rows (bench/opendata/oai.py). Here each value is escaped where it
is read (``&``, ``<``, ``>`` and the carriage return, as ``markup.text()`` does); what
no XML may hold at all (control characters) is removed from the finished record by
``records.py``, as no markup holds one. The date, parsed and written out by
collection.date_display, is not PostgreSQL's to write: each record comes in two halves,
and the date goes between them.
"""

import functools

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from collection.models import Creator, Item, ItemPlace, Person, Place, Subject

PEOPLE = ("creators", "contributors")
RECORD_COLUMNS = (
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "date_text",
    "kind",
    "medium",
    "dimensions",
    "accession_number",
    "rights",
)
# Page-wide texts, written once per page by records.py and passed as parameters.
PAGE_TEXTS = ("opening", "publisher", "kinds", "permalink_before", "permalink_after", "rights")


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


def _people(roles):
    """Each object's people linked in one of ``roles``, each once, in the links' order:
    (item_id, name, position, id)."""
    listed = ", ".join(f"'{role}'" for role in sorted(roles))
    return (
        "SELECT DISTINCT ON (link.item_id, person.name) link.item_id, person.name,"
        f" link.position, link.id FROM {_table(Creator)} AS link"
        f" JOIN {_table(Person)} AS person ON person.id = link.person_id"
        f" WHERE link.item_id = ANY(%s::bigint[]) AND link.role IN ({listed})"
        " ORDER BY link.item_id, person.name, link.position, link.id"
    )


def _names(links, model, key):
    """Each object's linked ``model`` records, (item_id, name_vi, name_en, link id)."""
    return (
        f"SELECT link.item_id, named.name_vi, named.name_en, link.id FROM {links} AS link"
        f" JOIN {_table(model)} AS named ON named.id = link.{key}"
        " WHERE link.item_id = ANY(%s::bigint[])"
    )


def _joined(alias, rows, sql, order="id"):
    """The elements ``sql`` of each object's ``rows``, as one text by object."""
    order = ", ".join(f"{alias}.{column}" for column in order.split())
    return (
        f"LEFT JOIN (SELECT item_id, string_agg({sql}, '' ORDER BY {order}) AS text"
        f" FROM ({rows}) AS {alias} GROUP BY item_id) AS {alias}_text"
        f" ON {alias}_text.item_id = page.id"
    )


def _head():
    """What comes before the date: from the opening to the publisher."""
    return " || ".join(
        [
            "%s",  # opening
            in_languages("dc:title", "page.title_vi", "page.title_en"),
            "coalesce(creators_text.text, '')",
            "coalesce(contributors_text.text, '')",
            "coalesce(subjects_text.text, '')",
            in_languages("dc:description", "page.description_vi", "page.description_en"),
            "%s",  # publisher
        ]
    )


def _unless_empty(sql, column, otherwise="''"):
    return f"(CASE WHEN {column} = '' THEN {otherwise} ELSE {sql} END)"


def _tail():
    """What comes after the date: from the type to the end."""
    item = "page"
    return " || ".join(
        [
            # The kinds' elements, as a JSON object by kind; a kind without any is named.
            f"coalesce(%s::jsonb ->> {item}.kind, {element('dc:type', f'{item}.kind')})",
            _unless_empty(element("dc:format", f"{item}.medium"), f"{item}.medium"),
            _unless_empty(element("dc:format", f"{item}.dimensions"), f"{item}.dimensions"),
            f"'<dc:identifier>' || %s || {item}.id || %s || '</dc:identifier>'",
            element("dc:identifier", f"{item}.accession_number"),
            "coalesce(places_text.text, '')",
            # The object's rights statement, else the museum's.
            _unless_empty(element("dc:rights", f"{item}.rights"), f"{item}.rights", "%s"),
            "'</oai_dc:dc>'",
        ]
    )


# Stand for the query's own parameters until it runs, found by identity.
_PKS, _TEXTS = [0], {name: [name] for name in PAGE_TEXTS}


@functools.cache
def _compiled(creator_roles, contributor_roles):
    """The page's query: its published objects, then their people, subjects and places,
    each gathered for the whole page at once (a subquery per object and link cost more
    than the rest of the query)."""
    table = Item._meta.db_table
    asked = RawSQL(f'"{table}"."id" = ANY(%s::bigint[])', (_PKS,), output_field=BooleanField())
    page, page_params = (
        Item.objects.published()
        .filter(asked)
        .order_by()
        .values("id", *RECORD_COLUMNS)
        .query.sql_with_params()
    )
    subjects, places = _table(Item.subjects.through), _table(ItemPlace)
    joins = [
        ("creators", _people(creator_roles), element("dc:creator", "creators.name")),
        (
            "contributors",
            _people(contributor_roles),
            element("dc:contributor", "contributors.name"),
        ),
        (
            "subjects",
            _names(subjects, Subject, "subject_id"),
            in_languages("dc:subject", "subjects.name_vi", "subjects.name_en"),
        ),
        (
            "places",
            _names(places, Place, "place_id"),
            in_languages("dc:coverage", "places.name_vi", "places.name_en"),
        ),
    ]
    sql = " ".join(
        [
            f"WITH page AS MATERIALIZED ({page})",
            f"SELECT page.id, {_head()}, page.date_text, {_tail()} FROM page",
            *(
                _joined(alias, rows, element_sql, "position id" if alias in PEOPLE else "id")
                for alias, rows, element_sql in joins
            ),
        ]
    )
    params = [
        *page_params,
        _TEXTS["opening"],
        _TEXTS["publisher"],
        *(_TEXTS[name] for name in ("kinds", "permalink_before", "permalink_after", "rights")),
        *(_PKS for _join in joins),  # each join's links are those of the page's objects
    ]
    return sql, params


def record_halves(pks, texts, creator_roles, contributor_roles):
    """(id, the record up to its date, the date as catalogued, the rest) of each
    published object among ``pks``; ``texts`` holds the page's PAGE_TEXTS."""
    sql, params = _compiled(frozenset(creator_roles), frozenset(contributor_roles))
    by_identity = {id(_PKS): id_array(pks), **{id(v): texts[k] for k, v in _TEXTS.items()}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [by_identity.get(id(param), param) for param in params])
        return cursor.fetchall()
