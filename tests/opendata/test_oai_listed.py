"""Pages of ListRecords read from the records kept whole (opendata.oai.listed), their
dates written out once (opendata.oai.dates): the records are the ones written alone,
a kept row that disagrees with the objects is never listed from, and each kind of
change keeps them right."""

import pytest
from django.db import connection

from collection.models import Item
from core.models import Status
from opendata.models import DcDate, DcRecord
from opendata.oai import dc_listing, listed
from opendata.oai.dates import write_missing
from opendata.oai.harvest import Selection
from opendata.oai.records import Shared
from opendata.oai.stored import refill
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
from tests.opendata.answers import REPOSITORY, configure, oai, oai_identifier, records_of

pytestmark = pytest.mark.django_db
PREFIX = f"oai:{REPOSITORY}:"


@pytest.fixture(autouse=True)
def repository(settings, no_page_cache):
    configure(settings)


def kept_page(position=None, limit=50, separated=False):
    with dc_listing._cursor() as cursor:
        return listed.page(
            cursor, Selection(), position, limit, Shared("http://testserver"), PREFIX, separated
        )


def alone(client, item):
    answer = client.get(
        "/oai/",
        {"verb": "GetRecord", "identifier": oai_identifier(item), "metadataPrefix": "oai_dc"},
    )
    return records_of(answer.content)[oai_identifier(item)]


def varied():
    """Objects of every kind, with and without their own rights, links, an exhibition,
    a date written out and one not, and a kind the code does not know."""
    own = ItemFactory(title_en="Own <rights> & more", rights="© Gia đình", date_text="12/1972")
    CreatorFactory(item=own, person=PersonFactory(name="Mai Nam"), role="photographer")
    ItemPlaceFactory(item=own, place=PlaceFactory(name_vi="Hà Nội", name_en="Hanoi"))
    own.subjects.add(SubjectFactory(name_vi="cầu"))
    items = [
        own,
        ItemFactory(kind="document", title_vi="Chỉ tiếng Việt", rights="", date_text=""),
        ExhibitionItemFactory(item=ItemFactory(kind="artifact", date_text="khoảng 1972")).item,
    ]
    write_missing()
    items.append(ItemFactory(date_text="ngày 18 tháng 12 năm 1972"))  # not written out yet
    unknown = ItemFactory(kind="document")
    Item.objects.filter(pk=unknown.pk).update(kind="sculpture")
    return [*items, unknown]


def test_a_kept_page_is_the_records_written_alone_byte_for_byte(client):
    items = varied()
    kept = kept_page()
    assert kept is not None
    assert kept.shown == kept.found == len(items)
    pages = records_of(kept.text)
    assert sorted(pages) == sorted(oai_identifier(item) for item in items)
    for item in items:
        assert pages[oai_identifier(item)] == alone(client, item)
    assert b"<setSpec>exhibition:" in pages[oai_identifier(items[2])]
    assert b"sculpture" in pages[oai_identifier(items[-1])]


def test_a_page_writes_out_the_dates_it_met_for_the_next(client):
    item = ItemFactory(date_text="ngày 18 tháng 12 năm 1972")
    assert stored(item).dates is None
    assert kept_page().unwritten == {"ngày 18 tháng 12 năm 1972"}
    oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    written = DcDate.objects.get(date_text="ngày 18 tháng 12 năm 1972").elements
    assert stored(item).dates == written
    assert "<dc:date>1972-12-18</dc:date>" in written
    assert kept_page().unwritten == frozenset()
    assert records_of(kept_page().text)[oai_identifier(item)] == alone(client, item)


def stored(item):
    return DcRecord.objects.get(item_id=item.pk)


def test_an_import_writes_out_its_dates_before_its_objects(tmp_path):
    import_rows(tmp_path, [ROW], HEADERS)
    item = Item.objects.get(accession_number=ROW[0])
    assert stored(item).dates == DcDate.objects.get(date_text=item.date_text).elements


def test_refill_writes_the_dates_afresh():
    item = ItemFactory(date_text="12/1972")
    DcDate.objects.create(date_text="12/1972", elements="<dc:date>stale</dc:date>")
    refill()
    assert "1972-12" in stored(item).dates
    assert "stale" not in DcDate.objects.get(date_text="12/1972").elements


