"""The object list's entries written by PostgreSQL, as the JSON text the API sends.

A page of the list (``/objects``, without ``q``) is one query whose rows carry each
object's entry already as JSON, with its card's image and its addresses; the view joins
them into the page. Building a model instance, a dict and a pydantic check for each
object, then encoding it, cost a page of a hundred twenty milliseconds, against half a
millisecond for its queries (bench/opendata/api.py).

The text is the one the pydantic path writes, byte for byte (``ObjectSummary`` through
django-ninja's renderer: keys in the schema's order, ``", "`` and ``": "`` between them,
non-ASCII as written, control characters escaped as Python's ``json`` escapes them,
which is how PostgreSQL's ``to_json`` escapes them too); tests/opendata/test_api_listing.py
compares the two. ``objects.summary()`` stays the entry of an object elsewhere (an
exhibition's items, a search's results).

Thumbnail addresses are the storage's: the storage's address of a probe name gives the
part before the name, and a name made only of characters the storage leaves as they
are (letters, digits, ``_ . -``, no ``.`` or ``..`` segment) is appended to it. Any
other name, or a storage whose addresses are not made that way, is left to the
storage itself, for that entry alone.
"""

import functools
import json

from django.db.models.expressions import RawSQL

from collection.models import Image, Item, Kind
from opendata.api.shaping import LANGUAGES, PLACEHOLDER, choice_label

# django-ninja's, for its JSONRenderer.
CONTENT_TYPE = "application/json; charset=utf-8"
# A thumbnail whose address the storage must write: its name follows this in the
# entry's "url", as no address can begin (an address is absolute, or the site's path).
STORAGE_NAME = "storage-name:"
_STORAGE_NAME_KEY = f'"url": "{STORAGE_NAME}'
_PROBE = "derivatives/probe-0.webp"
# A name the storage's url() leaves unchanged: filepath_to_uri() keeps these characters,
# and urljoin() has no dot segment to resolve.
_PLAIN_NAME = r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$"


def _string(sql):
    """A JSON string of the text ``sql``, null when it is null or empty: the API's
    language maps say null for a language not written."""
    return f"coalesce(to_json(nullif({sql}, ''))::text, 'null')"


def _language_map(table, field):
    vi, en = (_string(f"{table}.{field}_{code}") for code in LANGUAGES)
    return f"""'{{"vi": ' || {vi} || ', "en": ' || {en} || '}}'"""


def _date(sql):
    return f"coalesce(to_json({sql})::text, 'null')"


