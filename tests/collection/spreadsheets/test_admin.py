"""The archivists' import and export pages: upload, preview, confirm, and who may do what."""

import csv
import io
import os
import time
import zipfile

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from collection.models import Image, ImportRecord, Item
from collection.spreadsheets.staging import uploads_root
from core.models import Status
from tests.collection.factories import ItemFactory, image_bytes
from tests.collection.spreadsheets.helpers import ROW, csv_bytes, staff

pytestmark = pytest.mark.django_db


IMPORT = reverse("admin:collection_item_import")


CHANGELIST = reverse("admin:collection_item_changelist")


@pytest.fixture(autouse=True)
def import_temp_dir(settings, tmp_path):
    settings.IMPORT_TEMP_DIR = str(tmp_path / "imports")
    return tmp_path / "imports" / "vitrine-imports"


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def archivist(client):
    client.force_login(staff("Archivist"))
    return client


def upload(client, content, name="sheet.csv", images=None):
    data = {"spreadsheet": SimpleUploadedFile(name, content)}
    if images is not None:
        data["images"] = SimpleUploadedFile("images.zip", images)
    return client.post(IMPORT, data)


def token_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def preview_url(token, page=None):
    url = reverse("admin:collection_item_import_preview", args=[token])
    return f"{url}?page={page}" if page else url


def confirm(client, token):
    return client.post(reverse("admin:collection_item_import_confirm", args=[token]))


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_view_only_staff_get_403_on_import_export_and_template(client):
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)

    for url in (
        IMPORT,
        reverse("admin:collection_item_export", args=["xlsx"]),
        reverse("admin:collection_item_export", args=["csv"]),
        reverse("admin:collection_item_template", args=["xlsx"]),
    ):
        assert client.get(url).status_code == 403, url
    assert upload(client, csv_bytes([ROW])).status_code == 403
    changelist = client.get(CHANGELIST).content.decode()
    assert IMPORT not in changelist
    assert "export.xlsx" not in changelist


def test_the_changelist_offers_import_export_and_the_template_to_archivists(archivist):
    page = archivist.get(CHANGELIST).content.decode()

    assert IMPORT in page
    assert reverse("admin:collection_item_export", args=["xlsx"]) in page
    assert reverse("admin:collection_item_template", args=["xlsx"]) in page


def test_an_archivist_uploads_previews_and_confirms(archivist, import_temp_dir):
    token = token_of(upload(archivist, csv_bytes([ROW])))

    preview = archivist.get(preview_url(token))
    page = preview.content.decode()
    assert preview.context["counts"] == {"new": 1, "updated": 0, "unchanged": 0, "errors": 0}
    assert "Chu Chí Thành" in page
    assert "Quảng Trị" in page
    assert not Item.objects.exists()

    response = confirm(archivist, token)

    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert messages_of(response)[0][0] == "success"
    item = Item.objects.get()
    assert ImportRecord.objects.get().items.get() == item
    assert list(import_temp_dir.iterdir()) == []  # the upload is gone


def test_the_preview_shows_errors_with_row_and_column_a_hundred_at_a_time(archivist):
    rows = [[f"A.{n}", "", "Title", "", "31/02/1972", "", ""] for n in range(150)]
    token = token_of(upload(archivist, csv_bytes(rows)))

    first = archivist.get(preview_url(token))
    second = archivist.get(preview_url(token, page=2))

    assert first.context["error_count"] == 150
    assert [(e.row, e.column) for e in first.context["error_page"]][:2] == [
        (2, "date"),
        (3, "date"),
    ]
    assert len(first.context["error_page"]) == 100
    assert len(second.context["error_page"]) == 50
    assert "Confirm import" not in first.content.decode()
    assert "Title" not in first.content.decode()  # rows themselves are never rendered
    assert confirm(archivist, token).status_code == 302
    assert not Item.objects.exists()


