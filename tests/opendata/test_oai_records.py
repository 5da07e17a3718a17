"""Objects as oai_dc records: every element the mapping promises (opendata.oai.records),
in both languages where the catalogue has them, and a page of records in a fixed number
of queries."""

import pytest

from collection.models import Kind
from museum.identity import identity
from museum.models import Museum
from opendata.oai.dates import write_missing
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.exhibitions.factories import ExhibitionItemFactory
from tests.opendata.answers import configure, oai, oai_identifier

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)
    museum = Museum.load()
    museum.name_vi, museum.name_en = "Bảo tàng Hà Nội", "Hanoi Museum"
    museum.rights_vi = "© Bảo tàng Hà Nội"
    museum.rights_en = "© Hanoi Museum"
    museum.save()
    identity()  # read once, as every later request finds it cached


def by_language(answer, name):
    """[(xml:lang, text)] of the record's dc:<name> elements, in order."""
    return [(element.get(XML_LANG), element.text) for element in answer.findall(f".//dc:{name}")]


def record(client, item):
    return oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc")


@pytest.fixture
def photograph():
    item = ItemFactory(
        kind=Kind.PHOTOGRAPH,
        accession_number="BTHN.1972.001",
        title_vi="Phố Khâm Thiên sau trận ném bom",
        title_en="Kham Thien Street after the bombing",
        description_vi="Ảnh chụp ngày 27/12/1972.",
        description_en="Photographed on 27 December 1972.",
        date_text="27/12/1972",
        medium="Gelatin silver print",
        dimensions="18 × 24 cm",
        rights="",
    )
    CreatorFactory(item=item, person=PersonFactory(name="Nguyễn Đình Ưu"), role="photographer")
    CreatorFactory(item=item, person=PersonFactory(name="Trần Văn Bình"), role="donor")
    CreatorFactory(item=item, person=PersonFactory(name="Thông tấn xã"), role="publisher")
    place = PlaceFactory(name_vi="Phố Khâm Thiên", name_en="Kham Thien Street")
    ItemPlaceFactory(item=item, place=place)
    item.subjects.add(SubjectFactory(name_vi="Chiến tranh", name_en="War"))
    return item


def test_a_record_carries_every_element_of_the_mapping(client, photograph):
    answer = record(client, photograph)
    assert by_language(answer, "title") == [
        ("vi", "Phố Khâm Thiên sau trận ném bom"),
        ("en", "Kham Thien Street after the bombing"),
    ]
    assert by_language(answer, "description") == [
        ("vi", "Ảnh chụp ngày 27/12/1972."),
        ("en", "Photographed on 27 December 1972."),
    ]
    # Creators are the people with a creator's role; a donor is provenance.
    assert answer.texts(".//dc:creator") == ["Nguyễn Đình Ưu"]
    assert answer.texts(".//dc:contributor") == ["Thông tấn xã"]
    assert by_language(answer, "date") == [
        (None, "1972-12-27"),
        ("vi", "27/12/1972"),
        ("en", "27 December 1972"),
    ]
    assert by_language(answer, "type") == [
        (None, "StillImage"),
        ("vi", "Ảnh"),
        ("en", "Photograph"),
    ]
    assert answer.texts(".//dc:format") == ["Gelatin silver print", "18 × 24 cm"]
    assert answer.texts(".//dc:identifier") == [
        f"http://testserver/collection/objects/{photograph.pk}/",
        "BTHN.1972.001",
    ]
    assert by_language(answer, "subject") == [("vi", "Chiến tranh"), ("en", "War")]
    assert by_language(answer, "coverage") == [
        ("vi", "Phố Khâm Thiên"),
        ("en", "Kham Thien Street"),
    ]
    assert by_language(answer, "publisher") == [("vi", "Bảo tàng Hà Nội"), ("en", "Hanoi Museum")]
    # No rights statement of its own: the museum's.
    assert by_language(answer, "rights") == [("vi", "© Bảo tàng Hà Nội"), ("en", "© Hanoi Museum")]


