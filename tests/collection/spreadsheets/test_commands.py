"""``manage.py import_collection`` and ``export_collection``: the admin's code path, from a
terminal or a script."""

import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.utils import translation
from openpyxl import load_workbook

from collection.models import Image, ImportJob, ImportRecord, Item
from tests.collection.factories import image_bytes
from tests.collection.spreadsheets.helpers import ROW, csv_bytes, staff, write_file
from tests.jobs import wait_for

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_collection", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_valid_file_is_imported_with_a_summary(tmp_path):
    path = write_file(tmp_path, csv_bytes([ROW]))

    out, _ = run(path)

    assert "1 new, 0 updated, 0 unchanged, 0 with errors" in out
    assert "New people (2): Chu Chí Thành, Đoàn Công Tính" in out
    assert "Imported sheet.csv: 1 new" in out
    assert Item.objects.get().accession_number == "BTLS.1972.10"
    assert ImportRecord.objects.get().user is None


def test_invalid_rows_print_row_and_column_exit_non_zero_and_write_nothing(tmp_path):
    path = write_file(tmp_path, csv_bytes([ROW, ["A.2", "", "x", "", "someday", "", ""]]))
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported") as raised:
        call_command("import_collection", str(path), stdout=io.StringIO(), stderr=err)

    assert raised.value.returncode == 1
    assert "row 3, column date: " in err.getvalue()
    assert not Item.objects.exists()


def test_the_command_exits_with_status_1_from_the_shell(tmp_path):
    path = write_file(tmp_path, csv_bytes([["A.1", "", "", "", "", "", ""]]))

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_collection", str(path)])

    assert exited.value.code == 1


def test_dry_run_checks_everything_and_writes_nothing(tmp_path):
    path = write_file(tmp_path, csv_bytes([ROW]))

    out, _ = run(path, "--dry-run")

    assert "Dry run" in out
    assert not Item.objects.exists()


def test_the_users_permissions_apply(tmp_path):
    staff("Archivist")
    path = write_file(
        tmp_path,
        csv_bytes([["A.1", "x", "published"]], ["accession_number", "title_en", "status"]),
    )

    with pytest.raises(CommandError):
        run(path, "--user", "archivist")
    staff("Curator")
    run(path, "--user", "curator")

    assert Item.objects.get().status == "published"
    assert ImportRecord.objects.get().user.username == "curator"


def test_an_unknown_user_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no active user"):
        run(write_file(tmp_path, csv_bytes([ROW])), "--user", "nobody")


def test_images_come_from_a_folder(tmp_path):
    folder = tmp_path / "images"
    (folder / "box 1").mkdir(parents=True)
    (folder / "box 1" / "a.jpg").write_bytes(image_bytes())
    (folder / "unused.jpg").write_bytes(image_bytes())
    path = write_file(
        tmp_path, csv_bytes([["A.1", "x", "a.jpg"]], ["accession_number", "title_en", "image"])
    )

    out, _ = run(path, "--images", folder)

    assert "Image files no row names (1): unused.jpg" in out
    assert Image.objects.get().source_name == "a.jpg"


def test_a_missing_image_is_an_error_on_its_row(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    path = write_file(
        tmp_path, csv_bytes([["A.1", "x", "a.jpg"]], ["accession_number", "title_en", "image"])
    )
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_collection",
            str(path),
            "--images",
            str(folder),
            stdout=io.StringIO(),
            stderr=err,
        )

    assert "row 2, column image: “a.jpg” was not found" in err.getvalue()


def test_a_file_that_cannot_be_read_is_an_error(tmp_path):
    path = write_file(tmp_path, b"\xd0\xcf\x11\xe0 old excel", "old.xls")

    with pytest.raises(CommandError, match="Excel 97-2003"):
        run(path)


@pytest.mark.parametrize("name", ["template.xlsx", "template.csv"])
def test_the_blank_template_is_written(tmp_path, name):
    out, _ = run("--template", tmp_path / name)

    assert "Wrote the blank template" in out
    if name.endswith(".xlsx"):
        workbook = load_workbook(tmp_path / name)
        assert workbook.sheetnames == ["Collection", "Columns"]
    else:
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbfaccession_number,kind,")


def test_no_progress_bar_when_the_output_is_not_a_terminal(tmp_path):
    _, err = run(write_file(tmp_path, csv_bytes([ROW])))

    assert "[#" not in err


def test_a_progress_bar_on_a_terminal(tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    call_command(
        "import_collection",
        str(write_file(tmp_path, csv_bytes([ROW]))),
        stdout=io.StringIO(),
        stderr=err,
    )

    assert "\rChecking [" in err.getvalue()
    assert "100%" in err.getvalue()


def test_the_libraries_own_unsafe_import_command_is_not_installed():
    with pytest.raises(CommandError, match="Unknown command"):
        call_command("import")


def test_the_command_reports_errors_in_vietnamese(tmp_path):
    path = write_file(tmp_path, csv_bytes([ROW, ["A.2", "", "x", "", "someday", "", ""]]))
    err = io.StringIO()

    with translation.override("vi"), pytest.raises(CommandError, match="không có gì được nhập"):
        call_command("import_collection", str(path), stdout=io.StringIO(), stderr=err)

    assert "dòng 3, cột date: " in err.getvalue()


def test_the_export_command_needs_a_known_extension(tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx or \.csv"):
        call_command("export_collection", str(tmp_path / "c.pdf"))


@pytest.mark.worker
def test_background_queues_the_check_and_the_write_for_a_worker(tmp_path, job_worker):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "A1.jpg").write_bytes(image_bytes())
    headers = ["accession_number", "title_en", "image"]
    path = write_file(tmp_path, csv_bytes([["A.1", "Khâm Thiên", "A1.jpg"]], headers))

    with translation.override("en"):
        out, _ = run(path, "--images", folder, "--background")

    job = ImportJob.objects.get()
    assert f"Queued import job {job.pk}" in out
    assert job.confirm_when_checked
    wait_for(lambda: ImportJob.objects.get().state == ImportJob.State.DONE, what="the import")
    image = Image.objects.get()
    assert (image.item.accession_number, image.source_name) == ("A.1", "A1.jpg")
    assert ImportRecord.objects.get().job == job


@pytest.mark.worker
def test_background_dry_run_only_checks(tmp_path, job_worker):
    path = write_file(tmp_path, csv_bytes([ROW]))

    run(path, "--background", "--dry-run")

    wait_for(lambda: ImportJob.objects.get().state == ImportJob.State.CHECKED, what="the check")
    assert ImportJob.objects.get().summary["counts"]["new"] == 1
    assert not Item.objects.exists()
