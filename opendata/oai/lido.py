"""Objects as LIDO 1.1 (``lido``), the museum community's format for harvesting, from
the same one query a page as oai_dc (opendata.oai.records).

A record has a descriptive and an administrative part per language (Vietnamese, then
English, each with ``xml:lang``); a text the catalogue has in the other language only
is given in it, marked so. The mapping:

- lidoRecID and recordID: the object id, as in the OAI identifier; category: a
  human-made object (CIDOC CRM E22); recordType: an item;
- objectWorkType: the kind; titleSet: the title; repositorySet: the museum, with the
  accession number as the inventory number (workID); objectDescriptionSet: the
  description; objectMeasurementsSet: the dimensions as written;
- one production event (LIDO terminology lido00007): the people with a creator's or
  contributor's role (donors are provenance, not production) with their role, the date
  as written out and its earliest and latest days, the places the object was made, the
  medium as written;
- subjectSet: each subject, and each place the object depicts;
- rightsWorkSet: the object's rights statement, else the museum's, as a credit line;
  recordSource: the museum; recordInfoLink: the permalink.
"""

import functools

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy

from collection.date_display import display_date
from collection.dates import parse_date
from collection.models import CreatorRole, Kind
from core.identity import museum
from opendata.oai.markup import XSI_NAMESPACE, text
from opendata.oai.records import CONTRIBUTOR_ROLES, CREATOR_ROLES, Shared, published_rows

LIDO = "lido"
LIDO_NAMESPACE = "http://www.lido-schema.org"
LIDO_SCHEMA = "http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd"
LIDO_OPENING = (
    f'<lido:lido xmlns:lido="{LIDO_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
    f'xsi:schemaLocation="{LIDO_NAMESPACE} {LIDO_SCHEMA}">'
)
PRODUCTION = "http://terminology.lido-schema.org/lido00007"
HUMAN_MADE_OBJECT = "http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object"
LANGUAGES = ("vi", "en")
MADE = "made"
PRODUCTION_LABEL = gettext_lazy("Production")
# LIDO's record type: this record describes one object (not a group or a collection).
RECORD_TYPE_LABEL = gettext_lazy("Single object")


def lido_records(pks, site_url):
    """Object id -> its ``lido:lido`` element, for the published objects among ``pks``."""
    shared = LidoShared(site_url)
    return {row[0]: _record(row, shared) for row in published_rows(pks)}


class LidoShared(Shared):
    """Shared, with the labels LIDO gives in each language: kinds, roles, the museum."""

    def __init__(self, site_url):
        super().__init__(site_url)
        identity = museum()
        self.museum_names = identity.names
        self.rights_statements = identity.rights_statements
        self.labels = {}
        for code in LANGUAGES:
            with translation.override(code):
                self.labels[code] = {
                    "kinds": {kind.value: str(kind.label) for kind in Kind},
                    "roles": {role.value: str(role.label) for role in CreatorRole},
                    "production": str(PRODUCTION_LABEL),
                    "item": str(RECORD_TYPE_LABEL),
                }

    def date(self, date_text):
        """The date written out in vi and en, its earliest and latest days; None when
        undated."""
        return _date(date_text)


@functools.lru_cache(maxsize=10_000)
def _date(date_text):
    try:
        parsed = parse_date(date_text)
    except ValidationError:  # text an older parser accepted: given as written
        return {"vi": date_text, "en": date_text, "earliest": None, "latest": None}
    if parsed.earliest is None:
        return None
    written = {code: _written(parsed, code) for code in LANGUAGES}
    return {**written, "earliest": parsed.earliest, "latest": parsed.latest}


def _written(parsed, code):
    with translation.override(code):
        return display_date(parsed, code)


def _in(name, texts, code, attributes=""):
    """``<name>`` with the text in language ``code``, else in the other marked with its
    ``xml:lang``; "" when neither has it."""
    value, lang = texts.get(code), ""
    if not value:
        other = "en" if code == "vi" else "vi"
        value, lang = texts.get(other), f' xml:lang="{other}"'
    if not value:
        return ""
    return f"<lido:{name}{attributes}{lang}>{text(value)}</lido:{name}>"


def _plain(name, value, attributes=""):
    return f"<lido:{name}{attributes}>{text(value)}</lido:{name}>" if value else ""


def _wrapped(names, content):
    """``content`` inside the nested elements ``names``, outermost first; "" for none."""
    if not content:
        return ""
    opening = "".join(f"<lido:{name}>" for name in names)
    closing = "".join(f"</lido:{name}>" for name in reversed(names))
    return f"{opening}{content}{closing}"


def _legal_body(name, appellation):
    return _wrapped((name, "legalBodyName"), appellation)


def _record(row, shared):
    (pk, accession_number, kind, title_vi, title_en, description_vi, description_en,
     date_text, medium, dimensions, rights, people, subjects, places) = row  # fmt: skip
    item = {
        "pk": pk,
        "accession_number": accession_number,
        "kind": kind,
        "title": {"vi": title_vi, "en": title_en},
        "description": {"vi": description_vi, "en": description_en},
        "date": shared.date(date_text) if date_text else None,
        "medium": medium,
        "dimensions": dimensions,
        "rights": {"vi": rights, "en": rights} if rights else shared.rights_statements,
        "people": [(r, n) for r, n in people if r in CREATOR_ROLES | CONTRIBUTOR_ROLES],
        "subjects": [{"vi": vi, "en": en} for vi, en in subjects],
        "places": [({"vi": vi, "en": en}, relation) for vi, en, relation in places],
    }
    parts = [
        LIDO_OPENING,
        _plain("lidoRecID", pk, ' lido:type="local"'),
        "<lido:category>",
        _plain("conceptID", HUMAN_MADE_OBJECT, ' lido:type="URI"'),
        '<lido:term xml:lang="en">Human-Made Object</lido:term>',
        "</lido:category>",
        *(_descriptive(item, shared, code) for code in LANGUAGES),
        *(_administrative(item, shared, code) for code in LANGUAGES),
        "</lido:lido>",
    ]
    return "".join(parts)


