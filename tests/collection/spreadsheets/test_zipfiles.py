"""ZIPs and workbooks as macOS, Windows and attackers make them."""

import io
import random
import stat
import struct
import unicodedata
import zipfile
import zlib

import openpyxl
import pytest

from collection.spreadsheets.reading import SpreadsheetError
from collection.spreadsheets.zipfiles import ArchiveError, check_zip
from tests.collection.spreadsheets.helpers import MB, extract, zip_bytes
from tests.collection.spreadsheets.test_reading import read, xlsx_bytes

NFD = unicodedata.normalize("NFD", "Ảnh 01.jpg")


def with_raw_name(placeholder: str, raw: bytes, data=b"jpeg") -> bytes:
    """A ZIP whose entry name is raw bytes with the UTF-8 flag unset, as macOS's Archive
    Utility and old Windows write them (zipfile itself always sets the flag)."""
    assert len(placeholder.encode("ascii")) == len(raw)
    return zip_bytes({placeholder: data}).replace(placeholder.encode("ascii"), raw)


# ZIPs of images ---------------------------------------------------------------------------


def test_macos_zip_utf8_names_without_the_flag_are_decoded(tmp_path):
    raw = NFD.encode("utf-8")
    images = extract(with_raw_name("x" * len(raw), raw), tmp_path)
    assert images.names == ["Ảnh 01.jpg"]


def test_vietnamese_windows_zip_cp1258_names_are_decoded(tmp_path):
    raw = "A\u0309nh 01.jpg".encode("cp1258")  # Windows' own ZIP used the OEM code page
    images = extract(with_raw_name("x" * len(raw), raw), tmp_path)
    assert images.names == ["Ảnh 01.jpg"]


def test_info_zip_unicode_path_field_is_preferred(tmp_path):
    """7-Zip and WinRAR store an ASCII-safe name plus the real one in an extra field."""
    real = "Ảnh 01.jpg".encode()
    info = zipfile.ZipInfo("Anh 01.jpg")
    field = b"\x01" + struct.pack("<I", zlib.crc32(b"Anh 01.jpg")) + real
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, b"jpeg")
    assert extract(buffer.getvalue(), tmp_path).names == ["Ảnh 01.jpg"]


@pytest.mark.parametrize(
    "name", ["../evil.jpg", "photos/../../evil.jpg", "/etc/evil.jpg", "C:/evil.jpg", "..\\evil.jpg"]
)
def test_paths_leaving_the_folder_refuse_the_whole_zip(tmp_path, name):
    data = zip_bytes({"fine.jpg": b"ok", name: b"evil"})
    with pytest.raises(ArchiveError, match="points outside the ZIP"):
        extract(data, tmp_path)
    assert not list((tmp_path / "unpacked").iterdir())
    assert not (tmp_path / "evil.jpg").exists()


def test_symlink_entries_are_refused(tmp_path):
    info = zipfile.ZipInfo("link.jpg")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="points outside the ZIP"):
        extract(buffer.getvalue(), tmp_path)


def test_zip_bomb_ratio_is_refused_before_extracting(tmp_path):
    data = zip_bytes({"bomb.jpg": b"\0" * 5 * MB})
    with pytest.raises(ArchiveError, match="ZIP bomb"):
        extract(data, tmp_path)
    assert not list((tmp_path / "unpacked").iterdir())


def test_many_small_members_that_expand_enormously_are_refused_before_extracting(tmp_path):
    """None of the members is over 1 MiB, where the per-member ratio check starts; in all
    they expand a thousand times (a 342 KB ZIP unpacked to 301 MB this way)."""
    data = zip_bytes({f"{index:03}.jpg": b"\0" * MB for index in range(40)})
    assert len(data) < 60_000

    with pytest.raises(ArchiveError, match="in all"):
        extract(data, tmp_path, max_total_bytes=2 * 1024 * MB)
    assert not list((tmp_path / "unpacked").iterdir())


def test_photographs_that_barely_compress_pass_the_whole_archive_check(tmp_path):
    noise = random.Random(0).randbytes
    files = extract(zip_bytes({f"{index}.jpg": noise(300_000) for index in range(8)}), tmp_path)
    assert len(files.names) == 8


def test_declared_total_over_the_limit_is_refused(tmp_path):
    data = zip_bytes({f"{i}.jpg": bytes(range(256)) * 1000 for i in range(3)}, zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match="would expand"):
        extract(data, tmp_path, max_total_bytes=500_000)


