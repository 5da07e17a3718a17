"""Files and people for the import and export tests."""

import csv
import io
import zipfile

from django.contrib.auth.models import Group, User
from openpyxl import Workbook

from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.image_files import ImageFiles, images_from_zip
from collection.spreadsheets.planning import plan_import
from collection.spreadsheets.reading import read_import_file

MB = 1024 * 1024
HEADERS = ["accession_number", "kind", "title_en", "title_vi", "date", "creator", "places"]
ROW = [
    "BTLS.1972.10",
    "photograph",
    "Crossing the Thạch Hãn river",
    "Vượt sông Thạch Hãn",
    "03/04/1972",
    "Chu Chí Thành (photographer); Đoàn Công Tính",
    "Quảng Trị; Hà Nội",
]


def staff(role, username=None):
    user = User.objects.create_user(username or role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8", line_end="\r\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets, active=0):
    """sheets: {name: rows (first row the headers)}; `active` is the sheet Excel opens."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.active = active
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def extract(data: bytes, tmp_path, max_total_bytes=10 * MB, **limits) -> ImageFiles:
    dest = tmp_path / "unpacked"
    dest.mkdir(exist_ok=True)
    return images_from_zip(
        io.BytesIO(data), dest_dir=dest, max_total_bytes=max_total_bytes, **limits
    )


def write_file(tmp_path, content, name="sheet.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def plan_rows(tmp_path, rows, headers=HEADERS, user=None, images=None, **options):
    path = write_file(tmp_path, csv_bytes(rows, headers, **options))
    return plan_import(read_import_file(path, file_name="sheet.csv"), images=images, user=user)


def import_rows(tmp_path, rows, headers=HEADERS, user=None, images=None):
    plan = plan_rows(tmp_path, rows, headers, user=user, images=images)
    assert plan.errors == []
    return plan, apply_import(plan, user=user, file_name="sheet.csv")


def import_rows_from(tmp_path, content, name, user=None):
    path = write_file(tmp_path, content, name)
    plan = plan_import(read_import_file(path, file_name=name), images=None, user=user)
    assert plan.errors == []
    return plan, apply_import(plan, user=user, file_name=name)


def many_rows(count, prefix="Q", names=""):
    return [
        [
            f"{prefix}.{n}",
            "photograph",
            f"Title {n}",
            f"Tên {n}",
            "12/1972",
            f"Person {names}{n % 7} (author)",
            f"Place {names}{n % 5}; Place {names}{n % 3}",
        ]
        for n in range(count)
    ]