def test_deleted_records_among_the_published_are_merged_in_order(client, settings):
    settings.OAI_PAGE_SIZE = 3
    items = [ItemFactory() for _ in range(5)]
    # Withdrawn now, between the first object's datestamp and the others'.
    Item.objects.filter(pk=items[1].pk).update(status=Status.DRAFT)
    Item.objects.filter(pk=items[0].pk).update(updated_at="2000-01-01T00:00:00Z")
    Item.objects.filter(pk__in=[item.pk for item in items[2:]]).update(
        updated_at="2100-01-01T00:00:00Z"
    )
    harvested, token = [], None
    while True:
        arguments = {"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"}
        answer = oai(client, verb="ListRecords", **arguments)
        harvested += [
            (header.find("oai:identifier", answer.NAMESPACES).text, header.get("status"))
            for header in answer.findall(".//oai:header")
        ]
        token = answer.token is not None and answer.token.text
        if not token:
            break
    expected = [(oai_identifier(items[0]), None), (oai_identifier(items[1]), "deleted")]
    expected += [(oai_identifier(item), None) for item in items[2:]]
    assert harvested == expected
    position = dc_listing.moment_of(kept_page(limit=1).last[0]), items[0].pk
    entries = kept_page(position, limit=3, separated=True).entries
    assert [pk for _moment, pk, _record in entries] == [item.pk for item in items[2:]]


def test_deleted_records_after_the_published_leave_each_full_page_one_query(
    client, settings, django_assert_num_queries
):
    """Withdrawn after they were last changed, as a museum's are, the deleted records
    come last: the pages before them are read whole, in one query each, and the
    deleted follow on the page they fill."""
    settings.OAI_PAGE_SIZE = 2
    items = [ItemFactory() for _ in range(5)]
    Item.objects.filter(pk__in=[item.pk for item in items]).update(
        updated_at="2000-01-01T00:00:00Z"
    )
    Item.objects.filter(pk=items[2].pk).update(status=Status.DRAFT)  # withdrawn now
    published = [oai_identifier(item) for item in items if item != items[2]]
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert first.identifiers() == published[:2]
    assert first.deleted() == []
    assert first.token.get("completeListSize") == "5"
    with django_assert_num_queries(1):
        second = oai(client, verb="ListRecords", resumptionToken=first.token.text)
    assert second.identifiers() == published[2:]
    assert second.deleted() == []
    last = oai(client, verb="ListRecords", resumptionToken=second.token.text)
    assert last.identifiers() == last.deleted() == [oai_identifier(items[2])]
    assert not last.token.text


def test_a_kept_row_that_disagrees_with_the_objects_is_never_listed_from(client):
    shown, draft = ItemFactory(), ItemFactory(draft=True)
    assert kept_page() is not None
    # A row said published while its object is a draft (triggers turned off for a while).
    DcRecord.objects.filter(item_id=draft.pk).update(published=True)
    assert kept_page() is None
    answer = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert answer.identifiers() == [oai_identifier(shown)]
    # A row older than its object.
    DcRecord.objects.filter(item_id=draft.pk).update(published=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE opendata_dcrecord SET stamped_at = stamped_at - interval '1 day'"
            " WHERE item_id = %s",
            [shown.pk],
        )
    assert kept_page() is None
    assert records_of(client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc").content)[
        oai_identifier(shown)
    ] == alone(client, shown)


def test_exhibitions_keep_the_sets_of_the_records_they_show(client):
    link = ExhibitionItemFactory()
    item, exhibition = link.item, link.section.exhibition
    assert stored(item).sets == f"<setSpec>exhibition:{exhibition.slug}</setSpec>"
    exhibition.slug = "ha-noi-1972"
    exhibition.save()
    assert stored(item).sets == "<setSpec>exhibition:ha-noi-1972</setSpec>"
    exhibition.status = Status.DRAFT
    exhibition.save()
    assert stored(item).sets == ""
    exhibition.status = Status.PUBLISHED
    exhibition.save()
    link.delete()
    assert stored(item).sets == ""
    set_page = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="kind")
    assert set_page.identifiers() == [oai_identifier(item)]
