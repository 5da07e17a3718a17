"""Undoing an import: the database as it was before it, except what someone changed
since; the undo recorded, and undoable in turn."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from collection import undo as undoing
from collection.models import Image, ImportUndo, Item, Person
from tests.collection.factories import ItemFactory, PersonFactory, image_bytes
from tests.collection.spreadsheets.helpers import HEADERS, ROW, import_rows, staff

# Each import and undo is a transaction of its own, as in the admin and the commands.
pytestmark = pytest.mark.django_db(transaction=True)

COLLECTION_TABLES = (
    "collection_item",
    "collection_image",
    "collection_person",
    "collection_place",
    "collection_subject",
    "collection_creator",
    "collection_itemplace",
    "collection_item_subjects",
    "collection_importeditem",
)
# Ignored in the comparison: made again from the rest after an undo, and the time of the
# last change, which an undo is (core.history.restoring).
DERIVED = {"search_document", "updated_at"}


def dump():
    """Every row of the collection's tables, as text, sorted."""
    tables = {}
    with connection.cursor() as cursor:
        for table in COLLECTION_TABLES:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY column_name",
                [table],
            )
            columns = [name for (name,) in cursor.fetchall() if name not in DERIVED]
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


def undo(record, **kwargs):
    return undoing.run_undo(undoing.request_undo(record, user=None, **kwargs))


def changed_row():
    return ["OLD.1", "artifact", "Changed by the import", "", "1972", "Trần Văn Mới", "Hà Nội"]


@pytest.fixture
def collection():
    """An object the import changes, its creator, and one the import leaves alone."""
    existing = ItemFactory(accession_number="OLD.1", title_en="As it was", medium="Ink")
    existing.creator_links.create(person=PersonFactory(name="Người Cũ"), role="maker")
    ItemFactory(accession_number="OTHER.1")
    return existing


def test_an_import_then_its_undo_leave_the_collection_as_it_was(tmp_path, collection):
    before = dump()
    _plan, record = import_rows(tmp_path, [ROW, changed_row()])
    assert Item.objects.count() == 3

    done = undo(record)

    assert dump() == before
    assert done.state == ImportUndo.State.DONE
    assert done.report["deleted"] == {"count": 1, "shown": ["BTLS.1972.10"]}
    assert done.report["restored"] == {"count": 1, "shown": ["OLD.1"]}
    assert done.report["authorities_deleted"]["count"] == 5  # 3 people, 2 places
    # The search document is made again from what is back.
    document = Item.objects.values_list("search_document", flat=True).get(accession_number="OLD.1")
    assert "chang" not in document
    assert "was" in document


def test_an_object_edited_after_the_import_survives_the_undo_and_is_named(tmp_path, collection):
    _plan, record = import_rows(tmp_path, [ROW, changed_row()])
    edited = Item.objects.get(accession_number="BTLS.1972.10")
    edited.medium = "Edited by a curator after the import"
    edited.save()

    done = undo(record)

    assert done.report["kept"] == {"count": 1, "shown": ["BTLS.1972.10"]}
    assert Item.objects.get(pk=edited.pk).medium == "Edited by a curator after the import"
    assert Item.objects.get(accession_number="OLD.1").title_en == "As it was"
    # Its people stay: the object kept still names them.
    assert Person.objects.filter(name="Chu Chí Thành").exists()


def test_the_undo_is_recorded_and_can_be_undone_and_the_import_undone_again(tmp_path, collection):
    before = dump()
    _plan, record = import_rows(tmp_path, [ROW, changed_row()])
    imported = dump()
    first = undo(record)

    undo(record, reverses=first)
    assert dump() == imported
    assert not undoing.is_undone(record)

    undo(record)
    assert dump() == before


def test_an_undone_import_cannot_be_undone_twice(tmp_path, collection):
    _plan, record = import_rows(tmp_path, [ROW])
    undo(record)

    with pytest.raises(undoing.UndoRefused):
        undoing.request_undo(record, user=None)


def test_the_undo_deletes_the_images_it_created_with_their_files(tmp_path, media_root):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "crossing.jpg").write_bytes(image_bytes())
    from collection.spreadsheets.image_files import images_from_folder

    _plan, record = import_rows(
        tmp_path, [[*ROW, "crossing.jpg"]], headers=[*HEADERS, "image"],
        images=images_from_folder(folder),
    )  # fmt: skip
    image = Image.objects.get()
    files = [media_root / f.name for f in (image.original, image.thumbnail, image.display)]
    assert all(path.exists() for path in files)

    undo(record)

    assert not Image.objects.exists()
    assert not any(path.exists() for path in files)


def test_the_command_previews_with_dry_run_then_undoes(tmp_path, collection):
    _plan, record = import_rows(tmp_path, [ROW, changed_row()], user=staff("Curator"))
    out = io.StringIO()

    call_command("undo_import", str(record.pk), "--dry-run", stdout=out)
    assert "1 objects would be deleted" in out.getvalue()
    assert Item.objects.filter(accession_number="BTLS.1972.10").exists()

    call_command("undo_import", str(record.pk), stdout=out)
    assert not Item.objects.filter(accession_number="BTLS.1972.10").exists()
    assert f"Import record {record.pk} is undone" in out.getvalue()


def test_import_collection_prints_its_record_on_a_line_of_its_own(tmp_path):
    path = tmp_path / "sheet.csv"
    from tests.collection.spreadsheets.helpers import csv_bytes

    path.write_bytes(csv_bytes([ROW]))
    out = io.StringIO()

    call_command("import_collection", str(path), stdout=out)

    (line,) = [line for line in out.getvalue().splitlines() if line.startswith("Import record:")]
    assert line == f"Import record: {Item.objects.get().imports.get().pk}"