def test_the_permalink_leads_to_the_objects_page(client, photograph):
    permalink = record(client, photograph).texts(".//dc:identifier")[0]
    page = client.get(permalink.removeprefix("http://testserver"), follow=True)
    assert page.status_code == 200
    assert page.context["object"] == photograph


def test_an_objects_own_rights_and_one_language_only(client):
    item = ItemFactory(
        title_vi="",
        title_en="Leaflet",
        kind=Kind.DOCUMENT,
        rights="Public domain",
        date_text="circa 1972",
    )
    answer = record(client, item)
    assert by_language(answer, "title") == [("en", "Leaflet")]
    assert answer.findall(".//dc:description") == []
    assert by_language(answer, "rights") == [(None, "Public domain")]
    assert by_language(answer, "type")[0] == (None, "Text")
    assert by_language(answer, "date") == [
        (None, "1972"),
        ("vi", "khoảng năm 1972"),
        ("en", "circa 1972"),
    ]


def test_an_undated_object_has_no_date(client):
    answer = record(client, ItemFactory(date_text="undated", kind=Kind.ARTIFACT))
    assert answer.findall(".//dc:date") == []
    assert by_language(answer, "type")[0] == (None, "PhysicalObject")


def test_text_no_xml_can_hold_is_left_out_and_markup_is_escaped(client):
    item = ItemFactory(
        title_en="Bell\x0b & <whistle>",
        description_en='A "quoted"\x01 text\r\nover two lines',
    )
    answer = record(client, item)
    assert answer.texts(".//dc:title") == ["Bell & <whistle>"]
    assert answer.texts(".//dc:description") == ['A "quoted" text\r\nover two lines']


def test_noncharacters_and_every_control_character_are_left_out(client):
    controls = "".join(chr(code) for code in range(1, 32) if chr(code) not in "\t\n\r")
    item = ItemFactory(title_en=f"Lamp\ufffe{controls}\uffff oil", medium="giấy\x1f dó")
    answer = record(client, item)
    assert answer.texts(".//dc:title") == ["Lamp oil"]
    assert "giấy dó" in answer.texts(".//dc:format")


def make_objects(count):
    for _ in range(count):
        item = ItemFactory()
        CreatorFactory(item=item)
        CreatorFactory(item=item, role="publisher")
        ItemPlaceFactory(item=item)
        item.subjects.add(SubjectFactory(), SubjectFactory())
        ExhibitionItemFactory(item=item)
    ItemFactory(draft=True)
    # Their dates written out, as an import and each harvest leave them
    # (test_oai_dates.py): a page then writes nothing.
    write_missing()


@pytest.mark.parametrize("count", [3, 12])
def test_a_page_of_records_takes_the_same_queries_whatever_its_size(
    client, no_page_cache, django_assert_num_queries, count
):
    make_objects(count)
    # 1. the published records from the position as kept (opendata.oai.listed), and the
    # history's last version id, 2. the deleted records, worked out again as the history
    # moved on since the last request (opendata.oai.deleted.withdrawn).
    with django_assert_num_queries(2):
        answer = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(answer.findall(".//oai:record")) == count


def test_a_first_page_of_several_also_counts_the_list(
    client, no_page_cache, django_assert_num_queries, settings
):
    make_objects(5)
    settings.OAI_PAGE_SIZE = 2
    # The two queries of a first page after changes (above), then the list's size: 3.
    # published objects, 4. the history's last version id (the deleted records as kept).
    with django_assert_num_queries(4):
        first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    # The next pages carry the size in their token, and the history is as it was: the
    # published records and the history's last version id, in one query.
    with django_assert_num_queries(1):
        oai(client, verb="ListRecords", resumptionToken=first.token.text)
    # Headers alone: the two lists and the sets.
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").token.text
    with django_assert_num_queries(3):
        oai(client, verb="ListIdentifiers", resumptionToken=token)
