"""Each object's oai_dc elements, kept by the database (opendata.oai.stored): after every
kind of write they equal the elements written afresh from the object and its links, and
the records harvested from them are those written from scratch."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from collection import undo as undoing
from collection.merging import merge_authorities
from collection.models import Creator, Item
from opendata.models import DcRecord
from opendata.oai.dc_sql import PARTS, fresh_parts
from opendata.oai.records import CONTRIBUTOR_ROLES, CREATOR_ROLES
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.collection.spreadsheets.helpers import HEADERS, ROW, import_rows
from tests.exhibitions.factories import ExhibitionItemFactory
from tests.opendata.answers import configure, oai, oai_identifier, records_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)


def kept():
    return {row[0]: row[1:] for row in DcRecord.objects.values_list("item_id", *PARTS)}


def written_afresh():
    pks = list(Item.objects.values_list("pk", flat=True))
    return fresh_parts(pks, CREATOR_ROLES, CONTRIBUTOR_ROLES) if pks else {}


def assert_kept():
    assert kept() == written_afresh()


def stored(item):
    return DcRecord.objects.get(item_id=getattr(item, "pk", item))


def head_of(item):
    """What the record says before the publisher: titles, people, subjects, descriptions."""
    row = stored(item)
    return row.titles + row.creators + row.contributors + row.subjects + row.descriptions


def test_an_object_and_its_links_are_kept_as_they_are_written():
    item = ItemFactory(title_vi="Phố Khâm Thiên", title_en="Kham Thien Street", medium="Ảnh")
    assert "Phố Khâm Thiên" in head_of(item)
    CreatorFactory(item=item, person=PersonFactory(name="Nguyễn Đình Ưu"), role="photographer")
    CreatorFactory(item=item, person=PersonFactory(name="Trần Văn Bình"), role="publisher")
    CreatorFactory(item=item, person=PersonFactory(name="Người tặng"), role="donor")
    item.subjects.add(SubjectFactory(name_vi="Chiến tranh", name_en="War"))
    ItemPlaceFactory(item=item, place=PlaceFactory(name_vi="Hà Nội", name_en="Hanoi"))
    assert_kept()
    head = head_of(item)
    assert "<dc:creator>Nguyễn Đình Ưu</dc:creator>" in head
    assert "<dc:contributor>Trần Văn Bình</dc:contributor>" in head
    assert "Người tặng" not in head  # donors are provenance
    assert '<dc:subject xml:lang="en">War</dc:subject>' in head
    assert '<dc:coverage xml:lang="en">Hanoi</dc:coverage>' in stored(item).places

    Creator.objects.filter(item=item, role="photographer").update(position=9)
    item.subjects.clear()
    assert_kept()
    assert "War" not in head_of(item)


def test_edits_and_renames_rewrite_the_objects_they_show_in_and_publishing_nothing():
    person = PersonFactory(name="Văn Bảo")
    first, second, other = ItemFactory(), ItemFactory(), ItemFactory(title_vi="Khác")
    for item in (first, second):
        CreatorFactory(item=item, person=person, role="photographer")

    person.name = "Văn Bảo (1930–2010)"
    person.save()
    assert all("Văn Bảo (1930–2010)" in head_of(item) for item in (first, second))

    first.title_vi = "Tiêu đề mới"
    first.save()
    assert "Tiêu đề mới" in head_of(first)
    assert_kept()

    def versions():
        with connection.cursor() as cursor:
            cursor.execute("SELECT item_id, xmin::text FROM opendata_dcrecord ORDER BY 1")
            return cursor.fetchall()

    before = versions()
    Item.objects.filter(pk=other.pk).update(status="draft")
    assert versions() == before  # its row was not written again


def test_text_is_escaped_and_control_characters_left_out(client):
    item = ItemFactory(title_vi="Báo & tạp chí <1972>\x07", dimensions="18\x0b × 24 cm")
    head = head_of(item)
    assert '<dc:title xml:lang="vi">Báo &amp; tạp chí &lt;1972&gt;</dc:title>' in head
    assert "<dc:format>18 × 24 cm</dc:format>" in stored(item).formats
    # The harvest parses, with the title as catalogued, less the bell.
    answer = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert answer.find(".//dc:title").text == "Báo & tạp chí <1972>"


def test_deleting_objects_deletes_their_rows_whatever_the_order():
    person = PersonFactory()
    first, second = ItemFactory(), ItemFactory()
    for item in (first, second):
        CreatorFactory(item=item, person=person)
    first.delete()  # Django deletes the links, then the object
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("DELETE FROM collection_item WHERE id = %s", [second.pk])
        cursor.execute("DELETE FROM collection_creator WHERE item_id = %s", [second.pk])
    assert not DcRecord.objects.exists()


def test_links_written_before_their_objects_are_kept_when_the_objects_arrive():
    person = PersonFactory(name="Chu Chí Thành")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "INSERT INTO collection_creator (item_id, person_id, role, position) "
            "VALUES (900001, %s, 'photographer', 0)",
            [person.pk],
        )
        ItemFactory(pk=900001)
    assert "<dc:creator>Chu Chí Thành</dc:creator>" in head_of(900001)
    assert_kept()


def test_a_merge_an_import_and_its_undo(tmp_path, admin_user):
    keep, merged = PlaceFactory(name_vi="Khâm Thiên"), PlaceFactory(name_vi="Kham Thien")
    item = ItemFactory()
    ItemPlaceFactory(item=item, place=merged)
    merge_authorities(keep=keep, merged=merged, user=admin_user)
    assert "Khâm Thiên" in stored(item).places
    assert "Kham Thien<" not in stored(item).places

    _plan, record = import_rows(tmp_path, [[*ROW, "published"]], headers=[*HEADERS, "status"])
    assert DcRecord.objects.count() == 2
    assert_kept()
    undoing.run_undo(undoing.request_undo(record, user=None))
    assert list(DcRecord.objects.values_list("item_id", flat=True)) == [item.pk]


def test_refill_writes_every_row_afresh():
    CreatorFactory(item=ItemFactory(), role="photographer")
    DcRecord.objects.update(titles="", places="")
    output = StringIO()

    call_command("refill_oai_records", stdout=output)

    assert_kept()
    assert "Wrote the oai_dc records of 1 objects, and 1 dates." in output.getvalue()


def test_an_object_without_its_row_gets_all_its_parts_at_its_next_change():
    item = ItemFactory(title_vi="Tiêu đề")
    CreatorFactory(item=item, person=PersonFactory(name="Mai Nam"), role="photographer")
    DcRecord.objects.all().delete()

    item.title_vi = "Tiêu đề mới"
    item.save()  # rewrites the parts of its own columns, and here the others too

    assert "<dc:creator>Mai Nam</dc:creator>" in head_of(item)
    assert "Tiêu đề mới" in head_of(item)
    assert_kept()


def test_a_record_missing_its_row_is_written_from_scratch(client):
    item = ItemFactory(title_vi="Còn nguyên")
    CreatorFactory(item=item, person=PersonFactory(name="Mai Nam"), role="photographer")
    listed = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    got = oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc")
    # A database restored from a dump taken without the triggers.
    DcRecord.objects.all().delete()

    for answer in (
        oai(client, verb="ListRecords", metadataPrefix="oai_dc", until="2999-01-01"),
        oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc"),
    ):
        assert answer.find(".//dc:creator").text == "Mai Nam"
        assert answer.find(".//dc:title").text == "Còn nguyên"
    assert listed.find(".//dc:creator").text == got.find(".//dc:creator").text == "Mai Nam"


def test_a_listed_record_is_the_one_written_alone_byte_for_byte(client):
    """ListRecords has PostgreSQL join its records; GetRecord writes each the generic
    way (records.Shared.record). A record without its stored parts, or of a kind the
    code does not know, is listed the generic way too."""
    own = ItemFactory(title_en="Own <rights> & more", rights="© Gia đình", date_text="12/1972")
    CreatorFactory(item=own, person=PersonFactory(name="Mai Nam"), role="photographer")
    CreatorFactory(item=own, person=PersonFactory(name="Võ An Ninh"), role="donor")
    ItemPlaceFactory(item=own, place=PlaceFactory(name_vi="Hà Nội", name_en="Hanoi"))
    own.subjects.add(SubjectFactory(name_vi="cầu"))
    plain = ItemFactory(title_vi="Chỉ tiếng Việt", rights="", date_text="")
    shown = ExhibitionItemFactory(item=ItemFactory(date_text="ngày 18 tháng 12 năm 1972")).item
    missing, unknown = ItemFactory(title_vi="Không còn hàng"), ItemFactory(kind="document")
    DcRecord.objects.filter(item_id=missing.pk).delete()
    Item.objects.filter(pk=unknown.pk).update(kind="sculpture")

    listed = records_of(
        client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content
    )

    items = (own, plain, shown, missing, unknown)
    assert sorted(listed) == sorted(oai_identifier(item) for item in items)
    for item in items:
        alone = records_of(
            client.get(
                "/oai/",
                {
                    "verb": "GetRecord",
                    "identifier": oai_identifier(item),
                    "metadataPrefix": "oai_dc",
                },
            ).content
        )
        assert listed[oai_identifier(item)] == alone[oai_identifier(item)]
    assert b"<setSpec>exhibition:" in listed[oai_identifier(shown)]
    assert b"sculpture" in listed[oai_identifier(unknown)]


@pytest.mark.django_db(transaction=True)
def test_two_writers_linking_one_object_at_once_are_both_kept():
    item = ItemFactory()
    first, second = PersonFactory(name="Người thứ nhất"), PersonFactory(name="Người thứ hai")
    linked, done = threading.Event(), threading.Event()

    def write_first():
        try:
            with transaction.atomic():
                CreatorFactory(item=item, person=first, role="photographer")
                linked.set()  # its row of the object is locked until this commits
                done.wait(timeout=1)  # the second writer is waiting for it by now
        finally:
            linked.set()
            connection.close()

    thread = threading.Thread(target=write_first)
    thread.start()
    assert linked.wait(timeout=10)
    timer = threading.Timer(0.5, done.set)
    timer.start()
    # Waits for the first writer's commit, then reads the links as it left them.
    CreatorFactory(item=item, person=second, role="author", position=1)
    thread.join(timeout=10)
    timer.cancel()

    head = head_of(item)
    assert "Người thứ nhất" in head
    assert "Người thứ hai" in head
    assert_kept()