def _descriptive(item, shared, code):
    labels = shared.labels[code]
    kind = labels["kinds"].get(item["kind"], item["kind"])
    museum_name = _in("appellationValue", shared.museum_names, code)
    parts = [
        f'<lido:descriptiveMetadata xml:lang="{code}">',
        "<lido:objectClassificationWrap><lido:objectWorkTypeWrap><lido:objectWorkType>",
        _plain("term", kind),
        "</lido:objectWorkType></lido:objectWorkTypeWrap></lido:objectClassificationWrap>",
        "<lido:objectIdentificationWrap>",
        "<lido:titleWrap><lido:titleSet>",
        _in("appellationValue", item["title"], code)
        or _plain("appellationValue", item["accession_number"]),
        "</lido:titleSet></lido:titleWrap>",
        '<lido:repositoryWrap><lido:repositorySet lido:type="current">',
        _legal_body("repositoryName", museum_name),
        _plain("workID", item["accession_number"], ' lido:type="inventory number"'),
        "</lido:repositorySet></lido:repositoryWrap>",
    ]
    if description := _in("descriptiveNoteValue", item["description"], code):
        parts.append(
            "<lido:objectDescriptionWrap><lido:objectDescriptionSet>"
            f"{description}</lido:objectDescriptionSet></lido:objectDescriptionWrap>"
        )
    if item["dimensions"]:
        parts.append(
            "<lido:objectMeasurementsWrap><lido:objectMeasurementsSet>"
            f"{_plain('displayObjectMeasurements', item['dimensions'])}"
            "</lido:objectMeasurementsSet></lido:objectMeasurementsWrap>"
        )
    parts.append("</lido:objectIdentificationWrap>")
    parts.append(_production(item, labels, code))
    parts.append(_subjects(item, code))
    parts.append("</lido:descriptiveMetadata>")
    return "".join(parts)


def _production(item, labels, code):
    parts = [
        "<lido:eventWrap><lido:eventSet><lido:event><lido:eventType>",
        _plain("conceptID", PRODUCTION, ' lido:type="URI"'),
        _plain("term", labels["production"]),
        "</lido:eventType>",
    ]
    for role, name in dict.fromkeys(item["people"]):
        parts.append(
            "<lido:eventActor><lido:actorInRole><lido:actor><lido:nameActorSet>"
            f"{_plain('appellationValue', name)}</lido:nameActorSet></lido:actor>"
            f"<lido:roleActor>{_plain('term', labels['roles'].get(role, role))}</lido:roleActor>"
            "</lido:actorInRole></lido:eventActor>"
        )
    if date := item["date"]:
        range_ = ""
        if date["earliest"]:
            range_ = (
                f"<lido:date>{_plain('earliestDate', date['earliest'].isoformat())}"
                f"{_plain('latestDate', date['latest'].isoformat())}</lido:date>"
            )
        written = _plain("displayDate", date[code])
        parts.append(f"<lido:eventDate>{written}{range_}</lido:eventDate>")
    for names, relation in item["places"]:
        if relation == MADE:
            parts.append(f"<lido:eventPlace>{_place(names, code)}</lido:eventPlace>")
    if item["medium"]:
        parts.append(
            f"<lido:eventMaterialsTech>{_plain('displayMaterialsTech', item['medium'])}"
            "</lido:eventMaterialsTech>"
        )
    parts.append("</lido:event></lido:eventSet></lido:eventWrap>")
    return "".join(parts)


def _place(names, code):
    return (
        "<lido:place><lido:namePlaceSet>"
        f"{_in('appellationValue', names, code)}</lido:namePlaceSet></lido:place>"
    )


def _subjects(item, code):
    sets = [
        f"<lido:subjectSet><lido:subject><lido:subjectConcept>{_in('term', names, code)}"
        "</lido:subjectConcept></lido:subject></lido:subjectSet>"
        for names in item["subjects"]
    ]
    sets += [
        f"<lido:subjectSet><lido:subject><lido:subjectPlace>{_place(names, code)}"
        "</lido:subjectPlace></lido:subject></lido:subjectSet>"
        for names, relation in item["places"]
        if relation != MADE
    ]
    if not sets:
        return ""
    return (
        f"<lido:objectRelationWrap><lido:subjectWrap>{''.join(sets)}</lido:subjectWrap>"
        "</lido:objectRelationWrap>"
    )


def _administrative(item, shared, code):
    museum_name = _in("appellationValue", shared.museum_names, code)
    rights = _in("creditLine", item["rights"], code)
    return "".join(
        [
            f'<lido:administrativeMetadata xml:lang="{code}">',
            _wrapped(("rightsWorkWrap", "rightsWorkSet"), rights),
            "<lido:recordWrap>",
            _plain("recordID", item["pk"], ' lido:type="local"'),
            _wrapped(("recordType",), _plain("term", shared.labels[code]["item"])),
            _legal_body("recordSource", museum_name) or "<lido:recordSource/>",
            _wrapped(("recordInfoSet",), _plain("recordInfoLink", shared.permalink(item["pk"]))),
            "</lido:recordWrap></lido:administrativeMetadata>",
        ]
    )