def test_headers_that_understate_the_size_are_caught_while_extracting(tmp_path):
    data = bytearray(zip_bytes({"a.jpg": b"x" * 10_000}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at : at + 4] = struct.pack("<I", 100)  # claim 100 bytes
    with pytest.raises(ArchiveError):
        extract(bytes(data), tmp_path)
    assert all(p.stat().st_size <= 100 for p in (tmp_path / "unpacked").iterdir())


def test_too_many_members_is_refused(tmp_path):
    data = zip_bytes({f"{i}.jpg": b"x" for i in range(11)})
    with pytest.raises(ArchiveError, match="more than 10 files"):
        extract(data, tmp_path, max_members=10)


def test_duplicate_names_in_the_zip_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.jpg", b"1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("a.jpg", b"2")
    with zipfile.ZipFile(buffer) as archive, pytest.raises(ArchiveError, match="same name"):
        check_zip(archive, max_total_bytes=MB, max_members=10)


# Workbooks --------------------------------------------------------------------------------


def raw_xlsx(sheet_xml: str, extra_members=()) -> bytes:
    """A minimal workbook around hand-written sheet XML, for what no spreadsheet app writes."""
    ns = "http://schemas.openxmlformats.org/"
    members = {
        "[Content_Types].xml": f'<Types xmlns="{ns}package/2006/content-types"><Default '
        'Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}'
        'officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}spreadsheetml/2006/main">'
        f"<sheetData>{sheet_xml}</sheetData></worksheet>",
        **dict(extra_members),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def text_cell(address: str, text: str, prefix="") -> str:
    p = prefix
    return f'<{p}c r="{address}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'


HEADER_XML = f'<row r="1">{text_cell("A1", "accession_number")}{text_cell("B1", "title_en")}</row>'


def test_value_in_the_last_cell_of_the_sheet_is_refused_not_allocated():
    """A 9 KB file like this makes calamine ask for 550 GB and abort the process."""
    data = xlsx_bytes(("Data", [["accession_number", "title_en"], ["A1", "x"]]))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Data"]["XFD1048576"] = "boom"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(SpreadsheetError, match='"Data" has something in cell XFD1048576'):
        read(buffer.getvalue(), filename="catalogue.xlsx")


def test_stray_space_far_below_the_data_is_refused_with_its_cell():
    sheet = HEADER_XML + f'<row r="1048576">{text_cell("A1048576", " ")}</row>'
    with pytest.raises(SpreadsheetError, match="cell A1048576.*a space counts"):
        read(raw_xlsx(sheet), filename="catalogue.xlsx")


@pytest.mark.parametrize(
    ("address", "refused"),
    [("A3020", False), ("A3021", True), ("A03021", True), ("AZ5", False), ("BA5", True)],
)
def test_reach_of_an_import_is_rows_to_twice_max_rows_and_columns_to_az(address, refused):
    row = "".join(c for c in address if c.isdigit())
    sheet = HEADER_XML + f'<row r="{int(row)}">{text_cell(address, "x")}</row>'
    if refused:
        with pytest.raises(SpreadsheetError, match=f"cell {address}"):
            read(raw_xlsx(sheet), filename="catalogue.xlsx", max_rows=1_010)
    else:
        read(raw_xlsx(sheet), filename="catalogue.xlsx", max_rows=1_010)


@pytest.mark.parametrize(
    "cell",
    [
        text_cell("A2", "x", prefix="x:"),  # namespace-prefixed cells
        '<c t="inlineStr"><is><t>x</t></is></c>',  # no address: placed by counting
    ],
)
def test_cells_the_fast_check_cannot_place_are_refused(cell):
    sheet = HEADER_XML + f'<row r="2">{cell}</row>'
    with pytest.raises(SpreadsheetError, match="save it again as .xlsx"):
        read(raw_xlsx(sheet), filename="catalogue.xlsx")


def test_xlsx_zip_bomb_member_is_refused_before_it_is_read():
    bomb = ("x/worksheets/huge.xml", "<a/>" + " " * 2 * MB)
    with pytest.raises(SpreadsheetError, match="ZIP bomb"):
        read(raw_xlsx(HEADER_XML, [bomb]), filename="catalogue.xlsx")


def test_xlsx_expanding_past_twenty_times_its_size_limit_is_refused():
    padding = ("xl/padding.xml", " " * 900_000)  # under the per-member ratio check
    with pytest.raises(SpreadsheetError, match="would expand"):
        read(raw_xlsx(HEADER_XML, [padding]), filename="catalogue.xlsx", max_bytes=20_000)


def test_xlsx_expanding_past_twenty_times_its_own_size_is_refused_whatever_the_limit():
    """The allowance is the file's own size times twenty, not the upload limit's: with the
    limit's, a 15 MB workbook could unpack to 2 GB."""
    padding = ("xl/padding.xml", " " * 900_000)
    data = raw_xlsx(HEADER_XML, [padding])
    assert len(data) < 20_000
    with pytest.raises(SpreadsheetError, match="would expand"):
        read(data, filename="catalogue.xlsx", max_bytes=100 * MB)


@pytest.mark.parametrize(("far", "refused"), [("R2030", False), ("AZ2030", True)])
def test_a_sheet_spanning_more_cells_than_an_import_reads_is_refused_before_reading(far, refused):
    """calamine holds every position between a sheet's first and last values: A1 and
    AZ401000 in a 5 KB file took 640 MB. The rectangle is measured first."""
    row = "".join(c for c in far if c.isdigit())
    sheet = HEADER_XML + f'<row r="{row}">{text_cell(far, "x")}</row>'
    # 1,010 rows read: up to 2,030 rows and (1,010 + 1,000) x 36 cells may be spanned.
    if refused:
        with pytest.raises(SpreadsheetError, match=r"spans 2,030 rows and 52 columns"):
            read(raw_xlsx(sheet), filename="catalogue.xlsx", max_rows=1_010)
    else:
        read(raw_xlsx(sheet), filename="catalogue.xlsx", max_rows=1_010)
