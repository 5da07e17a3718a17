"""Applying a checked plan: all or nothing, in bulk, safe beside other imports."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from collection.models import (
    Image,
    ImportRecord,
    Item,
    ItemPlace,
    Person,
    Place,
    PlaceRelation,
    Subject,
)
from collection.search import search
from collection.spreadsheets import cells, csv_text, spool
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.image_files import images_from_folder
from collection.spreadsheets.planning import ImportConflict
from opendata.oai.dates import write_out
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    image_bytes,
)
from tests.collection.spreadsheets.helpers import (
    HEADERS,
    ROW,
    csv_bytes,
    import_rows,
    import_rows_from,
    many_rows,
    plan_rows,
    staff,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_a_new_row_creates_an_object_with_its_people_and_places(tmp_path):
    archivist = staff("Archivist")

    plan, record = import_rows(tmp_path, [ROW], user=archivist)

    item = Item.objects.get()
    assert (item.accession_number, item.kind, item.status) == (
        "BTLS.1972.10",
        "photograph",
        "draft",
    )
    assert (item.title_vi, item.title_en) == ("Vượt sông Thạch Hãn", "Crossing the Thạch Hãn river")
    assert [(c.person.name, c.role) for c in item.creator_links.order_by("position")] == [
        ("Chu Chí Thành", "photographer"),
        ("Đoàn Công Tính", "maker"),
    ]
    assert sorted(item.places.values_list("name_vi", flat=True)) == ["Hà Nội", "Quảng Trị"]
    assert item.created_by == item.updated_by == archivist
    assert record.created_count == 1


def test_imported_objects_are_found_by_their_words_their_people_and_places(tmp_path):
    import_rows(tmp_path, [ROW])
    found = {query: list(search(Item.objects.all(), query)) for query in QUERIES}
    item = Item.objects.get()
    assert found == dict.fromkeys(QUERIES, [item])

    changed = [*ROW[:2], "The Hiền Lương bridge", *ROW[3:6], "Vĩnh Linh"]
    import_rows(tmp_path, [changed])

    assert list(search(Item.objects.all(), "hien luong vinh linh")) == [item]
    assert list(search(Item.objects.all(), "quang tri")) == []


# Title (weight A), creator and place (weight B, from the link rows), accession parts.
QUERIES = ["thach han", "Đoàn Công Tính", "quang tri", "BTLS 1972"]


def test_numeric_dates_are_day_first_and_partial_dates_are_accepted(tmp_path):
    rows = [[f"A.{n}", "", "Title", "", date] + [""] * 2 for n, date in enumerate(DATES)]

    import_rows(tmp_path, rows)

    items = {i.date_text: (i.date_earliest, i.date_latest) for i in Item.objects.all()}
    assert items["03/04/1972"] == (datetime.date(1972, 4, 3),) * 2
    assert items["12/1972"] == (datetime.date(1972, 12, 1), datetime.date(1972, 12, 31))


DATES = ["03/04/1972", "12/1972"]


def test_unknown_names_are_listed_as_new_records_and_created_on_confirm(tmp_path):
    PersonFactory(name="Chu Chí Thành")
    PlaceFactory(name_vi="Thành phố Hồ Chí Minh", name_en="Hà Nội")  # matched by English name

    plan, _ = import_rows(tmp_path, [ROW + ["sông; lính"]], headers=[*HEADERS, "subjects"])

    assert plan.new_people == ["Đoàn Công Tính"]
    assert plan.new_places == ["Quảng Trị"]
    assert plan.new_subjects == ["lính", "sông"]
    assert Person.objects.count() == 2
    assert sorted(Place.objects.values_list("name_vi", flat=True)) == [
        "Quảng Trị",
        "Thành phố Hồ Chí Minh",
    ]
    assert Place.objects.get(name_vi="Quảng Trị").name == "Quảng Trị"
    assert sorted(Subject.objects.values_list("name_vi", flat=True)) == ["lính", "sông"]


def test_names_typed_decomposed_match_records_stored_composed(tmp_path):
    person = PersonFactory(name="Chu Chí Thành")
    decomposed = "Chu Chi\u0301 Tha\u0300nh (photographer)"

    plan, _ = import_rows(tmp_path, [[*ROW[:5], decomposed, ""]])

    assert plan.new_people == []
    assert Item.objects.get().creators.get() == person


def test_a_column_not_in_the_template_is_listed_and_ignored(tmp_path):
    plan, _ = import_rows(
        tmp_path, [["A.1", "Title", "shelf 4"]], ["accession_number", "title_en", "Box"]
    )

    assert plan.unknown_columns == ["Box"]
    assert Item.objects.get().current_location == ""


def test_headers_are_matched_ignoring_case_and_spaces(tmp_path):
    plan, _ = import_rows(tmp_path, [["A.1", "Title"]], [" Accession_Number ", "TITLE_EN"])

    assert Item.objects.get().title_en == "Title"


def test_the_data_sheet_is_read_whichever_sheet_was_active(tmp_path):
    content = xlsx_bytes(
        {"Notes": [["Read me first"]], "Objects": [["accession_number", "title_en"], ["A.1", "x"]]},
        active=0,
    )

    plan, _ = import_rows_from(tmp_path, content, "sheet.xlsx")

    assert plan.sheet_name == "Objects"
    assert Item.objects.get().accession_number == "A.1"


def test_a_real_date_cell_is_a_date(tmp_path):
    rows = [["accession_number", "title_en", "date"], ["A.1", "x", datetime.date(1972, 4, 3)]]

    import_rows_from(tmp_path, xlsx_bytes({"Objects": rows}), "sheet.xlsx")

    item = Item.objects.get()
    assert (item.date_text, item.date_earliest) == ("03/04/1972", datetime.date(1972, 4, 3))


@pytest.mark.parametrize(
    ("encoding", "delimiter", "line_end"),
    [
        ("utf-8", ",", "\r\n"),
        ("utf-8-sig", ";", "\n"),
        ("utf-16", "\t", "\r\n"),  # Excel's "Unicode Text"
    ],
)
def test_csv_in_excels_encodings_and_separators_reads_the_same(
    tmp_path, encoding, delimiter, line_end
):
    import_rows_from(
        tmp_path,
        csv_bytes([ROW], encoding=encoding, delimiter=delimiter, line_end=line_end),
        "sheet.csv",
    )

    assert Item.objects.get().title_vi == "Vượt sông Thạch Hãn"


def test_an_existing_object_is_updated_by_its_normalised_accession_number(tmp_path):
    item = ItemFactory(accession_number="BTLS.1972.10", title_en="Old", date_text="1972")

    plan, record = import_rows(tmp_path, [[" btls.1972.10 ", "", "New", "", "", "", ""]])

    assert plan.counts == {"new": 0, "updated": 1, "unchanged": 0, "errors": 0}
    item.refresh_from_db()
    assert (item.title_en, item.date_text, item.date_earliest) == ("New", "", None)
    assert item.kind == "photograph"  # blank kind keeps the object's kind
    assert Item.objects.count() == 1
    assert list(record.links.values_list("item_id", "action")) == [(item.pk, "updated")]


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    rows = [ROW, ["A.2", "document", "Letter", "Thư", "1970s", "", "Quảng Trị"]]
    import_rows(tmp_path, rows)
    before = list(Item.objects.values_list("pk", "updated_at"))

    plan, record = import_rows(tmp_path, rows)

    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 2, "errors": 0}
    assert list(Item.objects.values_list("pk", "updated_at")) == before
    assert (Person.objects.count(), Place.objects.count()) == (2, 2)
    assert record.links.count() == 0


def test_confirming_after_someone_changed_an_object_writes_nothing(tmp_path):
    item = ItemFactory(accession_number="BTLS.1972.10", title_en="Old")
    plan = plan_rows(tmp_path, [ROW, ["NEW.1", "", "x", "", "", "", ""]])
    item.title_en = "Edited in the admin meanwhile"
    item.save()

    with pytest.raises(ImportConflict):
        apply_import(plan, user=None, file_name="sheet.csv")

    assert Item.objects.count() == 1
    assert not Person.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch, media_root):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(image_bytes())
    plan = plan_rows(
        tmp_path, [ROW + ["a.jpg"]], [*HEADERS, "image"], images=images_from_folder(folder)
    )

    def fail():  # the last step, after every row and image was written
        raise RuntimeError("disk full")

    monkeypatch.setattr("collection.spreadsheets.applying.invalidate_public_pages", fail)
    with pytest.raises(RuntimeError):
        apply_import(plan, user=None, file_name="sheet.csv")

    assert not Item.objects.exists()
    assert not Person.objects.exists()
    assert not Image.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_images_from_a_folder_are_attached_missing_ones_are_errors_unused_ones_listed(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "Ảnh 01.JPG").write_bytes(image_bytes(1000, 500))
    (folder / "b.png").write_bytes(image_bytes(300, 600, format="PNG"))
    (folder / "spare.jpg").write_bytes(image_bytes())
    (folder / "notes.jpg").write_bytes(b"not an image")
    headers = ["accession_number", "title_en", "image"]
    images = images_from_folder(folder)

    bad = plan_rows(
        tmp_path, [["A.1", "x", "gone.jpg"], ["A.2", "y", "notes.jpg"]], headers, images=images
    )
    assert [(e.row, e.column) for e in bad.errors] == [(2, "image"), (3, "image")]
    assert "not found" in bad.errors[0].message

    nfd = "A\u0309nh 01.jpg"
    plan, _ = import_rows(tmp_path, [["A.1", "x", f"{nfd}; b.png"]], headers, images=images)

    assert plan.unused_images == ["notes.jpg", "spare.jpg"]
    item = Item.objects.get()
    images_saved = list(item.images.order_by("position"))
    assert [(i.source_name, i.width, i.is_primary) for i in images_saved] == [
        ("Ảnh 01.jpg", 1000, True),
        ("b.png", 300, False),
    ]
    assert images_saved[0].thumbnail.name.endswith(".webp")
    again = plan_rows(tmp_path, [["A.1", "x", f"{nfd}; b.png"]], headers, images=None)
    assert again.counts["unchanged"] == 1  # already imported: no folder needed


def test_places_left_out_are_unlinked_and_kept_places_keep_their_relation(tmp_path):
    item = ItemFactory(accession_number="A.1", title_en="x")
    kept = ItemPlaceFactory(item=item, place__name_vi="Huế", relation=PlaceRelation.MADE)
    ItemPlaceFactory(item=item, place__name_vi="Vinh")
    CreatorFactory(item=item, person__name="Old Name")

    import_rows(
        tmp_path,
        [["A.1", "x", "Huế; Đà Nẵng", "New Name"]],
        ["accession_number", "title_en", "places", "creator"],
    )

    assert sorted(ItemPlace.objects.values_list("place__name_vi", "relation")) == [
        ("Huế", "made"),
        ("Đà Nẵng", "depicted"),
    ]
    assert ItemPlace.objects.get(place__name_vi="Huế").pk == kept.pk
    assert list(item.creators.values_list("name", flat=True)) == ["New Name"]


def test_the_import_record_says_who_what_and_links_the_objects(tmp_path):
    existing = ItemFactory(accession_number="OLD.1", title_en="old")
    archivist = staff("Archivist")

    _, record = import_rows(tmp_path, [ROW, ["OLD.1", "", "new", "", "", "", ""]], user=archivist)

    record.refresh_from_db()
    assert (record.user, record.file_name) == (archivist, "sheet.csv")
    assert (record.created_count, record.updated_count, record.unchanged_count) == (1, 1, 0)
    assert record.report["new_people"] == ["Chu Chí Thành", "Đoàn Công Tính"]
    assert dict(record.links.values_list("item__accession_number", "action")) == {
        "BTLS.1972.10": "created",
        "OLD.1": "updated",
    }
    assert existing in record.items.all()


def test_a_file_longer_than_every_buffer_is_imported_row_for_row(tmp_path, monkeypatch):
    """Read a few bytes at a time, planned rows spooled to disk past the fifth, three at a
    time, parsed cells forgotten after two: as a million-row file is, nothing lost."""
    monkeypatch.setattr(csv_text, "CHUNK_BYTES", 16)
    monkeypatch.setattr(spool, "IN_MEMORY", 5)
    monkeypatch.setattr(spool, "BATCH", 3)
    monkeypatch.setattr(cells, "CELL_CACHE", 2)
    ItemFactory(accession_number="Q.3", title_en="old")
    CreatorFactory(item__accession_number="Q.4", item__title_en="Tên 4", person__name="Old")
    rows = many_rows(20)

    plan, record = import_rows(tmp_path, rows)

    assert (record.created_count, record.updated_count, record.unchanged_count) == (18, 2, 0)
    items = {item.accession_number: item for item in Item.objects.all()}
    assert len(items) == 20
    for accession, _, title_en, title_vi, _, creator, places in rows:
        item = items[accession]
        assert (item.title_en, item.title_vi, item.date_text) == (title_en, title_vi, "12/1972")
        assert [(c.person.name, c.role) for c in item.creator_links.all()] == [
            (creator.removesuffix(" (author)"), "author")
        ]
        assert sorted(item.places.values_list("name_vi", flat=True)) == sorted(
            set(places.split("; "))
        )
    assert Person.objects.count() == 8  # the seven of the file, and "Old" left alone
    assert record.links.count() == 20


def test_the_number_of_queries_to_write_does_not_grow_with_the_rows(tmp_path):
    counts = []
    write_out(["12/1972"])  # the rows' date, written out before: both imports alike
    for size, prefix in ((10, "S"), (200, "L")):
        ItemFactory(accession_number=f"{prefix}.0", title_en="changed below")
        plan = plan_rows(tmp_path, many_rows(size, prefix, names=prefix))
        with CaptureQueriesContext(connection) as queries:
            apply_import(plan, user=None, file_name="sheet.csv")
        counts.append(len(queries))
    # Lock, fingerprint, 3 authority lookups (+ inserts), id allocation, link COPYs,
    # staging table, INSERT with documents, updated_at UPDATE, temporary table, UPDATE,
    # link replacement, record, search documents of the changed objects, cache; and the
    # dates not written out yet (opendata.oai.dates: + their insert when new).
    assert counts[0] == counts[1]
    assert Item.objects.count() == 210


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_both_succeed_without_duplicates(tmp_path):
    plans = [plan_rows(tmp_path, many_rows(300, prefix)) for prefix in ("T", "U")]
    failures = []
    barrier = threading.Barrier(2)

    def run(plan):
        try:
            barrier.wait()
            apply_import(plan, user=None, file_name="sheet.csv")
        except Exception as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert Item.objects.count() == 600
    assert Person.objects.count() == 7
    assert Place.objects.count() == 5
    assert ImportRecord.objects.count() == 2
    ItemFactory(accession_number="AFTER.1")  # the sequence still hands out fresh ids
