"""Export in the template's columns: what comes out imports back unchanged, safely."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.image_files import images_from_folder
from collection.spreadsheets.planning import plan_import
from collection.spreadsheets.reading import read_import_file
from collection.spreadsheets.template import TEMPLATE_NAMES
from tests.collection.factories import image_bytes
from tests.collection.spreadsheets.helpers import write_file

pytestmark = pytest.mark.django_db


def export(tmp_path, name):
    path = tmp_path / name
    call_command("export_collection", str(path), stdout=io.StringIO())
    return path


def reimport(path, images=None):
    plan = plan_import(read_import_file(path, file_name=path.name), images=images, user=None)
    assert plan.errors == []
    return plan


@pytest.mark.parametrize("name", ["collection.xlsx", "collection.csv"])
def test_exporting_then_importing_changes_nothing(tmp_path, collection, name):
    path = export(tmp_path, name)

    plan = reimport(path)

    assert plan.counts == {"new": 0, "updated": 0, "unchanged": 2, "errors": 0}


def test_imported_images_are_exported_by_file_name_and_import_back_unchanged(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(image_bytes())
    sheet = write_file(tmp_path, b"accession_number,title_en,image\r\nA.1,x,a.jpg\r\n")
    images = images_from_folder(folder)
    apply_import(reimport(sheet, images), user=None, file_name="s.csv")

    path = export(tmp_path, "out.csv")

    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    assert rows[0]["image"] == "a.jpg"
    assert reimport(path).counts["unchanged"] == 1


def test_the_export_has_the_template_columns_and_joins_names(tmp_path, collection):
    rows = list(csv.reader(io.StringIO(export(tmp_path, "c.csv").read_text("utf-8-sig"))))

    assert rows[0] == list(TEMPLATE_NAMES)
    exported = dict(zip(rows[0], rows[2], strict=True))  # ordered by accession number
    assert exported["creator"] == "Chu Chí Thành (photographer); Đoàn Công Tính (maker)"
    assert sorted(exported["places"].split("; ")) == ["Hà Nội", "Quảng Trị"]
    assert exported["accession_number"] == "BTLS.1972.10"
    assert exported["date"] == "18/12/1972"


def test_cells_that_look_like_formulas_are_neutralised(tmp_path, collection):
    sheet = load_workbook(export(tmp_path, "c.xlsx"))["Collection"]
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, (cell.value for cell in sheet[3]), strict=True))

    assert row["title_en"] == '\'=HYPERLINK("http://evil.example")'
    assert row["medium"] == "'-40 °C print"
    assert row["inscription"] == "'@mention"
    assert row["rights"] == "'+ all rights"
    assert row["credit_line"] == "'\tTabbed"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)
    csv_text = export(tmp_path, "c.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    assert ",=" not in csv_text


def test_an_accession_number_like_a_number_stays_text_in_xlsx(tmp_path, collection):
    sheet = load_workbook(export(tmp_path, "c.xlsx"))["Collection"]

    assert sheet["A2"].value == "1972.10"
    assert sheet["A2"].data_type == "s"
