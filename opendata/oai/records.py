"""Objects as simple Dublin Core (``oai_dc``), a page of them in one query: the objects'
columns, with their people, subjects and places as arrays.

The mapping, element by element:

- title, description: each language the catalogue has, with ``xml:lang``;
- creator: the people linked as photographer, maker, author or artist; contributor: as
  publisher or other (donors are provenance, not contributors);
- subject: the subjects; coverage: the places; both in each language they are named in;
- date: the date as parsed, in ISO 8601 at its precision ("1972-12", a range as
  "1972-12-18/1972-12-29"), then as written out in Vietnamese and in English;
- type: the DCMI type of the kind (StillImage, Text, PhysicalObject), then the kind in
  both languages;
- format: the medium, the dimensions;
- identifier: the permalink (the object's page without a language, which sends each
  reader to theirs), then the accession number;
- rights: the object's rights statement, else the museum's;
- publisher: the museum, in each language its name is written in.
"""

import functools

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, F, Func, OuterRef, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import translation

from collection.date_display import display_date, iso_date
from collection.dates import parse_date
from collection.models import (
    Creator,
    CreatorRole,
    Item,
    ItemPlace,
    Kind,
    Person,
    Place,
    Subject,
)
from core.identity import museum
from opendata.oai.dc_sql import completed, record_parts
from opendata.oai.markup import XSI_NAMESPACE, element, text

OAI_DC = "oai_dc"
OAI_DC_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
OAI_DC_OPENING = (
    f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NAMESPACE}" xmlns:dc="{DC_NAMESPACE}" '
    f'xmlns:xsi="{XSI_NAMESPACE}" xsi:schemaLocation="{OAI_DC_NAMESPACE} {OAI_DC_SCHEMA}">'
)

CREATOR_ROLES = {
    CreatorRole.PHOTOGRAPHER,
    CreatorRole.MAKER,
    CreatorRole.AUTHOR,
    CreatorRole.ARTIST,
}
CONTRIBUTOR_ROLES = {CreatorRole.PUBLISHER, CreatorRole.OTHER}
# The DCMI Type Vocabulary's term for each kind; a kind added later is a physical object
# until it says otherwise.
DCMI_TYPES = {Kind.PHOTOGRAPH: "StillImage", Kind.DOCUMENT: "Text"}
LANGUAGES = ("vi", "en")
ITEM_COLUMNS = (
    "pk",
    "accession_number",
    "kind",
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "date_text",
    "medium",
    "dimensions",
    "rights",
)
LINKED_COLUMNS = ("creator_roles_and_names", "subject_names", "place_names")


def record_rows(items):
    """``items`` as the rows records are written from: the columns, then the linked
    people (role, name), subjects (Vietnamese, English names) and places (the names and
    the relation, depicted or made), each as an array of arrays, so that a page is one
    query."""
    subjects = Item.subjects.through.objects.all()
    return (
        items.order_by()
        .annotate(
            creator_roles_and_names=_linked(
                Creator.objects.order_by("position", "pk"),
                F("role"),
                _name(Person, "name", "person_id"),
            ),
            subject_names=_linked(
                subjects.order_by("pk"),
                _name(Subject, "name_vi", "subject_id"),
                _name(Subject, "name_en", "subject_id"),
            ),
            place_names=_linked(
                ItemPlace.objects.order_by("pk"),
                _name(Place, "name_vi", "place_id"),
                _name(Place, "name_en", "place_id"),
                F("relation"),
            ),
        )
        .values_list(*ITEM_COLUMNS, *LINKED_COLUMNS)
    )


def _linked(links, *values):
    """ARRAY[[value, value...], ...] over an object's ``links``, in their order."""
    pair = Func(
        *values,
        function="ARRAY",
        template="%(function)s[%(expressions)s]",
        output_field=ArrayField(TextField()),
    )
    return ArraySubquery(links.filter(item=OuterRef("pk")).values(pair=pair))


