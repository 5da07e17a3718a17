"""The archivists' import pages: upload, check, preview, confirm, and who may do what.

The check and the write are background jobs; here the tests run them in the test's own
process, right after the request that queues them (``check()``, ``confirm()``): the
pages and the jobs' code are what is under test. tests/browser/test_import_flow.py and
test_jobs.py run them through the queue with a real worker."""

import csv
import datetime
import io
import uuid
import zipfile

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from collection.models import Image, ImportJob, ImportRecord, Item
from collection.spreadsheets import tasks
from core.models import Status
from tests.collection.factories import ItemFactory, image_bytes
from tests.collection.spreadsheets.helpers import ROW, csv_bytes, staff

pytestmark = pytest.mark.django_db


IMPORT = reverse("admin:collection_item_import")


CHANGELIST = reverse("admin:collection_item_changelist")


@pytest.fixture(autouse=True)
def import_temp_dir(settings, tmp_path):
    """Where a worker unpacks the files it works on."""
    folder = tmp_path / "imports"
    folder.mkdir()
    settings.IMPORT_TEMP_DIR = str(folder)
    return folder


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
    """The job an upload started, once its check has run."""
    assert response.status_code == 302, response.content.decode()[:2000]
    token = uuid.UUID(response.url.rstrip("/").rsplit("/", 1)[-1])
    tasks.check_import(str(token))
    return token


def preview_url(token, page=None):
    url = reverse("admin:collection_item_import_job", args=[token])
    return f"{url}?page={page}" if page else url


def confirm(client, token):
    """Confirm, then run the write the confirmation queued (if it queued one)."""
    response = client.post(reverse("admin:collection_item_import_confirm", args=[token]))
    if ImportJob.objects.filter(pk=token, state=ImportJob.State.QUEUED).exists():
        tasks.write_import(str(token))
    return response


def staged(token):
    return default_storage.exists(f"private/imports/{token.hex}/sheet.csv")


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

    assert staged(token)

    response = confirm(archivist, token)

    assert response.status_code == 302
    assert response.url == preview_url(token)
    item = Item.objects.get()
    record = ImportRecord.objects.get()
    assert record.items.get() == item
    done = archivist.get(preview_url(token))
    assert done.context["status"]["state"] == "done"
    assert reverse("admin:collection_importrecord_change", args=[record.pk]) in done.text
    assert "1 new, 0 updated, 0 unchanged" in done.text
    assert not staged(token)  # the upload is gone
    assert list(import_temp_dir.iterdir()) == []  # and so is the worker's copy


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
    assert ImportJob.objects.get().state == ImportJob.State.CHECKED  # nothing queued
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

    confirm(archivist, token)

    page = archivist.get(preview_url(token))
    assert "Nothing was imported" in page.context["status"]["error"]
    assert list(Item.objects.values_list("accession_number", flat=True)) == ["BTLS.1972.10"]
    assert not ImportRecord.objects.exists()
    # The preview now shows the new state, and confirming that one works.
    assert page.context["counts"]["updated"] == 1
    confirm(archivist, token)
    assert ImportJob.objects.get().state == ImportJob.State.DONE


def test_a_failure_during_confirm_writes_nothing_and_shows_no_success(archivist, monkeypatch):
    token = token_of(upload(archivist, csv_bytes([ROW])))

    def fail():  # the last step, after every row and image was written
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("collection.spreadsheets.applying.invalidate_public_pages", fail)
    confirm(archivist, token)

    page = archivist.get(preview_url(token))
    assert page.context["status"]["state"] == "failed"
    assert "the disk is full" in page.context["status"]["error"]
    assert "Run it again" in page.text
    assert not Item.objects.exists()
    assert not ImportRecord.objects.exists()


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

    token = token_of(upload(archivist, csv_bytes([ROW]), images=images))

    page = archivist.get(preview_url(token))
    assert page.context["status"]["state"] == "failed"
    assert "outside the ZIP" in page.text
    assert list(import_temp_dir.iterdir()) == []
    assert not staged(token)


