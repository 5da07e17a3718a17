"""Spreadsheets as archivists really save them, each file made for the rule it pins."""

import datetime
import io
import unicodedata
import zipfile
from unittest import mock

import openpyxl
import pytest
from openpyxl.styles import Font

from collection.spreadsheets import csv_text
from collection.spreadsheets.reading import SpreadsheetError, read_import_file, read_table
from tests.collection.spreadsheets.helpers import write_file

MB = 1_000_000


def read(data: bytes, filename="catalogue.csv", max_rows=1_000, max_bytes=10 * MB):
    """The file read whole, having checked that reading it as a stream (as an import
    does) gives the same rows, the same header errors, or the same error."""
    limits = {"filename": filename, "max_rows": max_rows, "max_bytes": max_bytes}
    try:
        table = read_table(io.BytesIO(data), **limits)
    except SpreadsheetError as error:
        streams_fail_alike(data, limits, str(error))
        raise
    streamed = read_table(io.BytesIO(data), **limits, stream=True)
    assert list(streamed.rows) == table.rows
    assert list(streamed.rows) == table.rows, "a stream reads the same rows every time"
    with mock.patch.object(csv_text, "CHUNK_BYTES", 4):  # characters and lines cut in two
        assert list(read_table(io.BytesIO(data), **limits, stream=True).rows) == table.rows
    assert (streamed.headers, streamed.columns, streamed.unknown_columns) == (
        table.headers,
        table.columns,
        table.unknown_columns,
    )
    assert (streamed.header_errors, streamed.sheet_name) == (table.header_errors, table.sheet_name)
    return table


def streams_fail_alike(data, limits, message):
    for chunk in (csv_text.CHUNK_BYTES, 4):
        with (
            mock.patch.object(csv_text, "CHUNK_BYTES", chunk),
            pytest.raises(SpreadsheetError) as streamed,
        ):
            list(read_table(io.BytesIO(data), **limits, stream=True).rows)
        assert str(streamed.value) == message


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(*sheets, active=0) -> bytes:
    """A workbook from (title, rows) pairs; a row is a list of cell values."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(number, column, value)
    workbook.active = active
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# CSV: encodings and delimiters -----------------------------------------------------------


def test_utf8_csv_is_read_with_template_columns_and_row_numbers():
    table = read(csv_bytes("accession_number,title_vi\nBTLS.1,Bộ đội vượt sông\n"))
    assert table.headers == ["accession_number", "title_vi"]
    assert table.columns == {"accession_number": 0, "title_vi": 1}
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"accession_number": "BTLS.1", "title_vi": "Bộ đội vượt sông"})
    ]
    assert table.sheet_name is None
    assert table.header_errors == []


def test_utf8_csv_with_bom_loses_the_bom():
    table = read(b"\xef\xbb\xbf" + csv_bytes("accession_number,kind\nA1,photograph\n"))
    assert table.headers == ["accession_number", "kind"]
    assert table.rows[0].values["accession_number"] == "A1"


def test_excel_unicode_text_is_utf16_with_tabs():
    text = "accession_number\ttitle_vi\r\nBTLS.2\tẢnh Hà Nội\r\n"
    table = read(b"\xff\xfe" + text.encode("utf-16-le"), filename="catalogue.txt")
    assert table.rows[0].values == {"accession_number": "BTLS.2", "title_vi": "Ảnh Hà Nội"}


def test_utf16_big_endian_with_bom_is_read():
    text = "accession_number\tkind\nA1\tdocument\n"
    table = read(b"\xfe\xff" + text.encode("utf-16-be"))
    assert table.rows[0].values == {"accession_number": "A1", "kind": "document"}


def test_vietnamese_excel_csv_uses_semicolons_and_crlf():
    data = csv_bytes("accession_number;title_vi;places\r\nA1;Cầu Long Biên;Hà Nội; Huế\r\n")
    table = read(data)
    assert table.rows[0].values == {
        "accession_number": "A1",
        "title_vi": "Cầu Long Biên",
        "places": "Hà Nội",
    }


def test_excel_sep_line_chooses_the_delimiter_and_is_not_a_row():
    table = read(csv_bytes("sep=;\r\naccession_number;title_en\r\nA1;Bridge, at dawn\r\n"))
    assert table.rows[0].values == {"accession_number": "A1", "title_en": "Bridge, at dawn"}
    assert table.rows[0].number == 2


def test_quoted_fields_keep_newlines_and_rows_are_counted_as_records():
    data = csv_bytes(
        'accession_number,description_en\r\nA1,"Line one\r\nline two"\r\nA2,"Say ""hi"""\r\n'
    )
    table = read(data)
    assert table.rows[0].values["description_en"] == "Line one\r\nline two"
    assert table.rows[1].values["description_en"] == 'Say "hi"'
    assert [row.number for row in table.rows] == [2, 3]


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_legacy_code_page_csv_is_refused_not_guessed(encoding):
    # cp1258 spells Vietnamese as a base letter plus a combining tone mark.
    title = "Hà Nô\u0323i" if encoding == "cp1258" else "Café à Paris"
    data = ("accession_number,title_vi\nA1,ok\nA2," + title + "\n").encode(encoding)
    with pytest.raises(SpreadsheetError, match="not UTF-8.*line 3.*CSV UTF-8"):
        read(data)


