"""Planning an import: every problem found, on its row and column, before anything is written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from collection.models import Item
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.planning import ImportRefused, plan_file, plan_import
from collection.spreadsheets.reading import SpreadsheetError, read_import_file
from core.models import Status
from tests.collection.factories import ItemFactory
from tests.collection.spreadsheets.helpers import (
    ROW,
    csv_bytes,
    many_rows,
    plan_rows,
    staff,
    write_file,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_a_date_that_is_not_a_date_is_an_error_on_its_row_and_column(tmp_path):
    plan = plan_rows(tmp_path, [ROW, ["A.2", "", "Title", "", "31/02/1972", "", ""]])

    assert [(e.row, e.column) for e in plan.errors] == [(3, "date")]
    assert "31/02/1972" in plan.errors[0].message
    assert plan.counts == {"new": 1, "updated": 0, "unchanged": 0, "errors": 1}


def test_a_misspelled_column_is_an_error_that_names_the_template_column(tmp_path):
    headers = ["accession_number", "titel_en", "title_vi"]

    plan = plan_rows(tmp_path, [["A.1", "Title", "Tên"]], headers=headers)

    assert not plan.is_valid
    assert plan.errors[0].row == 1
    assert 'did you mean "title_en"?' in plan.errors[0].message
    with pytest.raises(ImportRefused):
        apply_import(plan, user=None, file_name="sheet.csv")
    assert not Item.objects.exists()


def test_a_file_changed_between_its_two_readings_is_refused(tmp_path):
    """A CSV is read twice; a plan must not take the links of one version of a row and
    the titles of another."""
    path = write_file(tmp_path, csv_bytes([ROW]))

    def change_the_file(step):
        if step == "Looking up the objects":  # the first reading is done
            path.write_bytes(csv_bytes([[*ROW[:2], "Another title", *ROW[3:]]]))

    with pytest.raises(SpreadsheetError, match="changed while it was being read"):
        plan_file(path, file_name="sheet.csv", images=None, user=None, on_step=change_the_file)
    assert not Item.objects.exists()


def test_blank_rows_are_skipped_and_row_numbers_stay_the_archivists(tmp_path):
    content = (
        b"accession_number,title_en,date\r\n,,\r\nA.1,One,\r\n\r\n , ,\r\n"
        b"A.2,Two,soon\r\n,Three,\r\n,,\r\n"
    )

    path = write_file(tmp_path, content)
    plan = plan_import(read_import_file(path, file_name="s.csv"), images=None, user=None)

    assert plan.counts["new"] == 1
    assert [(e.row, e.column) for e in plan.errors] == [(6, "date"), (7, "accession_number")]


def test_an_accession_number_typed_as_a_number_is_an_error_asking_for_text(tmp_path):
    content = xlsx_bytes({"Objects": [["accession_number", "title_en"], [1972.10, "x"]]})
    path = write_file(tmp_path, content, "sheet.xlsx")

    plan = plan_import(read_import_file(path, file_name="sheet.xlsx"), images=None, user=None)

    assert [(e.row, e.column) for e in plan.errors] == [(2, "accession_number")]
    assert "Text" in plan.errors[0].message


def test_an_accession_number_twice_in_the_file_is_an_error_on_both_rows(tmp_path):
    plan = plan_rows(
        tmp_path, [ROW, ["A.1", "", "x", "", "", "", ""], ["btls.1972.10", "", "y", "", "", "", ""]]
    )

    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "accession_number"),
        (4, "accession_number"),
    ]
    assert "rows 2, 4" in plan.errors[0].message


def test_publishing_needs_the_publish_permission(tmp_path):
    headers = ["accession_number", "title_en", "status"]
    ItemFactory(accession_number="OLD.1", status=Status.PUBLISHED)
    rows = [
        ["A.1", "x", "published"],
        ["A.2", "y", "draft"],
        ["OLD.1", "z", ""],
        ["OLD.1x", "z", ""],
    ]

    archivist_plan = plan_rows(tmp_path, rows, headers, user=staff("Archivist"))
    curator_plan = plan_rows(tmp_path, rows, headers, user=staff("Curator"))

    assert [(e.row, e.column) for e in archivist_plan.errors] == [(2, "status")]
    assert curator_plan.errors == []
    unpublish = plan_rows(
        tmp_path, [["OLD.1", "z", "draft"]], headers, user=staff("Archivist", "a2")
    )
    assert [(e.row, e.column) for e in unpublish.errors] == [(2, "status")]


def test_unknown_kind_status_and_role_are_errors_on_their_columns(tmp_path):
    headers = ["accession_number", "title_en", "kind", "status", "creator"]

    plan = plan_rows(tmp_path, [["A.1", "x", "painting", "public", "An (painter)"]], headers)

    assert [e.column for e in plan.errors] == ["kind", "status", "creator"]


def test_a_row_without_any_title_is_an_error(tmp_path):
    plan = plan_rows(tmp_path, [["A.1", "", "", "", "", "", ""]])

    assert [(e.row, e.column) for e in plan.errors] == [(2, "title_vi")]


def test_the_number_of_queries_to_plan_does_not_grow_with_the_rows(tmp_path):
    counts = []
    for size in (10, 200):
        path = write_file(tmp_path, csv_bytes(many_rows(size)))
        table = read_import_file(path, file_name="sheet.csv")
        with CaptureQueriesContext(connection) as queries:
            plan_import(table, images=None, user=None)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_value_longer_than_its_item_field_is_an_error_naming_the_limit(tmp_path):
    headers = ["accession_number", "title_en", "medium"]
    rows = [["A.1", "x" * 500, "m" * 255], ["A.2", "x" * 501, "m" * 256]]

    plan = plan_rows(tmp_path, rows, headers)

    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (3, "title_en", "Longer than 500 characters."),
        (3, "medium", "Longer than 255 characters."),
    ]


def test_errors_are_in_vietnamese_for_a_vietnamese_archivist(tmp_path):
    rows = [["A.1", "painting", "Tên", "", "31/02/1972", "", ""], ["A.1", "", "", "", "", "", ""]]

    with translation.override("vi"):
        plan = plan_rows(tmp_path, rows)

    messages = {(e.row, e.column): e.message for e in plan.errors}
    assert (
        messages[(2, "kind")]
        == "“painting” không phải là một trong: artifact, photograph, document."
    )
    assert messages[(2, "date")].startswith("“31/02/1972” không tồn tại")
    assert messages[(3, "title_vi")] == "Hãy ghi tên hiện vật bằng tiếng Việt hoặc tiếng Anh."
    assert "có 2 lần trong tệp" in messages[(2, "accession_number")]
