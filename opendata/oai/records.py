"""Objects as simple Dublin Core (``oai_dc``), a page of them in a fixed number of
queries: the objects, their creators, places and subjects (one query each).

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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from collection.date_display import display_date, iso_date
from collection.dates import parse_date
from collection.models import Creator, CreatorRole, Item, ItemPlace, Kind
from core.identity import museum
from opendata.oai.markup import XSI_NAMESPACE, element

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


def oai_dc_records(pks, site_url):
    """Object id -> its ``oai_dc:dc`` element, for the published objects among ``pks``."""
    pks = list(pks)
    items = Item.objects.published().filter(pk__in=pks).values_list(*ITEM_COLUMNS)
    creators, contributors = {}, {}
    links = Creator.objects.filter(item__in=pks).order_by("item", "position", "pk")
    for pk, role, name in links.values_list("item_id", "role", "person__name"):
        if role in CREATOR_ROLES:
            creators.setdefault(pk, []).append(name)
        elif role in CONTRIBUTOR_ROLES:
            contributors.setdefault(pk, []).append(name)
    places = _named(
        ItemPlace.objects.filter(item__in=pks).order_by("item", "pk"),
        "place__name_vi",
        "place__name_en",
    )
    subjects = _named(
        Item.subjects.through.objects.filter(item__in=pks).order_by("item", "pk"),
        "subject__name_vi",
        "subject__name_en",
    )
    shared = Shared(site_url)
    return {
        row[0]: _record(
            row,
            shared,
            creators.get(row[0], ()),
            contributors.get(row[0], ()),
            places.get(row[0], ()),
            subjects.get(row[0], ()),
        )
        for row in items
    }


def _named(links, vi, en):
    """Object id -> [(vi name, en name)] of the records ``links`` lead to."""
    names = {}
    for pk, name_vi, name_en in links.values_list("item_id", vi, en):
        names.setdefault(pk, []).append((name_vi, name_en))
    return names


class Shared:
    """What every record of a page has in common, worked out once for the page: the
    museum, the kinds' names, the permalink's shape, dates already written out."""

    def __init__(self, site_url):
        identity = museum()
        self.publisher = _in_languages(identity.names, "dc:publisher")
        self.museum_rights = _in_languages(identity.rights_statements, "dc:rights")
        self.kinds = {}
        for kind in Kind:
            labels = {}
            for code in LANGUAGES:
                with translation.override(code):
                    labels[code] = str(kind.label)
            type_term = element("dc:type", DCMI_TYPES.get(kind, "PhysicalObject"))
            self.kinds[kind.value] = type_term + _in_languages(labels, "dc:type")
        # The permalink as exhibitions' printed labels give it: without the language
        # prefix. reverse() for every record would cost more than writing the record.
        marker = 999_999_999
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("collection:item-detail", args=[marker])
        path = path.removeprefix(f"/{settings.LANGUAGE_CODE}")
        self.permalink_parts = (site_url + path).split(str(marker))
        self._dates = {}

    def permalink(self, pk):
        before, after = self.permalink_parts
        return f"{before}{pk}{after}"

    def dates(self, date_text):
        if date_text not in self._dates:
            self._dates[date_text] = _dates(date_text)
        return self._dates[date_text]


def _dates(date_text):
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
    written = {}
    for code in LANGUAGES:
        with translation.override(code):
            written[code] = display_date(parsed, code)
    return element("dc:date", iso) + _in_languages(written, "dc:date")


def _in_languages(texts, name):
    """One element per language a text is written in; a translation identical to the
    Vietnamese is not repeated."""
    parts, seen = [], set()
    for code in LANGUAGES:
        value = texts.get(code)
        if value and value not in seen:
            seen.add(value)
            parts.append(element(name, value, code))
    return "".join(parts)


def _record(row, shared, creators, contributors, places, subjects):
    (pk, accession_number, kind, title_vi, title_en, description_vi, description_en,
     date_text, medium, dimensions, rights) = row  # fmt: skip
    parts = [
        OAI_DC_OPENING,
        _in_languages({"vi": title_vi, "en": title_en}, "dc:title"),
        *(element("dc:creator", name) for name in dict.fromkeys(creators)),
        *(element("dc:contributor", name) for name in dict.fromkeys(contributors)),
        *(_in_languages({"vi": vi, "en": en}, "dc:subject") for vi, en in subjects),
        _in_languages({"vi": description_vi, "en": description_en}, "dc:description"),
        shared.publisher,
        shared.dates(date_text),
        shared.kinds.get(kind) or element("dc:type", kind),
        element("dc:format", medium) if medium else "",
        element("dc:format", dimensions) if dimensions else "",
        element("dc:identifier", shared.permalink(pk)),
        element("dc:identifier", accession_number),
        *(_in_languages({"vi": vi, "en": en}, "dc:coverage") for vi, en in places),
        element("dc:rights", rights) if rights else shared.museum_rights,
        "</oai_dc:dc>",
    ]
    return "".join(parts)