def test_nfd_vietnamese_from_macos_is_normalised_to_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Định")
    table = read(csv_bytes(f"accession_number,creator\nA1,{nfd}\n"))
    creator = table.rows[0].values["creator"]
    assert creator == "Nguyễn Thị Định"
    assert unicodedata.is_normalized("NFC", creator)


def test_cells_are_trimmed_of_spaces_nbsp_and_zero_width_but_inner_spaces_stay():
    data = csv_bytes("accession_number,title_en\n\u00a0A1\u200b , \ufeffTwo  words\u00a0\n")
    assert read(data).rows[0].values == {"accession_number": "A1", "title_en": "Two  words"}


def test_unclosed_quote_is_an_error_not_the_rest_of_the_file_in_one_cell():
    data = csv_bytes('accession_number,title_en\nA1,ok\nA2,"never closed\nA3,lost\n')
    with pytest.raises(SpreadsheetError, match=r"from row 3 .*must close"):
        read(data)


def test_an_upload_already_read_by_a_preview_is_read_again_from_the_start():
    upload = io.BytesIO(csv_bytes("accession_number\nA1\n"))
    upload.read()
    table = read_table(upload, filename="catalogue.csv", max_rows=10, max_bytes=MB)
    assert table.rows[0].values == {"accession_number": "A1"}


def test_short_rows_get_empty_strings_never_none():
    table = read(csv_bytes("accession_number,title_en,kind\nA1\n"))
    assert table.rows[0].values == {"accession_number": "A1", "title_en": "", "kind": ""}


# Rows: numbering, blanks, limits ---------------------------------------------------------


def test_blank_rows_are_skipped_but_counted_in_row_numbers():
    data = csv_bytes("\n , \naccession_number,title_en\nA1,x\n,\n \t\nA2,y\n\n")
    table = read(data)
    assert [(row.number, row.values["accession_number"]) for row in table.rows] == [
        (4, "A1"),
        (7, "A2"),
    ]


def test_more_rows_than_allowed_is_refused():
    data = csv_bytes("accession_number\n" + "".join(f"A{i}\n" for i in range(6)))
    assert len(read(data, max_rows=6).rows) == 6
    with pytest.raises(SpreadsheetError, match="more than 5 rows.*IMPORT_MAX_ROWS"):
        read(data, max_rows=5)


def test_file_larger_than_allowed_is_refused():
    with pytest.raises(SpreadsheetError, match="larger than"):
        read(csv_bytes("accession_number\n" + "A1\n" * 100), max_bytes=50)


def test_a_path_can_be_read(tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_bytes("accession_number\nA1\n"))
    table = read_table(path, filename=path.name, max_rows=10, max_bytes=MB)
    assert table.rows[0].values == {"accession_number": "A1"}


# Headers ---------------------------------------------------------------------------------


def test_headers_match_ignoring_case_spaces_and_hyphens():
    table = read(csv_bytes(" Accession Number ,Title EN,credit-line\nA1,x,y\n"))
    assert table.columns == {"accession_number": 0, "title_en": 1, "credit_line": 2}
    assert table.headers == ["Accession Number", "Title EN", "credit-line"]


def test_misspelt_header_is_an_error_with_a_suggestion():
    table = read(csv_bytes("accession_number,titel_en\nA1,Lost title\n"))
    assert table.header_errors == [
        'Column "titel_en" is not in the template: did you mean "title_en"?'
    ]
    assert table.rows[0].values == {"accession_number": "A1"}


