"""Reading spreadsheets: hostile files become clean rows with precise errors.

``read_table()`` takes an uploaded XLSX or CSV and returns a Table: the header row matched
to the template (ignoring case, spaces and hyphens; near misses are errors that suggest
the template's name), then every non-blank row as text, numbered as the archivist sees
it. The format is found by content, CSV must be UTF-8 or UTF-16 (a legacy code page is
refused, never guessed), and a cell whose type would change what was typed (1972.10
stored as the number 1972.1) is an error on its row. Nothing here touches the database.
"""

import contextlib
import datetime
import difflib
import gc
import io
import itertools
import operator
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from collection.spreadsheets.csv_text import (
    TRIM,
    SpreadsheetError,
    accepted,
    count_lines,
    csv_layout,
    csv_rows,
    file_opener,
)
from collection.spreadsheets.template import ACCESSION, TEMPLATE_NAMES
from collection.spreadsheets.writing import FORMULA_STARTS
from collection.spreadsheets.zipfiles import ArchiveError, check_xlsx

# Growth allowed from an XLSX's packed size to its unpacked XML (real workbooks stay under
# 20:1), measured on the file's own size: the upload limit would let a 15 MB file unpack
# to 2 GB.
XLSX_MAX_EXPANSION = 20
# Cells a sheet may span (calamine holds every position of its rectangle), per row an import
# reads: twice the template's width leaves room for the archivist's own columns.
XLSX_CELLS_PER_ROW = 2 * len(TEMPLATE_NAMES)


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
    the preview can show every other problem at once.

    ``rows`` is a list, or, for a CSV read with ``stream=True``, the file itself, read
    from its start each time it is iterated. Then an error further in the file (an
    undecodable byte, an unclosed quote, one row too many) is raised while iterating,
    and the header errors are complete only once the rows have been read through."""

    headers: list[str]
    columns: dict[str, int]  # template column -> index into Row.raw
    unknown_columns: list[str]
    header_errors: list[str]
    rows: Iterable[Row]
    sheet_name: str | None = None
    expected_rows: int = 0  # the file's line ends: what a progress bar can expect


def clean(text: str) -> str:
    """Trim and undo `neutralise()`, so an export imports back exactly. NFC is the caller's."""
    text = text.strip(TRIM)
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and len(text) > 1:
        return text[1:]
    return text


def read_table(
    file, *, filename: str, max_rows: int, max_bytes: int, progress=None, stream=False
) -> Table:
    """Read an uploaded XLSX or CSV (a path or a binary file object) into a Table.

    ``progress(rows read, rows expected)``, if given, is called as the rows are read (a
    large CSV takes seconds to read before the first row can be checked). With
    ``stream``, a CSV's rows are read from the file as they are iterated (see Table); an
    XLSX is read whole all the same, as calamine holds the sheet in memory."""
    opener = file_opener(file, max_bytes, filename)
    with opener() as opened:
        kind = _kind(opened.read(8), filename)
    if kind == "xlsx":
        with opener() as opened:
            data = opened.read()
        sheet_name, first_column, rows = _xlsx_rows(data, filename, max_rows, max_bytes)
        del data
        to_text, expected, stream = _xlsx_texts, max_rows, False
    else:
        sheet_name, first_column, to_text = None, 0, _csv_texts
        layout = csv_layout(opener, filename)

        def again():
            return csv_rows(opener, layout, filename)

        rows = again()
        expected = min(count_lines(opener), max_rows) if progress or stream else max_rows
    if progress is not None and not stream:
        rows = _reported(rows, lambda done: progress(min(done, expected), expected))
    sheet = _Sheet(rows, to_text, first_column, max_rows)
    table = Table(
        sheet.headers,
        sheet.columns,
        sheet.unknown,
        sheet.header_errors,
        [],
        sheet_name,
        expected_rows=expected,
    )
    if stream:
        table.rows = _Reread(
            lambda: sheet.rows(again(), skip=sheet.header_number), opener.unchanged
        )
        return table
    with without_cycle_collection():
        table.rows = list(sheet.rows(rows))
    return table