def _timestamp(sql):
    """As DjangoJSONEncoder writes an aware datetime in UTC: to the millisecond when it
    has microseconds (cut, not rounded), then ``Z``."""
    utc = f"({sql} AT TIME ZONE 'UTC')"
    return (
        f"""'"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        f" || CASE WHEN to_char({utc}, 'US') = '000000' THEN ''"
        f" ELSE '.' || to_char({utc}, 'MS') END || 'Z\"'"
    )


def _quoted_parts(template):
    """A reversed address with PLACEHOLDER for the id, as the JSON string's two halves
    around the id (which is digits, nothing to escape)."""
    before, after = template.split(PLACEHOLDER)
    return json.dumps(before, ensure_ascii=False)[:-1], json.dumps(after, ensure_ascii=False)[1:]


def _thumbnail():
    """The card's image of the object (the primary, else the first, as
    objects.with_primary_images() picks it), as its JSON; null without one, or when it
    has no web copies yet."""
    image = Image._meta.db_table
    alt_text = _language_map("image", "alt_text")
    return f"""coalesce((
        SELECT CASE WHEN image.thumbnail = '' OR image.display = '' THEN 'null'
            ELSE '{{"url": ' || to_json(CASE WHEN %s AND image.thumbnail ~ %s
                THEN %s || image.thumbnail ELSE %s || image.thumbnail END)::text
            || ', "width": ' || image.thumbnail_width
            || ', "height": ' || image.thumbnail_height
            || ', "alt_text": ' || {alt_text} || '}}' END
        FROM "{image}" AS image WHERE image.item_id = "{Item._meta.db_table}".id
        ORDER BY image.is_primary DESC, image.position, image.id LIMIT 1
    ), 'null')"""


def _entry_sql():
    item = f'"{Item._meta.db_table}"'
    pk = f"{item}.id"
    kind_label = (
        f"coalesce(%s::json ->> {item}.kind,"
        f""" '{{"vi": ' || to_json({item}.kind) || ', "en": ' || to_json({item}.kind) || '}}')"""
    )
    parts = [
        f"""'{{"id": ' || {pk}""",
        f"""', "accession_number": ' || to_json({item}.accession_number)""",
        f"""', "kind": ' || to_json({item}.kind)""",
        f"""', "kind_label": ' || {kind_label}""",
        f"""', "title": ' || {_language_map(item, "title")}""",
        f"""', "date": {{"text": ' || to_json({item}.date_text)""",
        f"""', "earliest": ' || {_date(f"{item}.date_earliest")}""",
        f"""', "latest": ' || {_date(f"{item}.date_latest")}""",
        f"""', "approximate": ' || CASE WHEN {item}.date_is_approximate"""
        " THEN 'true' ELSE 'false' END || '}'",
        f"""', "thumbnail": ' || {_thumbnail()}""",
        f"""', "updated_at": ' || {_timestamp(f"{item}.updated_at")}""",
        f"""', "url": ' || %s || {pk} || %s""",
        f"""', "permalink": {{"vi": ' || %s || {pk} || %s""",
        f"""', "en": ' || %s || {pk} || %s || '}}}}'""",
    ]
    return "(" + " || ".join(parts) + ")"


ENTRY_SQL = _entry_sql()


def storage_prefix(links):
    """What the storage's address of an image's name is before the name, absolute; None
    when its addresses are not the name appended to something."""
    storage = Image._meta.get_field("thumbnail").storage
    address = links.absolute(storage.url(_PROBE))
    return address.removesuffix(_PROBE) if address.endswith(_PROBE) else None


@functools.cache
def kind_labels():
    return json.dumps(
        {kind: json.dumps(choice_label(Kind, kind), ensure_ascii=False) for kind in Kind.values},
        ensure_ascii=False,
    )


def entry_params(links):
    """ENTRY_SQL's parameters, for this request's addresses."""
    prefix = storage_prefix(links)
    detail = _quoted_parts(links.template("api-v1:object-detail"))
    permalinks = [
        _quoted_parts(links.template("collection:item-detail", code)) for code in LANGUAGES
    ]
    return [
        kind_labels(),
        prefix is not None,
        _PLAIN_NAME,
        prefix or "",
        STORAGE_NAME,
        *detail,
        *(half for parts in permalinks for half in parts),
    ]


def entry(links):
    """The annotation of each listed object's entry, for this request's addresses."""
    return RawSQL(ENTRY_SQL, entry_params(links))


# Stand for ENTRY_SQL's parameters in a query compiled once (entry_placeholders()),
# each found by identity when it runs.
PLACEHOLDERS = tuple(object() for _ in range(ENTRY_SQL.count("%s")))


def entry_placeholders():
    return RawSQL(ENTRY_SQL, PLACEHOLDERS)


def finished(text, links):
    """An entry as sent: its thumbnail's address written by the storage, if left to it."""
    if _STORAGE_NAME_KEY not in text:
        return text
    data = json.loads(text)
    name = data["thumbnail"]["url"].removeprefix(STORAGE_NAME)
    storage = Image._meta.get_field("thumbnail").storage
    data["thumbnail"]["url"] = links.absolute(storage.url(name))
    return json.dumps(data, ensure_ascii=False)


def page_json(entries, following, links):
    """The page's body, as django-ninja writes an ``ObjectPage``: ``next``, then the
    results."""
    results = ", ".join(finished(text, links) for text in entries)
    return f'{{"next": {json.dumps(following, ensure_ascii=False)}, "results": [{results}]}}'
