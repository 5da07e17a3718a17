"""Objects as LIDO 1.1 records, the second format: valid against LIDO's schema (checked
with every answer, tests/opendata/schema.py), both languages, the mapping's elements,
and the same queries a page as oai_dc."""

import pytest
from lxml import etree

from collection.models import Kind
from museum.identity import identity
from museum.models import Museum
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.opendata.answers import configure, harvest, oai, oai_identifier
from tests.opendata.schema import oai_schema

pytestmark = pytest.mark.django_db
LIDO = {"lido": "http://www.lido-schema.org"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)
    museum = Museum.load()
    museum.name_vi, museum.name_en = "Bảo tàng Hà Nội", "Hanoi Museum"
    museum.save()
    identity()


@pytest.fixture
def photograph():
    item = ItemFactory(
        kind=Kind.PHOTOGRAPH,
        accession_number="BTHN.1972.001",
        title_vi="Phố Khâm Thiên sau trận ném bom",
        title_en="",
        description_en="Photographed on 27 December 1972.",
        date_text="27/12/1972",
        medium="Gelatin silver print",
        dimensions="18 × 24 cm",
        rights="© Nguyễn Đình Ưu",
    )
    CreatorFactory(item=item, person=PersonFactory(name="Nguyễn Đình Ưu"), role="photographer")
    CreatorFactory(item=item, person=PersonFactory(name="Trần Văn Bình"), role="donor")
    depicted = PlaceFactory(name_vi="Phố Khâm Thiên", name_en="Kham Thien Street")
    ItemPlaceFactory(item=item, place=depicted, relation="depicted")
    ItemPlaceFactory(
        item=item, place=PlaceFactory(name_vi="Hà Nội", name_en="Hanoi"), relation="made"
    )
    item.subjects.add(SubjectFactory(name_vi="Chiến tranh", name_en="War"))
    return item


def lido_record(client, item):
    answer = oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="lido")
    (record,) = answer.document.findall(".//lido:lido", LIDO)
    return record


def texts(record, path):
    return [element.text for element in record.findall(path, LIDO)]


def test_lido_is_offered_beside_oai_dc(client):
    answer = oai(client, verb="ListMetadataFormats")
    assert answer.texts(".//oai:metadataPrefix") == ["oai_dc", "lido"]
    assert "http://www.lido-schema.org" in answer.texts(".//oai:metadataNamespace")


def test_a_lido_record_describes_the_object_in_each_language(client, photograph):
    record = lido_record(client, photograph)
    assert texts(record, "lido:lidoRecID") == [str(photograph.pk)]
    parts = record.findall("lido:descriptiveMetadata", LIDO)
    assert [part.get(XML_LANG) for part in parts] == ["vi", "en"]
    vi, en = parts
    assert texts(vi, ".//lido:objectWorkType/lido:term") == ["Ảnh"]
    assert texts(en, ".//lido:objectWorkType/lido:term") == ["Photograph"]
    # No English title: the English part gives the Vietnamese one, marked as such.
    (title,) = en.findall(".//lido:titleSet/lido:appellationValue", LIDO)
    assert (title.text, title.get(XML_LANG)) == ("Phố Khâm Thiên sau trận ném bom", "vi")
    assert texts(en, ".//lido:repositoryName//lido:appellationValue") == ["Hanoi Museum"]
    assert texts(vi, ".//lido:repositoryName//lido:appellationValue") == ["Bảo tàng Hà Nội"]
    assert texts(en, ".//lido:workID") == ["BTHN.1972.001"]
    assert texts(en, ".//lido:descriptiveNoteValue") == ["Photographed on 27 December 1972."]
    assert texts(en, ".//lido:displayObjectMeasurements") == ["18 × 24 cm"]


def test_the_production_event_has_the_creators_the_date_and_where_it_was_made(client, photograph):
    record = lido_record(client, photograph)
    vi, en = record.findall("lido:descriptiveMetadata", LIDO)
    event = en.find(".//lido:event", LIDO)
    assert texts(event, "lido:eventType/lido:conceptID") == [
        "http://terminology.lido-schema.org/lido00007"
    ]
    # The donor is provenance, not production.
    assert texts(event, ".//lido:nameActorSet/lido:appellationValue") == ["Nguyễn Đình Ưu"]
    assert texts(event, ".//lido:roleActor/lido:term") == ["Photographer"]
    assert texts(event, "lido:eventDate/lido:displayDate") == ["27 December 1972"]
    assert texts(vi, ".//lido:eventDate/lido:displayDate") == ["27/12/1972"]
    assert texts(vi, ".//lido:eventType/lido:term") == ["Sản xuất"]
    assert texts(record, "lido:administrativeMetadata//lido:recordType/lido:term") == [
        "Hiện vật đơn lẻ",
        "Single object",
    ]
    assert texts(event, ".//lido:earliestDate") == ["1972-12-27"]
    assert texts(event, ".//lido:latestDate") == ["1972-12-27"]
    assert texts(event, ".//lido:eventPlace//lido:appellationValue") == ["Hanoi"]
    assert texts(event, ".//lido:displayMaterialsTech") == ["Gelatin silver print"]
    assert texts(en, ".//lido:subjectConcept/lido:term") == ["War"]
    assert texts(vi, ".//lido:subjectPlace//lido:appellationValue") == ["Phố Khâm Thiên"]


def test_the_administrative_part_links_the_permalink_and_the_rights(client, photograph):
    record = lido_record(client, photograph)
    admin = record.findall("lido:administrativeMetadata", LIDO)
    assert [part.get(XML_LANG) for part in admin] == ["vi", "en"]
    assert texts(admin[1], ".//lido:recordInfoLink") == [
        f"http://testserver/collection/objects/{photograph.pk}/"
    ]
    assert texts(admin[1], ".//lido:creditLine") == ["© Nguyễn Đình Ưu"]
    assert texts(admin[0], ".//lido:recordSource//lido:appellationValue") == ["Bảo tàng Hà Nội"]


def test_a_bare_object_is_a_valid_lido_record_too(client):
    item = ItemFactory(title_en="", title_vi="Mảnh bom", date_text="", kind=Kind.ARTIFACT)
    record = lido_record(client, item)
    assert record.find(".//lido:eventDate", LIDO) is None
    assert texts(record, ".//lido:titleSet/lido:appellationValue") == ["Mảnh bom", "Mảnh bom"]


def test_the_validator_refuses_a_lido_record_that_breaks_the_schema(client, photograph):
    answer = oai(
        client, verb="GetRecord", identifier=oai_identifier(photograph), metadataPrefix="lido"
    )
    record = answer.document.find(".//{http://www.lido-schema.org}lido")
    for part in record.findall("{http://www.lido-schema.org}descriptiveMetadata"):
        record.remove(part)
    assert not oai_schema().validate(answer.document)


def test_lido_pages_through_tokens_in_the_same_queries_as_oai_dc(
    client, settings, no_page_cache, django_assert_num_queries
):
    settings.OAI_PAGE_SIZE = 2
    items = [ItemFactory() for _ in range(5)]
    answers = harvest(client, "ListRecords", metadataPrefix="lido")
    assert [i for answer in answers for i in answer.identifiers()] == [
        oai_identifier(item) for item in items
    ]
    # 1. published objects, 2. deleted records, 3. their sets, 4. the objects with
    # their linked names.
    with django_assert_num_queries(4):
        oai(client, verb="ListRecords", resumptionToken=answers[0].token.text)
    assert etree.QName(answers[0].find(".//oai:metadata/*")).localname == "lido"