def test_unknown_headers_are_listed_and_ignored():
    table = read(csv_bytes("accession_number,Notes,Box\nA1,fragile,7\n"))
    assert table.unknown_columns == ["Notes", "Box"]
    assert table.header_errors == []
    assert table.rows[0].values == {"accession_number": "A1"}
    assert table.rows[0].raw == ["A1", "fragile", "7"]


def test_duplicate_template_header_is_an_error():
    table = read(csv_bytes("accession_number,title_en,Title EN\nA1,a,b\n"))
    assert table.header_errors == ['Column "title_en" is there twice (columns B and C).']


def test_values_under_no_header_are_an_error():
    table = read(csv_bytes("accession_number,,title_en\nA1,,x\nA2,lost,y\n"))
    assert table.header_errors == [
        "Column B has values (first in row 3) but no header: "
        "give it a template header or delete it."
    ]


def test_missing_accession_number_column_is_refused():
    with pytest.raises(SpreadsheetError, match="no accession_number column"):
        read(csv_bytes("title_en,kind\nx,artifact\n"))


def test_misspelt_accession_number_is_refused_with_the_suggestion():
    with pytest.raises(SpreadsheetError, match='did you mean "accession_number"'):
        read(csv_bytes("acession_number,title_en\nA1,x\n"))


def test_empty_file_is_refused():
    with pytest.raises(SpreadsheetError, match="no header row"):
        read(b"\n\n")


# Formats by content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "Excel 97-2003"),
        (b"%PDF-1.7\n", "catalogue.pdf", "not a spreadsheet"),
        (b"accession_number\nA1\n", "catalogue.xlsx", "not one"),
    ],
)
def test_other_formats_are_refused_by_content(data, filename, message):
    with pytest.raises(SpreadsheetError, match=message) as error:
        read(data, filename=filename)
    assert "CSV UTF-8" in str(error.value)


def test_xlsx_named_csv_is_read_as_xlsx():
    data = xlsx_bytes(("Data", [["accession_number", "kind"], ["A1", "artifact"]]))
    assert read(data, filename="catalogue.csv").rows[0].values["kind"] == "artifact"


def test_opendocument_spreadsheet_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(SpreadsheetError, match=r"OpenDocument spreadsheet \(.ods\)"):
        read(buffer.getvalue(), filename="catalogue.ods")


# XLSX ------------------------------------------------------------------------------------


def test_data_sheet_is_found_after_an_active_notes_sheet():
    data = xlsx_bytes(
        ("Notes", [["Read me first"], ["accession_number is the first column"]]),
        ("Data", [["accession_number", "title_vi"], ["BTLS.5", "Cầu Hiền Lương"]]),
        active=0,
    )
    table = read(data, filename="catalogue.xlsx")
    assert table.sheet_name == "Data"
    assert table.rows[0].values == {"accession_number": "BTLS.5", "title_vi": "Cầu Hiền Lương"}


def test_hidden_sheets_are_skipped():
    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "Old"
    old.append(["accession_number", "title_en"])
    old.append(["OLD.1", "stale"])
    old.sheet_state = "hidden"
    current = workbook.create_sheet("Current")
    current.append(["accession_number", "title_en"])
    current.append(["NEW.1", "fresh"])
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read(buffer.getvalue(), filename="catalogue.xlsx")
    assert (table.sheet_name, table.rows[0].values["title_en"]) == ("Current", "fresh")


def test_workbook_without_template_headers_names_its_sheets():
    data = xlsx_bytes(("Notes", [["hello"]]), ("Sheet2", [["title_en", "kind"], ["x", "y"]]))
    with pytest.raises(SpreadsheetError, match='Sheets found: "Notes", "Sheet2"'):
        read(data, filename="catalogue.xlsx")


def test_number_typed_accession_number_is_an_error_showing_the_number():
    data = xlsx_bytes(("Data", [["accession_number", "title_en"], [1972.10, "Bridge"]]))
    row = read(data, filename="catalogue.xlsx").rows[0]
    assert row.errors == [
        (
            "accession_number",
            "typed as a number (1972.1); format the column as Text and type it again",
        )
    ]
    assert row.values["accession_number"] == "1972.1"


