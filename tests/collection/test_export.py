"""Export in the template's columns: what comes out imports back unchanged, safely."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from collection.archives import images_from_folder
from collection.importer import plan_import, read_import_file
from collection.importer_write import apply_import
from collection.models import Item
from collection.spreadsheet import TEMPLATE_NAMES
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
    image_bytes,
)
from tests.collection.test_importer import staff, write_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    """Objects with everything an export writes, including text that looks like formulas."""
    item = ItemFactory(
        accession_number="BTLS.1972.10",
        title_vi="Vượt sông Thạch Hãn",
        title_en='=HYPERLINK("http://evil.example")',
        description_vi="Dòng một\r\nDòng hai",
        date_text="18/12/1972",
        medium="-40 °C print",
        inscription="@mention",
        rights="+ all rights",
        credit_line="\tTabbed",
    )
    CreatorFactory(item=item, person__name="Chu Chí Thành", role="photographer", position=0)
    CreatorFactory(item=item, person__name="Đoàn Công Tính", role="maker", position=1)
    ItemPlaceFactory(item=item, place__name_vi="Quảng Trị")
    ItemPlaceFactory(item=item, place__name_vi="Hà Nội", relation="made")
    item.subjects.add(SubjectFactory(name_vi="sông"), SubjectFactory(name_vi="bộ đội"))
    ItemFactory(accession_number="1972.10", title_vi="Chỉ có tiếng Việt", date_text="", draft=True)
    return item


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


def test_the_export_command_needs_a_known_extension(tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx or \.csv"):
        call_command("export_collection", str(tmp_path / "c.pdf"))


def test_the_admin_export_needs_the_export_permission(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]))

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("accession_number,kind,title_en")
    assert Item.objects.count() == 2


def admin_export(client, query=""):
    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(content))][1:]


def test_the_admin_export_writes_what_the_change_list_lists(client, collection):
    client.force_login(staff("Archivist"))
    ItemFactory(accession_number="BTLS.1975.01", kind="document", title_en="Thạch Hãn map")

    listing = client.get(reverse("admin:collection_item_changelist") + "?kind__exact=document")
    exported = admin_export(client, "?kind__exact=document")

    assert "export.csv?kind__exact=document" in listing.content.decode()
    assert exported == ["BTLS.1975.01"]
    assert admin_export(client, "?q=thach+han") == ["BTLS.1972.10", "BTLS.1975.01"]
    assert admin_export(client) == ["1972.10", "BTLS.1972.10", "BTLS.1975.01"]


def test_an_admin_export_with_filters_the_list_does_not_offer_is_refused(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + "?secret=1")

    assert response.status_code == 400
