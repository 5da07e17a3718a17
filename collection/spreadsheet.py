"""Catalogue spreadsheets in and out: hostile files become clean rows with precise errors.

The import engine builds on `read_table()`; exports and the blank template go through
`write_csv()`, `write_xlsx()` and `write_template()`. Nothing here touches the database.
"""

import codecs
import csv
import datetime
import difflib
import gc
import io
import itertools
import operator
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from collection.archives import ArchiveError, check_xlsx


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    help: str  # written for the archivist; shown on the template's "Columns" sheet
    example: str
    multiple: bool = False  # several values separated by MULTI_VALUE_SEPARATOR


MULTI_VALUE_SEPARATOR = ";"

TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "accession_number",
        "Accession number",
        "The object's number in the museum's register, exactly as written there. Format the "
        "column as Text, or Excel turns 1972.10 into 1972.1.",
        "BTLS.1972.10",
    ),
    Column("kind", "Kind", "What the object is: artifact, photograph or document.", "photograph"),
    Column("title_en", "Title (English)", "The title in English.", "Crossing the Thạch Hãn river"),
    Column("title_vi", "Title (Vietnamese)", "The title in Vietnamese.", "Vượt sông Thạch Hãn"),
    Column(
        "description_en",
        "Description (English)",
        "The description visitors read, in English. Line breaks in the cell are kept.",
        "Taken at dawn on the second day of the crossing.",
    ),
    Column(
        "description_vi",
        "Description (Vietnamese)",
        "The same description in Vietnamese.",
        "Ảnh chụp lúc bình minh ngày thứ hai của cuộc vượt sông.",
    ),
    Column(
        "date",
        "Date",
        "When the object was made, as written on the record, day first: 18/12/1972, "
        "December 1972, 1972, circa 1972 or undated.",
        "18/12/1972",
    ),
    Column(
        "creator",
        "Creator",
        "Who made the object. Separate several people with ; and put a role in brackets.",
        "Chu Chí Thành (photographer)",
        multiple=True,
    ),
    Column(
        "places",
        "Places",
        "Places the object shows or comes from, separated by ;.",
        "Quảng Trị; Hà Nội",
        multiple=True,
    ),
    Column(
        "subjects",
        "Subjects",
        "Subjects for searching and browsing, separated by ;.",
        "river crossing; soldiers",
        multiple=True,
    ),
    Column("medium", "Medium", "Materials, or the photographic process.", "Gelatin silver print"),
    Column("dimensions", "Dimensions", "The size as measured, with units.", "24 × 30 cm"),
    Column(
        "inscription", "Inscription", "Writing on the object, copied exactly.", "Thạch Hãn 1972"
    ),
    Column(
        "credit_line",
        "Credit line",
        "How the museum credits the object wherever it is shown.",
        "Gift of the photographer's family, 2005",
    ),
    Column(
        "provenance",
        "Provenance",
        "Where the object came from and how it reached the museum.",
        "Transferred from the army archive in 1980.",
    ),
    Column(
        "rights", "Rights", "Who holds the copyright and what use it allows.", "© Chu Chí Thành"
    ),
    Column(
        "image",
        "Image files",
        "The names of the object's image files, exactly as in the folder or ZIP and without "
        "a folder name. Separate several files with ;.",
        "BTLS.1972.10.jpg; BTLS.1972.10-back.jpg",
        multiple=True,
    ),
    Column(
        "status", "Status", "draft (only staff see it) or published (visitors see it).", "draft"
    ),
)
TEMPLATE_NAMES = tuple(column.name for column in TEMPLATE_COLUMNS)
ACCESSION = "accession_number"

# Growth allowed from an XLSX's packed size to its unpacked XML (real workbooks stay under 20:1).
XLSX_MAX_EXPANSION = 20