@contextlib.contextmanager
def without_cycle_collection():
    """A big file makes millions of small lists, dicts and strings, none of them in a
    cycle; the cyclic collector would walk them all dozens of times (half the run time
    of reading or planning one). For the block only."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_import_file(path, *, file_name: str) -> Table:
    """The spreadsheet at ``path`` (an import's upload), within the configured limits; a
    CSV's rows are read as they are iterated (the planner reports the progress)."""
    return read_table(
        path,
        filename=file_name,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_bytes=settings.IMPORT_MAX_BYTES,
        stream=True,
    )


class _Reread:
    """Rows made afresh by ``make()`` each time they are iterated, from a file that must
    stay as it was (``unchanged()``), so that every pass reads what the first did."""

    def __init__(self, make, unchanged):
        self.make, self.unchanged = make, unchanged

    def __iter__(self):
        yield from self.make()
        self.unchanged()


def _reported(rows, report, every=5_000):
    for count, row in enumerate(rows, start=1):
        if count % every == 0:
            report(count)
        yield row


def _kind(data: bytes, filename: str) -> str:
    """By content: a renamed file must not reach the wrong reader."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        problem = _('"%(name)s" is an Excel 97-2003 workbook (.xls) or a password-protected one.')
    elif data.startswith((b"PK\x05\x06", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"{\\rtf")):
        problem = _('"%(name)s" is not a spreadsheet.')
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        problem = _(
            '"%(name)s" is named like an Excel workbook but is not one (renamed, or damaged?).'
        )
    else:
        return "csv"
    raise SpreadsheetError(f"{problem % {'name': filename}} {accepted()}")


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
                max_total_bytes=XLSX_MAX_EXPANSION * len(data),
                max_row=2 * max_rows + 1_000,  # room for the header and blank rows
                max_cells=(max_rows + 1_000) * XLSX_CELLS_PER_ROW,
            )
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = []
        for index, sheet_info in enumerate(workbook.sheets_metadata):
            visible = sheet_info.visible == python_calamine.SheetVisibleEnum.Visible
            found.append(
                f'"{sheet_info.name}"'
                if visible
                else _('"%(sheet)s" (hidden)') % {"sheet": sheet_info.name}
            )
            if sheet_info.typ != python_calamine.SheetTypeEnum.WorkSheet or not visible:
                continue  # a hidden sheet is often an old copy the archivist cannot see
            sheet = workbook.get_sheet_by_index(index)
            # calamine yields rows from row 1, but columns from the first one in use.
            first_column = sheet.start[1] if sheet.start else 0
            rows = enumerate(sheet.iter_rows(), start=1)
            for number, cells in rows:
                texts = _xlsx_texts(cells, ())[0]
                if any(texts):
                    if _is_template(texts):
                        rest = itertools.chain([(number, cells)], rows)
                        return sheet_info.name, first_column, rest
                    break
    except ArchiveError as error:
        raise SpreadsheetError(
            _('"%(name)s" was not read: %(error)s') % {"name": filename, "error": error}
        ) from None
    except (zipfile.BadZipFile, python_calamine.CalamineError) as error:
        raise SpreadsheetError(
            _(
                '"%(name)s" cannot be read as an Excel workbook (%(error)s). It may be damaged '
                "or password-protected."
            )
            % {"name": filename, "error": error}
            + " "
            + accepted()
        ) from None
    raise SpreadsheetError(
        _(
            'No sheet in "%(name)s" has the template\'s headers (accession_number and at '
            "least one other column) in its first row. Sheets found: %(sheets)s."
        )
        % {"name": filename, "sheets": ", ".join(found)}
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
    if isinstance(value, bool):
        problem = _("typed as TRUE/FALSE; format the column as Text and type it again")
        return ("TRUE" if value else "FALSE"), problem
    if isinstance(value, int | float):
        integral = isinstance(value, int) or value.is_integer()
        text = str(int(value)) if integral else repr(value)
        if name == ACCESSION:
            problem = _(
                "typed as a number (%(value)s); format the column as Text and type it again"
            )
            return text, problem % {"value": text}
        if not integral:
            problem = _(
                "typed as a number with decimals (%(value)s); format the column as Text and "
                "type it again"
            )
            return text, problem % {"value": text}
        return text, None
    if isinstance(value, datetime.date):
        text = value.strftime("%d/%m/%Y")
        # Excel turns an accession number such as 3-12 into a date by itself.
        if name == ACCESSION:
            problem = _("typed as a date (%(value)s); format the column as Text and type it again")
            return text, problem % {"value": text}
        return text, None
    if isinstance(value, datetime.time | datetime.timedelta):
        problem = _("typed as a time (%(value)s); format the column as Text and type it again")
        return str(value), problem % {"value": value}
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
    """Template column -> index, the headers not in the template, the header errors, and
    the error for each template column that a header nearly names."""
    columns: dict[str, int] = {}
    unknown: list[str] = []
    errors: list[str] = []
    near_misses: dict[str, str] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        key = _header_key(header)
        if key in TEMPLATE_NAMES:
            if key in columns:
                first, second = (
                    get_column_letter(i + first_column + 1) for i in (columns[key], index)
                )
                errors.append(
                    _('Column "%(column)s" is there twice (columns %(first)s and %(second)s).')
                    % {"column": key, "first": first, "second": second}
                )
            else:
                columns[key] = index
        elif close := difflib.get_close_matches(key, TEMPLATE_NAMES, n=1, cutoff=0.75):
            error = _('Column "%(header)s" is not in the template: did you mean "%(column)s"?') % {
                "header": header,
                "column": close[0],
            }
            errors.append(error)
            near_misses.setdefault(close[0], error)
        else:
            unknown.append(header)
    return columns, unknown, errors, near_misses


class _Sheet:
    """The header row (the first non-empty one) matched to the template, and the data
    rows after it made into Rows, as often as they are read."""

    def __init__(self, rows, to_text, first_column: int, max_rows: int):
        for number, cells in rows:
            headers = to_text(cells, ())[0]
            if any(headers):
                self.header_number = number
                break
        else:
            raise SpreadsheetError(_("The file has no header row: it is empty."))
        while not headers[-1]:
            headers.pop()  # calamine pads every row to the widest one
        self.headers = headers
        self.to_text, self.first_column, self.max_rows = to_text, first_column, max_rows
        columns, unknown, header_errors, near_misses = _match_headers(headers, first_column)
        if ACCESSION not in columns:
            raise SpreadsheetError(
                _("There is no accession_number column, so no row can be matched to an object.")
                + " "
                + near_misses.get(
                    ACCESSION, _("Start from the template, whose first column it is.")
                )
            )
        self.columns, self.unknown, self.header_errors = columns, unknown, header_errors
        self.names: list[str | None] = [None] * len(headers)
        for name, index in columns.items():
            self.names[index] = name
        self.orphan_reported = False

    def rows(self, rows, skip: int = 0):
        """Rows of the (number, cells) in ``rows`` numbered after ``skip``."""
        to_text, names, headers = self.to_text, self.names, self.headers
        width, max_rows = len(headers), self.max_rows
        keys, indexes = list(self.columns), list(self.columns.values())
        pick = operator.itemgetter(*indexes) if len(indexes) > 1 else lambda t: (t[indexes[0]],)
        headerless = [i for i, header in enumerate(headers) if not header]
        count = 0
        for number, cells in rows:
            if number <= skip:
                continue
            texts, typed, errors = to_text(cells, names)
            if not any(texts):
                continue
            if count == max_rows:
                raise SpreadsheetError(
                    _(
                        "The file has more than %(count)s rows. Split it into smaller files "
                        "(or ask an administrator to raise IMPORT_MAX_ROWS)."
                    )
                    % {"count": f"{max_rows:,}"}
                )
            count += 1
            if len(texts) < width:
                texts += [""] * (width - len(texts))
            values = dict(zip(keys, pick(texts), strict=True))
            if typed:
                values.update(typed)
            if not self.orphan_reported and (
                any(texts[width:]) or any(texts[i] for i in headerless)
            ):
                self.report_orphan(texts, number)
            yield Row(number, values, texts, errors or [])

    def report_orphan(self, texts, number) -> None:
        """A value under no header would be dropped without a word: fail the import."""
        self.orphan_reported = True
        headers = self.headers
        width = len(headers)
        orphan = next(i for i, t in enumerate(texts) if t and (i >= width or not headers[i]))
        letter = get_column_letter(orphan + self.first_column + 1)
        self.header_errors.append(
            _(
                "Column %(column)s has values (first in row %(row)s) but no header: "
                "give it a template header or delete it."
            )
            % {"column": letter, "row": number}
        )