def _name(model, field, key):
    """``field`` of the ``model`` row a link's ``key`` names: one index lookup per link,
    where a join would hash the whole (small) table once per object."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values(field))


def published_rows(pks):
    """record_rows() of the published objects among ``pks``. The query is compiled once
    per process: Django takes longer to compile its subqueries than PostgreSQL takes to
    run them for a page."""
    sql, params = _compiled_rows()
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(pks) if param is _PKS else param for param in params])
        return cursor.fetchall()


# The compiled query's parameter that stands for the ids asked for, found by identity.
_PKS = [0]


@functools.cache
def _compiled_rows():
    table = Item._meta.db_table
    asked = RawSQL(f'"{table}"."id" = ANY(%s)', (_PKS,), output_field=BooleanField())
    sql, params = record_rows(Item.objects.published().filter(asked)).query.sql_with_params()
    # Each column is named after its field or annotation; Django orders them its own way.
    columns = ", ".join(f'"{name}"' for name in (*ITEM_COLUMNS, *LINKED_COLUMNS))
    return f"SELECT {columns} FROM ({sql}) AS record", params


def oai_dc_records(pks, site_url):
    """Object id -> its ``oai_dc:dc`` element, for the published objects among ``pks``."""
    shared = Shared(site_url)
    rows = completed(record_parts(pks), 0, CREATOR_ROLES, CONTRIBUTOR_ROLES)
    return {row[0]: shared.record(*row) for row in rows}


@functools.cache
def kind_elements():
    """Kind -> its ``dc:type`` elements: the DCMI type, then the kind in each language
    (the translations are the code's, looked up once per process)."""
    kinds = {}
    for kind in Kind:
        labels = {}
        for code in LANGUAGES:
            with translation.override(code):
                labels[code] = str(kind.label)
        type_term = element("dc:type", DCMI_TYPES.get(kind, "PhysicalObject"))
        kinds[kind.value] = type_term + _in_languages("dc:type", *_vi_en(labels))
    return kinds


class Shared:
    """What every record of a page has in common, worked out once for the page: the
    museum, the kinds' names, the permalink's shape; and the writing of a record from
    its stored parts (opendata.oai.stored) and the page's."""

    def __init__(self, site_url):
        identity = museum()
        self.publisher = _in_languages("dc:publisher", *_vi_en(identity.names))
        self.museum_rights = _in_languages("dc:rights", *_vi_en(identity.rights_statements))
        self.kinds = kind_elements()
        # The permalink as exhibitions' printed labels give it: without the language
        # prefix. reverse() for every record would cost more than writing the record.
        marker = 999_999_999
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("collection:item-detail", args=[marker])
        path = path.removeprefix(f"/{settings.LANGUAGE_CODE}")
        self.permalink_parts = (site_url + path).split(str(marker))
        before, after = (text(part) for part in self.permalink_parts)
        self.identifier_parts = (f"<dc:identifier>{before}", f"{after}</dc:identifier>")

    def permalink(self, pk):
        before, after = self.permalink_parts
        return f"{before}{pk}{after}"

    def record(
        self,
        pk,
        kind,
        date_text,
        titles,
        creators,
        contributors,
        subjects,
        descriptions,
        formats,
        accession,
        places,
        rights,
    ):
        """The ``oai_dc:dc`` element of object ``pk`` from its row (dc_sql.PART_COLUMNS)."""
        kind_elements = self.kinds.get(kind) or element("dc:type", kind)
        before, after = self.identifier_parts
        return (
            f"{OAI_DC_OPENING}{titles}{creators}{contributors}{subjects}{descriptions}"
            f"{self.publisher}{date_elements(date_text)}{kind_elements}{formats}"
            f"{before}{pk}{after}{accession}{places}{rights or self.museum_rights}</oai_dc:dc>"
        )


# Collections repeat their dates ("December 1972"): each is read and written out once
# while it is among the last DATES_KEPT (a hundred thousand dates are a few dozen
# megabytes; a collection of a hundred thousand objects here has fifteen thousand).
DATES_KEPT = 100_000


def written_dates(date_text):
    """The ``dc:date`` elements of a date as catalogued."""
    if not date_text:
        return ""
    try:
        parsed = parse_date(date_text)
    except ValidationError:  # text an older parser accepted: given as written
        return element("dc:date", date_text)
    iso = iso_date(parsed)
    if not iso:
        return ""  # "undated": nothing for a harvester to index
    # Written out in each language by name: no translation is activated, as only
    # "undated", left out above, is a translated text.
    written = {code: display_date(parsed, code) for code in LANGUAGES}
    return element("dc:date", iso) + _in_languages("dc:date", *_vi_en(written))


date_elements = functools.lru_cache(maxsize=DATES_KEPT)(written_dates)


def _vi_en(texts):
    return texts.get("vi"), texts.get("en")


def _in_languages(name, vi, en):
    """One element per language a text is written in, with ``xml:lang``; an English
    identical to the Vietnamese is not repeated."""
    if not vi:
        return element(name, en, "en") if en else ""
    if en and en != vi:
        return element(name, vi, "vi") + element(name, en, "en")
    return element(name, vi, "vi")