# Characters that make a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_STARTS = frozenset("=+-@\t\r")
# Trimmed from both ends of every cell: whitespace plus what copy-paste from the web and
# Word brings along (no-break and zero-width spaces, a stray byte-order mark).
TRIM = (
    " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)

_ERROR_CODES = frozenset(ERROR_CODES)
_ACCEPTED = "Save it as .xlsx (Excel or LibreOffice) or as CSV UTF-8, and upload it again."


class SpreadsheetError(Exception):
    """The whole file cannot be imported; the message tells the archivist why and what to do."""


@dataclass(slots=True)
class Row:
    """One non-blank data row; `values` holds only the template columns the file has."""

    number: int  # as the archivist sees it: header = its row, blank rows counted
    values: dict[str, object]  # template column -> text, or a datetime.date in "date"
    raw: list[str]  # every cell as text, in the file's column order
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)


@dataclass
class Table:
    """A sheet as read. Any header error fails the import, but rows are still read so that
    the preview can show every other problem at once."""

    headers: list[str]
    columns: dict[str, int]  # template column -> index into Row.raw
    unknown_columns: list[str]
    header_errors: list[str]
    rows: list[Row]
    sheet_name: str | None = None


def neutralise(value: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the value instead of running it."""
    return "'" + value if value[:1] in FORMULA_STARTS and value else value


def clean(text: str) -> str:
    """Trim and undo `neutralise()`, so an export imports back exactly. NFC is the caller's."""
    text = text.strip(TRIM)
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and len(text) > 1:
        return text[1:]
    return text


# Reading ---------------------------------------------------------------------------------


def read_table(file, *, filename: str, max_rows: int, max_bytes: int) -> Table:
    """Read an uploaded XLSX or CSV (a path or a binary file object) into a Table."""
    if isinstance(file, str | Path):
        with open(file, "rb") as opened:
            data = opened.read(max_bytes + 1)
    else:
        if getattr(file, "seekable", lambda: False)():
            file.seek(0)  # a preview may have read the upload already
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(
            f'"{filename}" is larger than {max_bytes / 1e6:,.0f} MB. Split it into smaller files.'
        )
    if _kind(data, filename) == "xlsx":
        sheet_name, first_column, rows = _xlsx_rows(data, filename, max_rows, max_bytes)
        to_text = _xlsx_texts
    else:
        sheet_name, first_column, to_text = None, 0, _csv_texts
        rows = _csv_rows(_decode(data, filename), filename)
        del data  # decoded: the bytes need not stay for the rest of the read
    # A big file makes millions of small lists, dicts and strings, none of them in a
    # cycle; the cyclic collector would walk them all dozens of times (half the run time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(rows, to_text, sheet_name, first_column, max_rows)
    finally:
        if collecting:
            gc.enable()


def _kind(data: bytes, filename: str) -> str:
    """By content: a renamed file must not reach the wrong reader."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problem = "is an Excel 97-2003 workbook (.xls) or a password-protected one"
    elif data.startswith((b"PK\x05\x06", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"{\\rtf")):
        problem = "is not a spreadsheet"
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        problem = "is named like an Excel workbook but is not one (renamed, or damaged?)"
    else:
        return "csv"
    raise SpreadsheetError(f'"{filename}" {problem}. {_ACCEPTED}')


def _decode(data: bytes, filename: str) -> str:
    """Text of a CSV: UTF-8 (BOM or not) or Excel's UTF-16 "Unicode Text". Never guess a
    legacy code page: a wrong guess imports mojibake that nobody notices until it is public."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SpreadsheetError(f'"{filename}" is in UTF-32, which is not supported. ' + _ACCEPTED)
    boms = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
    for bom, encoding in boms:
        if data.startswith(bom):
            data, codec = data[len(bom) :], encoding
            break
    else:
        codec = "utf-8"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SpreadsheetError(
            f'"{filename}" is not UTF-8 text (the first character that cannot be read is on '
            f'line {line}). In Excel choose Save As › "CSV UTF-8 (Comma delimited)"; in '
            'LibreOffice tick "Edit filter settings" and choose "Unicode (UTF-8)".'
        ) from None
    if "\x00" in text:
        raise SpreadsheetError(f'"{filename}" is not a text file. ' + _ACCEPTED)
    # Once for the whole file: NFD from macOS and Windows' composed-or-not Vietnamese
    # input become one form, so "Hà Nội" always equals "Hà Nội".
    return unicodedata.normalize("NFC", text)


def _csv_rows(text: str, filename: str) -> Iterator[tuple[int, list[str]]]:
    lines = text[:65536].splitlines()
    first = next((line for line in lines if line.strip(TRIM)), "")
    if lines and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:
        # Excel's own hint line; Excel hides it, so it is not a row for the archivist either.
        delimiter = lines[0].strip()[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        counts = {d: first.count(d) for d in ",;\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    # strict: an unclosed quote must be an error, not the rest of the file in one cell.
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        raise SpreadsheetError(
            f'"{filename}" is not valid CSV from row {number + 1} ({error}): a cell that opens '
            'with a quote mark (") must close with one.'
        ) from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their line ends, one at a time. io.StringIO would hold a
    second copy of the whole file at four bytes a character (240 MB for 100,000 rows)."""
    if "\n" not in text:
        yield from io.StringIO(text, newline="")  # old Mac files end lines with \r alone
        return
    start = 0
    while (end := text.find("\n", start)) != -1:
        yield text[start : end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def _trimmed(cells: list[str]) -> list[str]:
    """`clean()` for a row of text, at C speed for the usual row with no exported formula."""
    texts = [cell.strip(TRIM) for cell in cells]
    joined = "\x00".join(texts)
    if joined.startswith("'") or "\x00'" in joined:
        return [clean(text) for text in texts]
    return texts


def _csv_texts(cells: list[str], names: Sequence[str | None]):
    return _trimmed(cells), None, None


def _xlsx_rows(data: bytes, filename: str, max_rows: int, max_bytes: int):
    """The data sheet's rows, lazily: the first visible sheet whose first non-empty row has
    the template's headers, whichever sheet was active when the file was saved."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # calamine allocates every cell between A1 and the farthest one that holds a
            # value, so a 9 KB file with a value in XFD1048576 would kill the process.
            check_xlsx(
                archive,
                max_total_bytes=XLSX_MAX_EXPANSION * max_bytes,
                max_row=2 * max_rows + 1_000,  # room for the header and blank rows
            )
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = []
        for index, sheet_info in enumerate(workbook.sheets_metadata):
            visible = sheet_info.visible == python_calamine.SheetVisibleEnum.Visible
            found.append(f'"{sheet_info.name}"' + ("" if visible else " (hidden)"))
            if sheet_info.typ != python_calamine.SheetTypeEnum.WorkSheet or not visible:
                continue  # a hidden sheet is often an old copy the archivist cannot see
            sheet = workbook.get_sheet_by_index(index)
            # calamine yields rows from row 1, but columns from the first one in use.
            first_column = sheet.start[1] if sheet.start else 0
            rows = enumerate(sheet.iter_rows(), start=1)
            for number, cells in rows:
                texts, _, _ = _xlsx_texts(cells, ())
                if any(texts):
                    if _is_template(texts):
                        rest = itertools.chain([(number, cells)], rows)
                        return sheet_info.name, first_column, rest
                    break
    except ArchiveError as error:
        raise SpreadsheetError(f'"{filename}" was not read: {error}') from None
    except (zipfile.BadZipFile, python_calamine.CalamineError) as error:
        raise SpreadsheetError(
            f'"{filename}" cannot be read as an Excel workbook ({error}). It may be damaged '
            "or password-protected. " + _ACCEPTED
        ) from None
    raise SpreadsheetError(
        f'No sheet in "{filename}" has the template\'s headers (accession_number and at least '
        f"one other column) in its first row. Sheets found: {', '.join(found)}."
    )


def _xlsx_texts(cells: list, names: Sequence[str | None]):
    """Text for every cell, a real date for the date column, and errors for cells whose
    type would change what the archivist typed (1972.10 stored as the number 1972.1)."""
    if set(map(type, cells)) == {str}:
        joined = "\x00".join(cells)
        if not joined.isascii():
            # One NFC pass per row rather than per cell; the count check covers the rare
            # cell holding a NUL (Excel escapes it as _x0000_).
            normalised = unicodedata.normalize("NFC", joined).split("\x00")
            if len(normalised) == len(cells):
                cells = normalised
            else:
                cells = [unicodedata.normalize("NFC", cell) for cell in cells]
        return _trimmed(cells), None, None
    texts: list[str] = []
    typed = errors = None
    for index, value in enumerate(cells):
        if value.__class__ is str:
            texts.append(clean(unicodedata.normalize("NFC", value)))
            continue
        name = names[index] if index < len(names) else None
        text, problem = _typed_text(value, name)
        texts.append(text)
        if problem and name:
            errors = errors or []
            errors.append((name, problem))
        elif name == "date" and isinstance(value, datetime.date):
            day = value.date() if isinstance(value, datetime.datetime) else value
            typed = {"date": day}
    return texts, typed, errors


def _typed_text(value: object, name: str | None) -> tuple[str, str | None]:
    retype = "format the column as Text and type it again"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), f"typed as TRUE/FALSE; {retype}"
    if isinstance(value, int | float):
        integral = isinstance(value, int) or value.is_integer()
        text = str(int(value)) if integral else repr(value)
        if name == ACCESSION:
            return text, f"typed as a number ({text}); {retype}"
        if not integral:
            return text, f"typed as a number with decimals ({text}); {retype}"
        return text, None
    if isinstance(value, datetime.date):
        text = value.strftime("%d/%m/%Y")
        # Excel turns an accession number such as 3-12 into a date by itself.
        return text, (f"typed as a date ({text}); {retype}" if name == ACCESSION else None)
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value), f"typed as a time ({value}); {retype}"
    return str(value), None


def _header_key(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").split())


def _is_template(texts: list[str]) -> bool:
    """A header row with accession_number (or a near miss, reported later) and one more."""
    keys = {_header_key(text) for text in texts if text}
    has_accession = ACCESSION in keys or any(
        difflib.get_close_matches(key, [ACCESSION], cutoff=0.75) for key in keys
    )
    return has_accession and len(keys & set(TEMPLATE_NAMES) - {ACCESSION}) >= 1


def _match_headers(headers: list[str], first_column: int):
    columns: dict[str, int] = {}
    unknown: list[str] = []
    errors: list[str] = []
    for index, header in enumerate(headers):
        if not header:
            continue
        key = _header_key(header)
        if key in TEMPLATE_NAMES:
            if key in columns:
                first, second = (
                    get_column_letter(i + first_column + 1) for i in (columns[key], index)
                )
                errors.append(f'Column "{key}" is there twice (columns {first} and {second}).')
            else:
                columns[key] = index
        elif close := difflib.get_close_matches(key, TEMPLATE_NAMES, n=1, cutoff=0.75):
            errors.append(f'Column "{header}" is not in the template: did you mean "{close[0]}"?')
        else:
            unknown.append(header)
    return columns, unknown, errors


def _build(rows, to_text, sheet_name: str | None, first_column: int, max_rows: int) -> Table:
    """The header row (first non-empty one) matched to the template, then the data rows."""
    for _number, cells in rows:
        headers, _, _ = to_text(cells, ())
        if any(headers):
            break
    else:
        raise SpreadsheetError("The file has no header row: it is empty.")
    while not headers[-1]:
        headers.pop()  # calamine pads every row to the widest one
    columns, unknown, header_errors = _match_headers(headers, first_column)
    if ACCESSION not in columns:
        guess = [e for e in header_errors if f'"{ACCESSION}"' in e]
        raise SpreadsheetError(
            "There is no accession_number column, so no row can be matched to an object. "
            + (guess[0] if guess else "Start from the template, whose first column it is.")
        )
    names: list[str | None] = [None] * len(headers)
    for name, index in columns.items():
        names[index] = name
    width = len(headers)
    keys, indexes = list(columns), list(columns.values())
    pick = operator.itemgetter(*indexes) if len(indexes) > 1 else lambda t: (t[indexes[0]],)
    headerless = [i for i, header in enumerate(headers) if not header]
    orphan_reported = False

    table_rows: list[Row] = []
    for number, cells in rows:
        texts, typed, errors = to_text(cells, names)
        if not any(texts):
            continue
        if len(table_rows) == max_rows:
            raise SpreadsheetError(
                f"The file has more than {max_rows:,} rows. Split it into smaller files "
                "(or ask an administrator to raise IMPORT_MAX_ROWS)."
            )
        if len(texts) < width:
            texts += [""] * (width - len(texts))
        values = dict(zip(keys, pick(texts), strict=True))
        if typed:
            values.update(typed)
        if not orphan_reported and (any(texts[width:]) or any(texts[i] for i in headerless)):
            # A value under no header would be dropped without a word: fail the import.
            orphan_reported = True
            orphan = next(i for i, t in enumerate(texts) if t and (i >= width or not headers[i]))
            letter = get_column_letter(orphan + first_column + 1)
            header_errors.append(
                f"Column {letter} has values (first in row {number}) but no header: "
                "give it a template header or delete it."
            )
        table_rows.append(Row(number, values, texts, errors or []))
    return Table(headers, columns, unknown, header_errors, table_rows, sheet_name)


# Writing ---------------------------------------------------------------------------------


def _export_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return neutralise(str(value))


def _bold_row(sheet, texts: Iterable[str]) -> list[WriteOnlyCell]:
    cells = [WriteOnlyCell(sheet, value=neutralise(str(text))) for text in texts]
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def write_csv(rows: Iterable[Sequence[object]], file, *, headers: Sequence[str]) -> None:
    """CSV for Excel: UTF-8 with a BOM (without it Excel reads Vietnamese as cp1252),
    commas, CRLF, and every cell neutralised. `file` is binary (an HttpResponse works)."""
    sink = codecs.getwriter("utf-8")(file)
    sink.write("\ufeff")
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in headers])
    writer.writerows([_export_text(value) for value in row] for row in rows)