def test_accession_number_that_excel_turned_into_a_date_is_an_error():
    data = xlsx_bytes(("Data", [["accession_number", "kind"], [datetime.date(2024, 12, 3), "x"]]))
    row = read(data, filename="catalogue.xlsx").rows[0]
    assert row.errors == [
        (
            "accession_number",
            "typed as a date (03/12/2024); format the column as Text and type it again",
        )
    ]


def test_whole_numbers_become_digits_and_fractions_are_errors():
    data = xlsx_bytes(("Data", [["accession_number", "date", "dimensions"], ["A1", 1972, 24.5]]))
    row = read(data, filename="catalogue.xlsx").rows[0]
    assert row.values == {"accession_number": "A1", "date": "1972", "dimensions": "24.5"}
    assert row.errors == [
        (
            "dimensions",
            "typed as a number with decimals (24.5); format the column as Text and type it again",
        )
    ]


def test_true_false_cells_are_errors():
    data = xlsx_bytes(("Data", [["accession_number", "status"], ["A1", True]]))
    row = read(data, filename="catalogue.xlsx").rows[0]
    assert row.errors == [
        ("status", "typed as TRUE/FALSE; format the column as Text and type it again")
    ]


def test_date_cells_are_dates_in_the_date_column_and_text_elsewhere():
    day = datetime.date(1972, 12, 18)
    rows = [
        ["accession_number", "date", "inscription"],
        ["A1", day, day],
        ["A2", datetime.datetime(1975, 4, 30, 11, 30), "x"],
    ]
    table = read(xlsx_bytes(("Data", rows)), filename="catalogue.xlsx")
    assert table.rows[0].values == {
        "accession_number": "A1",
        "date": day,
        "inscription": "18/12/1972",
    }
    assert table.rows[0].raw == ["A1", "18/12/1972", "18/12/1972"]
    assert table.rows[1].values["date"] == datetime.date(1975, 4, 30)
    assert table.rows[0].errors == []


def test_xlsx_row_numbers_count_leading_blank_rows_and_gaps():
    rows = [
        [],
        [],
        ["accession_number", "title_en"],
        ["A1", "first"],
        [],
        [None, "  "],
        ["A2", "second"],
    ]
    table = read(xlsx_bytes(("Data", rows)), filename="catalogue.xlsx")
    assert [(row.number, row.values["accession_number"]) for row in table.rows] == [
        (4, "A1"),
        (7, "A2"),
    ]


def test_xlsx_header_not_in_column_a_names_columns_as_the_sheet_does():
    rows = [[None, "accession_number", "title_en"], [None, "A1", "x", None, "orphan"]]
    table = read(xlsx_bytes(("Data", rows)), filename="catalogue.xlsx")
    assert table.rows[0].values == {"accession_number": "A1", "title_en": "x"}
    assert table.header_errors == [
        "Column E has values (first in row 2) but no header: "
        "give it a template header or delete it."
    ]


def test_formatted_empty_rows_after_the_data_are_ignored():
    """LibreOffice and Excel leave styled, empty rows below the data."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["accession_number", "title_en"])
    sheet.append(["A1", "one"])
    sheet.append([])
    sheet.append(["A2", "two"])
    for row in range(5, 1005):
        for column in (1, 2, 3):
            sheet.cell(row, column).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read(buffer.getvalue(), filename="catalogue.xlsx")
    assert [row.number for row in table.rows] == [2, 4]


def test_xlsx_text_is_trimmed_and_nfc():
    nfd = unicodedata.normalize("NFD", "Đồng Hới")
    data = xlsx_bytes(("Data", [["accession_number", "places"], [" A1\u00a0", nfd + " "]]))
    assert read(data, filename="catalogue.xlsx").rows[0].values == {
        "accession_number": "A1",
        "places": "Đồng Hới",
    }


def test_damaged_xlsx_is_refused():
    with pytest.raises(SpreadsheetError, match="cannot be read"):
        read(b"PK\x03\x04" + b"\x00" * 200, filename="catalogue.xlsx")


def test_a_csv_in_another_encoding_is_refused_clearly_never_as_mojibake(tmp_path):
    path = write_file(tmp_path, "accession_number,title_en\r\nA.1,Café\r\n".encode("cp1252"))

    with pytest.raises(SpreadsheetError, match="not UTF-8"):
        read_import_file(path, file_name="sheet.csv")