def test_the_error_report_is_the_archivists_file_with_an_error_column(archivist):
    headers = ["accession_number", "title_en", "date", "Box"]
    content = csv_bytes([["A.1", "Fine", "1972", "4"], ["A.2", "Bad", "someday", "5"]], headers)
    token = token_of(upload(archivist, content))

    response = archivist.get(reverse("admin:collection_item_import_errors", args=[token, "csv"]))

    assert response["Content-Disposition"].startswith('attachment; filename="sheet-errors.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["error", *headers]
    assert rows[1] == ["", "A.1", "Fine", "1972", "4"]
    assert rows[2][0].startswith("date: ")
    assert rows[2][1:] == ["A.2", "Bad", "someday", "5"]
    xlsx = archivist.get(reverse("admin:collection_item_import_errors", args=[token, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == ["error", *headers]


def test_confirm_after_someone_changed_an_object_writes_nothing_and_says_so(archivist):
    item = ItemFactory(accession_number="BTLS.1972.10", title_en="Old", status=Status.DRAFT)
    token = token_of(upload(archivist, csv_bytes([ROW, ["NEW.1", "", "x", "", "", "", ""]])))
    item.title_en = "Changed meanwhile"
    item.save()

    response = confirm(archivist, token)

    assert [level for level, _ in messages_of(response)] == ["error"]
    assert "Nothing was imported" in messages_of(response)[0][1]
    assert response.url == preview_url(token)
    assert list(Item.objects.values_list("accession_number", flat=True)) == ["BTLS.1972.10"]
    assert not ImportRecord.objects.exists()
    # The preview now shows the new state, and confirming that one works.
    assert archivist.get(preview_url(token)).context["counts"]["updated"] == 1
    assert messages_of(confirm(archivist, token))[0][0] == "success"


def test_a_failure_during_confirm_writes_nothing_and_shows_no_success(archivist, monkeypatch):
    token = token_of(upload(archivist, csv_bytes([ROW])))

    def fail():  # the last step, after every row and image was written
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("collection.spreadsheets.applying.invalidate_public_pages", fail)
    response = confirm(archivist, token)

    assert [level for level, _ in messages_of(response)] == ["error"]
    assert "the disk is full" in messages_of(response)[0][1]
    assert not Item.objects.exists()


def test_images_come_from_a_zip_uploaded_with_the_sheet(archivist):
    headers = ["accession_number", "title_en", "image"]
    images = zip_bytes({"scans/A1.JPG": image_bytes(), "spare.jpg": image_bytes()})
    token = token_of(upload(archivist, csv_bytes([["A.1", "x", "A1.jpg"]], headers), images=images))

    preview = archivist.get(preview_url(token))
    assert preview.context["summary"]["unused_images"] == ["spare.jpg"]
    confirm(archivist, token)

    image = Image.objects.get()
    assert (image.item.accession_number, image.source_name, image.is_primary) == (
        "A.1",
        "A1.jpg",
        True,
    )


def test_a_missing_image_is_an_error_on_its_row(archivist):
    headers = ["accession_number", "title_en", "image"]
    images = zip_bytes({"other.jpg": image_bytes()})

    token = token_of(upload(archivist, csv_bytes([["A.1", "x", "A1.jpg"]], headers), images=images))

    errors = archivist.get(preview_url(token)).context["error_page"]
    assert [(e.row, e.column) for e in errors] == [(2, "image")]


def test_a_zip_whose_entries_climb_out_of_the_folder_is_refused(archivist, import_temp_dir):
    images = zip_bytes({"../../evil.jpg": image_bytes()})

    response = upload(archivist, csv_bytes([ROW]), images=images)

    assert response.status_code == 200
    assert "outside the ZIP" in response.content.decode()
    assert list(import_temp_dir.iterdir()) == []


def test_a_file_that_cannot_be_read_is_a_clear_error_and_leaves_nothing(archivist, import_temp_dir):
    response = upload(archivist, "accession_number,title_en\r\nA.1,Café\r\n".encode("cp1252"))

    assert "not UTF-8" in response.content.decode()
    assert list(import_temp_dir.iterdir()) == []


def test_cancel_removes_the_upload_and_old_uploads_are_swept(archivist, import_temp_dir):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    old = import_temp_dir / ("0" * 32)
    old.mkdir()
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (day_ago, day_ago))

    archivist.post(reverse("admin:collection_item_import_cancel", args=[token]))
    token_of(upload(archivist, csv_bytes([ROW])))

    assert not (import_temp_dir / token).exists()
    assert not old.exists()
    assert not Item.objects.exists()


def test_another_user_cannot_see_or_confirm_an_upload(archivist, client):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    client.force_login(staff("Curator"))

    assert client.get(preview_url(token)).status_code == 404
    assert confirm(client, token).status_code == 404
    assert not Item.objects.exists()


def test_the_upload_is_kept_outside_media_root(settings, archivist, media_root):
    settings.IMPORT_TEMP_DIR = None
    token = token_of(upload(archivist, csv_bytes([ROW])))

    assert (uploads_root() / token).is_dir()
    assert not str(uploads_root()).startswith(str(media_root))
    archivist.post(reverse("admin:collection_item_import_cancel", args=[token]))


def test_the_upload_size_limit_is_configurable(settings, archivist):
    settings.IMPORT_MAX_BYTES = 10

    response = upload(archivist, csv_bytes([ROW]))

    assert response.status_code == 200
    assert response.context["form"].errors["spreadsheet"]


def test_the_row_limit_is_configurable(settings, archivist):
    settings.IMPORT_MAX_ROWS = 1

    response = upload(archivist, csv_bytes([ROW, ROW]))

    assert "more than 1 rows" in response.content.decode()


def test_the_blank_template_has_every_column_and_a_sheet_explaining_them(archivist):
    response = archivist.get(reverse("admin:collection_item_template", args=["xlsx"]))

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Collection", "Columns"]
    assert [c.value for c in workbook["Collection"][1]][:3] == [
        "accession_number",
        "kind",
        "title_en",
    ]
    assert workbook["Columns"].max_row == 19
    csv_template = archivist.get(reverse("admin:collection_item_template", args=["csv"]))
    assert b"".join(csv_template.streaming_content).startswith(b"\xef\xbb\xbfaccession_number,")


def test_the_import_record_is_shown_read_only_with_its_objects(archivist, client):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    confirm(archivist, token)
    record = ImportRecord.objects.get()

    page = archivist.get(reverse("admin:collection_importrecord_change", args=[record.pk]))

    assert page.status_code == 200
    assert "BTLS.1972.10" in page.content.decode()
    assert archivist.get(reverse("admin:collection_importrecord_changelist")).status_code == 200
    assert (
        archivist.post(
            reverse("admin:collection_importrecord_delete", args=[record.pk])
        ).status_code
        == 403
    )


def test_the_vietnamese_admin_shows_errors_in_vietnamese(archivist):
    archivist.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"

    refused = upload(archivist, "accession_number,title_en\r\nA.1,Café\r\n".encode("cp1252"))
    token = token_of(upload(archivist, csv_bytes([["A.1", "", "", "", "", "", ""]])))
    preview = archivist.get(preview_url(token)).content.decode()

    assert "không phải là văn bản UTF-8" in refused.content.decode()
    assert "Hãy ghi tên hiện vật bằng tiếng Việt hoặc tiếng Anh." in preview


# Export ------------------------------------------------------------------------------------


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