def write_xlsx(
    rows: Iterable[Sequence[object]],
    file,
    *,
    headers: Sequence[str],
    sheet_name: str = "Collection",
    with_column_help: bool = True,
) -> None:
    """An XLSX in which every cell is text (so nothing becomes a formula or a number)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    accession = list(headers).index(ACCESSION) if ACCESSION in headers else None
    for index, header in enumerate(headers):
        dimension = sheet.column_dimensions[get_column_letter(index + 1)]
        dimension.width = 40 if header.startswith("description") else 20
        if index == accession:
            # Text format on the whole column, so numbers typed later stay as typed.
            dimension.number_format = "@"
    sheet.append(_bold_row(sheet, headers))
    for row in rows:
        # openpyxl refuses XML-illegal control characters (a vertical tab pasted from
        # Word is common), and an export must not fail on one bad cell.
        cells = [ILLEGAL_CHARACTERS_RE.sub("", _export_text(value)) or None for value in row]
        if not _ERROR_CODES.isdisjoint(cells):
            # openpyxl would store the text "#N/A" as an error, which reads back empty.
            for index, text in enumerate(cells):
                if text in _ERROR_CODES:
                    cells[index] = WriteOnlyCell(sheet, value=text)
                    cells[index].data_type = "s"
        if accession is not None and accession < len(cells):
            cell = cells[accession]
            if cell is None or isinstance(cell, str):
                cell = cells[accession] = WriteOnlyCell(sheet, value=cell)
            cell.number_format = "@"
        sheet.append(cells)
    if with_column_help:
        _write_column_help(workbook)
    workbook.save(file)


def _write_column_help(workbook: Workbook) -> None:
    sheet = workbook.create_sheet("Columns")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (20, 90, 45, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(_bold_row(sheet, ["Column", "What to write", "Example", "Several values?"]))
    for column in TEMPLATE_COLUMNS:
        several = f'Yes, separated by "{MULTI_VALUE_SEPARATOR}"' if column.multiple else "No"
        sheet.append([column.name, column.help, neutralise(column.example), several])


def write_template(file, *, format: str) -> None:
    """The blank template: headers only, plus the "Columns" help sheet in XLSX."""
    if format == "xlsx":
        write_xlsx([], file, headers=TEMPLATE_NAMES)
    elif format == "csv":
        write_csv([], file, headers=TEMPLATE_NAMES)
    else:
        raise ValueError(f"Unknown template format {format!r}: use 'xlsx' or 'csv'.")
