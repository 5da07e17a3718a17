"""Writing spreadsheets: exports, error reports and the blank template.

Every cell is written as text, and text that a spreadsheet would run as a formula is
neutralised with a leading apostrophe, which ``reading.clean()`` takes off again: what is
exported imports back exactly. Accession numbers keep a Text format in XLSX, so that
numbers typed later stay as typed.

Control characters (which XML, and so XLSX, cannot hold) are removed first and the text
is neutralised after: "\x01=HYPERLINK(...)" must not become a live formula once its first
character is gone. ``cell_text()`` is the one way a value becomes a cell's text.
"""

import codecs
import csv
import datetime
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from collection.spreadsheets.template import (
    ACCESSION,
    MULTI_VALUE_SEPARATOR,
    TEMPLATE_COLUMNS,
    TEMPLATE_NAMES,
)

# Characters that make a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_STARTS = frozenset("=+-@\t\r")
_ERROR_CODES = frozenset(ERROR_CODES)


def neutralise(value: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the value instead of running it."""
    return "'" + value if value[:1] in FORMULA_STARTS and value else value


def cell_text(value: object) -> str:
    """``value`` as a cell's text: control characters removed, then neutralised, in that
    order (the other way round, a removed first character uncovers a formula)."""
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _export_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_text(value)


def _bold_row(sheet, texts: Iterable[str]) -> list[WriteOnlyCell]:
    cells = [WriteOnlyCell(sheet, value=cell_text(text)) for text in texts]
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def write_csv(rows: Iterable[Sequence[object]], file, *, headers: Sequence[str]) -> None:
    """CSV for Excel: UTF-8 with a BOM (without it Excel reads Vietnamese as cp1252),
    commas, CRLF, and every cell neutralised. `file` is binary (an HttpResponse works)."""
    sink = codecs.getwriter("utf-8")(file)
    sink.write("\ufeff")
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow([cell_text(header) for header in headers])
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
        # Control characters (a vertical tab pasted from Word is common) are already
        # gone: openpyxl refuses them, and an export must not fail on one bad cell.
        cells = [_export_text(value) or None for value in row]
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
    """The "Columns" sheet: every template column explained, in the writer's language."""
    sheet = workbook.create_sheet("Columns")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCD", (20, 90, 45, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(
        _bold_row(sheet, [_("Column"), _("What to write"), _("Example"), _("Several values?")])
    )
    several = _('Yes, separated by "%(separator)s"') % {"separator": MULTI_VALUE_SEPARATOR}
    for column in TEMPLATE_COLUMNS:
        sheet.append(
            [
                column.name,
                str(column.help),
                cell_text(column.example),
                several if column.multiple else _("No"),
            ]
        )


def write_template(file, *, format: str) -> None:
    """The blank template: headers only, plus the "Columns" help sheet in XLSX."""
    if format == "xlsx":
        write_xlsx([], file, headers=TEMPLATE_NAMES)
    elif format == "csv":
        write_csv([], file, headers=TEMPLATE_NAMES)
    else:
        raise ValueError(f"Unknown template format {format!r}: use 'xlsx' or 'csv'.")