def test_a_file_that_cannot_be_read_is_a_clear_error_and_leaves_nothing(archivist, import_temp_dir):
    content = "accession_number,title_en\r\nA.1,Café\r\n".encode("cp1252")
    token = token_of(upload(archivist, content))

    assert "not UTF-8" in archivist.get(preview_url(token)).text
    assert list(import_temp_dir.iterdir()) == []
    assert not staged(token)


def test_cancel_removes_the_upload_and_old_uploads_are_swept(archivist, import_temp_dir):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    old = token_of(upload(archivist, csv_bytes([ROW])))
    ImportJob.objects.filter(pk=old).update(created_at=timezone.now() - datetime.timedelta(days=2))

    archivist.post(reverse("admin:collection_item_import_cancel", args=[token]))
    token_of(upload(archivist, csv_bytes([ROW])))

    assert not staged(token)
    assert not staged(old)
    assert ImportJob.objects.get(pk=old).state == ImportJob.State.CANCELLED
    assert ImportJob.objects.get(pk=token).state == ImportJob.State.CANCELLED
    assert not Item.objects.exists()


def test_another_user_cannot_see_or_confirm_an_upload(archivist, client):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    client.force_login(staff("Curator"))

    assert client.get(preview_url(token)).status_code == 404
    assert confirm(client, token).status_code == 404
    assert not Item.objects.exists()


def test_staged_uploads_are_not_reachable_by_url(client, archivist, media_root):
    token = token_of(upload(archivist, csv_bytes([ROW])))
    name = f"private/imports/{token.hex}/sheet.csv"
    assert (media_root / name).is_file()  # every machine's worker reads it from storage

    for visitor in (client, archivist):
        response = visitor.get(f"/media/{name}")
        assert response.status_code == 404, response.status_code
    client.logout()
    assert client.get(f"/media/{name}").status_code == 404


def test_the_upload_size_limit_is_configurable(settings, archivist):
    settings.IMPORT_MAX_BYTES = 10

    response = upload(archivist, csv_bytes([ROW]))

    assert response.status_code == 200
    assert response.context["form"].errors["spreadsheet"]


def test_the_row_limit_is_configurable(settings, archivist):
    settings.IMPORT_MAX_ROWS = 1

    token = token_of(upload(archivist, csv_bytes([ROW, ROW])))

    assert "more than 1 rows" in archivist.get(preview_url(token)).text


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

    content = "accession_number,title_en\r\nA.1,Café\r\n".encode("cp1252")
    refused = archivist.get(preview_url(token_of(upload(archivist, content)))).text
    token = token_of(upload(archivist, csv_bytes([["A.1", "", "", "", "", "", ""]])))
    preview = archivist.get(preview_url(token)).content.decode()

    assert "không phải là văn bản UTF-8" in refused
    assert "Hãy ghi tên hiện vật bằng tiếng Việt hoặc tiếng Anh." in preview


def test_the_list_of_imports_shows_running_and_failed_ones(archivist, client):
    failed = token_of(upload(archivist, "accession_number\r\nA.1\r\n".encode("cp1252") + b"\xe9"))
    running = uuid.UUID(upload(archivist, csv_bytes([ROW])).url.rstrip("/").rsplit("/", 1)[-1])
    assert ImportJob.objects.get(pk=failed).state == ImportJob.State.FAILED

    listing = archivist.get(reverse("admin:collection_importjob_changelist"))

    assert listing.status_code == 200
    assert "Failed" in listing.text
    assert "Checking the file" in listing.text
    assert reverse("admin:collection_item_import_job", args=[running]) in listing.text
    client.force_login(staff("Curator"))
    other = client.get(reverse("admin:collection_importjob_changelist"))
    assert other.status_code == 200
    assert "sheet.csv" in other.text
    assert reverse("admin:collection_item_import_job", args=[running]) not in other.text


def test_the_job_page_speaks_the_archivists_language(archivist):
    archivist.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    token = token_of(upload(archivist, "accession_number\r\nA.1\r\n".encode("cp1252") + b"\xe9"))

    page = archivist.get(preview_url(token))

    assert page.context["status"]["label"] == "Thất bại"
    assert "không phải là văn bản UTF-8" in page.context["status"]["error"]
    assert "Tải lên một tệp" in page.text
