"""ZIP containers that arrive with an import: a ZIP of images, and the XLSX workbook itself.

ZIPs are hostile until proven otherwise: sizes are checked before anything is
decompressed, names before anything is written, and the bytes actually written are
counted in case the headers lie. ``check_xlsx()`` applies the same suspicion to a
workbook before calamine opens it.

Expansion is accounted over the whole archive as well as per member: a thousand members
of 1 MiB each, none large enough for the per-member check, once made a 342 KB ZIP that
unpacked to 301 MB.
"""

import functools
import re
import stat
import unicodedata
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree
from django.utils.translation import gettext as _

# Above this ratio a member is almost certainly a bomb: photographs barely compress at all,
# and even spreadsheet XML stays well under 30:1.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024

_CHUNK = 1024 * 1024
_UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
_UNICODE_PATH_EXTRA = 0x7075


class ArchiveError(Exception):
    """A folder or ZIP that cannot be used; the message is for the archivist."""


def check_zip(archive: zipfile.ZipFile, *, max_total_bytes: int, max_members: int) -> None:
    """Refuse a ZIP whose declared sizes could exhaust memory or disk, before reading it.
    Shared by images and workbooks: an XLSX is a ZIP too."""
    members = archive.infolist()
    if len(members) > max_members:
        raise ArchiveError(
            _("The ZIP holds more than %(count)s files.") % {"count": f"{max_members:,}"}
        )
    if len({info.filename for info in members}) != len(members):
        # Which copy a reader picks differs between libraries: the checked one may not be read.
        raise ArchiveError(
            _("The ZIP holds two entries with the same name; it may have been tampered with.")
        )
    total = packed = 0
    for info in members:
        total += info.file_size
        packed += info.compress_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ArchiveError(
                _(
                    '"%(name)s" would expand %(ratio)s times its packed size (a ZIP bomb?); '
                    "it was not opened."
                )
                % {"name": info.filename, "ratio": f"{ratio:,.0f}"}
            )
    ratio = total / max(packed, 1)
    if total > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise ArchiveError(
            _(
                "The ZIP's files would expand %(ratio)s times their packed size in all "
                "(a ZIP bomb?); it was not opened."
            )
            % {"ratio": f"{ratio:,.0f}"}
        )
    if total > max_total_bytes:
        raise ArchiveError(
            _("The ZIP would expand to %(size)s MB, more than the %(limit)s MB allowed.")
            % {"size": f"{total / 1e6:,.0f}", "limit": f"{max_total_bytes / 1e6:,.0f}"}
        )


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name. zipfile decodes names as cp437 unless the UTF-8 flag is set;
    macOS's Archive Utility writes UTF-8 without the flag, 7-Zip and WinRAR add an Info-ZIP
    Unicode Path field, and Windows' own "Compressed folder" used the OEM code page, which
    for a Vietnamese Windows is cp1258."""
    if info.flag_bits & _UTF8_FLAG:
        return unicodedata.normalize("NFC", info.filename)
    raw = info.orig_filename.encode("cp437")
    extra = info.extra
    while len(extra) >= 4:
        kind, size = int.from_bytes(extra[:2], "little"), int.from_bytes(extra[2:4], "little")
        body, extra = extra[4 : 4 + size], extra[4 + size :]
        # Version 1, then the CRC of the header's name: a stale field is ignored.
        if (
            kind == _UNICODE_PATH_EXTRA
            and body[:1] == b"\x01"
            and int.from_bytes(body[1:5], "little") == zlib.crc32(raw)
        ):
            try:
                return unicodedata.normalize("NFC", body[5:].decode("utf-8"))
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1258"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return info.filename


def safe_parts(name: str, info: zipfile.ZipInfo) -> list[str]:
    """The member's path components, or ArchiveError for anything that could escape the
    folder it is extracted to."""
    unsafe = (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")  # a Windows drive letter
        or "\x00" in name
        or stat.S_ISLNK(info.external_attr >> 16)
    )
    parts = [part for part in name.replace("\\", "/").split("/") if part not in {"", "."}]
    if unsafe or ".." in parts:
        raise ArchiveError(
            _(
                'The ZIP entry "%(name)s" points outside the ZIP (a link or a path with ".."); '
                "the ZIP was refused. Zip the image files themselves and upload again."
            )
            % {"name": name}
        )
    return parts


def extract_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, allowance: int
) -> int:
    """Copy one member in chunks, counting real bytes: headers can lie about sizes."""
    limit = min(info.file_size, allowance)
    size = 0
    try:
        with archive.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ArchiveError(
                        _(
                            '"%(name)s" holds more data than the ZIP declares (a ZIP bomb?); '
                            "the ZIP was refused."
                        )
                        % {"name": target.name}
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as error:
        raise ArchiveError(
            _('"%(name)s" cannot be unpacked: %(error)s') % {"name": target.name, "error": error}
        ) from error
    return size


# XLSX ------------------------------------------------------------------------------------

XLSX_MAX_MEMBERS = 10_000
# calamine allocates a cell for every position between A1 and the farthest cell holding a
# value: one value in XFD1048576 asks for 550 GB and aborts the process. Cells beyond these
# bounds are refused before calamine sees the file.
XLSX_LAST_COLUMN = "AZ"
_FAR_COLUMN = rb"(?:[A-Za-z]{3,}|[B-Zb-z][A-Za-z])"  # after AZ
_SCAN_CHUNK = 16 * 1024 * 1024
# Cells whose address is not their first attribute (or is missing, so that calamine
# places them by counting), and cells with a namespace prefix: rare, and not checkable
# by the fast scan below, so such sheets are refused rather than trusted.
_UNUSUAL_CELL = re.compile(rb'<c(?! r=")[\s>/]')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s>/]")


def _at_least(number: int) -> bytes:
    """A regex for decimal integers >= number, leading zeros allowed."""
    digits = str(number)
    options = [rb"[1-9][0-9]{%d,}" % len(digits)]
    for position, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - position - 1
            options.append(
                b"%s[%d-9][0-9]{%d}" % (digits[:position].encode(), int(digit) + 1, rest)
            )
    options.append(digits.encode())
    return b"0*(?:" + b"|".join(options) + b")"


# A cell holding something (not self-closing), with its column and row.
_VALUE_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]+)"[^>]*(?<!/)>')


@functools.cache
def _far_cell(max_row: int) -> re.Pattern:
    """A cell with a value (not self-closing) beyond max_row or XLSX_LAST_COLUMN. Searching
    for the rare far address costs a fraction of a second; parsing every cell would not."""
    address = rb"(?:%s[0-9]+|[A-Za-z]{0,2}%s)" % (_FAR_COLUMN, _at_least(max_row + 1))
    return re.compile(rb'<c r="(' + address + rb')"[^>]*(?<!/)>')


def _find_member(archive: zipfile.ZipFile, name: str) -> str | None:
    return next((n for n in archive.namelist() if n.lower() == name.lower()), None)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part (lower case) -> sheet name, to name sheets in messages. Best effort: the
    check itself scans every part, named or not."""
    workbook_part = _find_member(archive, "xl/workbook.xml")
    rels_part = _find_member(archive, "xl/_rels/workbook.xml.rels")
    if not workbook_part or not rels_part:
        return {}
    try:
        workbook = ElementTree.fromstring(archive.read(workbook_part))
        rels = ElementTree.fromstring(archive.read(rels_part))
    except Exception:  # any parse failure only costs us the names; calamine will report it
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter()}
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
        target = targets.get(rel_id, "").replace("\\", "/")
        if target.startswith("/"):
            target = target[1:]
        elif not target.lower().startswith("xl/"):
            target = "xl/" + target
        names[target.lower()] = sheet.get("name", "")
    return names


def check_xlsx(
    archive: zipfile.ZipFile, *, max_total_bytes: int, max_row: int, max_cells: int
) -> None:
    """Refuse a workbook that could exhaust memory in calamine: a ZIP bomb, a sheet with a
    value far beyond its data (max_row, XLSX_LAST_COLUMN), or one whose cells span more
    than max_cells positions.

    calamine holds a sheet as every position of the rectangle from its first cell holding
    something to its last (a few dozen bytes each, strings apart): two values in A1 and
    AZ401000, in a 5 KB file, took 640 MB. The rectangle is measured here, before calamine
    reads a byte, so memory is bounded by the row and cell limits."""
    check_zip(archive, max_total_bytes=max_total_bytes, max_members=XLSX_MAX_MEMBERS)
    parts = [info.filename.replace("\\", "/").lower() for info in archive.infolist()]
    if len(set(parts)) != len(parts):
        # calamine finds parts case-insensitively: the copy checked may not be the one read.
        raise ArchiveError(
            _("The workbook holds two parts with the same name; it may have been tampered with.")
        )
    if "xl/workbook.xml" not in parts:
        if "mimetype" in parts and archive.read("mimetype").startswith(b"application/vnd.oasis"):
            raise ArchiveError(
                _("It is an OpenDocument spreadsheet (.ods), not an Excel workbook.")
            )
        raise ArchiveError(_("It is a ZIP archive, not an Excel workbook."))
    names = _sheet_names(archive)
    far_cell = _far_cell(max_row)
    for info, part in zip(archive.infolist(), parts, strict=True):
        if not part.startswith("xl/worksheets/") or info.is_dir():
            continue
        sheet = names.get(part) or PurePosixPath(part).name
        extent = _Extent()
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(_SCAN_CHUNK):
                buffer = tail + chunk
                cut = buffer.rfind(b"<")  # never split a tag between two searches
                if cut == 0 and len(buffer) > 4 * _SCAN_CHUNK:
                    raise ArchiveError(
                        _('Sheet "%(sheet)s" holds an XML tag too long to be real.')
                        % {"sheet": sheet}
                    )
                body, tail = (buffer, b"") if cut < 0 else (buffer[:cut], buffer[cut:])
                _scan_sheet(body, sheet, far_cell, max_row)
                extent.add(body)
            _scan_sheet(tail, sheet, far_cell, max_row)
            extent.add(tail)
        if extent.cells > max_cells:
            raise ArchiveError(
                _(
                    'Sheet "%(sheet)s" spans %(rows)s rows and %(columns)s columns, '
                    "%(cells)s cells, more than the %(limit)s an import reads. Delete the "
                    "empty rows and columns between and after your data, or split the file."
                )
                % {
                    "sheet": sheet,
                    "rows": f"{extent.rows:,}",
                    "columns": f"{extent.columns:,}",
                    "cells": f"{extent.cells:,}",
                    "limit": f"{max_cells:,}",
                }
            )


class _Extent:
    """The rectangle of a sheet's cells that hold something, as calamine will allocate it."""

    def __init__(self):
        self.first_row = self.first_column = None
        self.last_row = self.last_column = 0

    def add(self, xml: bytes) -> None:
        found = _VALUE_CELL.findall(xml)
        if not found:
            return
        numbers = [_column_number(letters) for letters in {letters for letters, _row in found}]
        rows = [int(row) for _letters, row in found]
        self.first_row = min(rows + ([self.first_row] if self.first_row else []))
        self.first_column = min(numbers + ([self.first_column] if self.first_column else []))
        self.last_row = max(self.last_row, *rows)
        self.last_column = max(self.last_column, *numbers)

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.first_row else 0

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1 if self.first_column else 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    """b"A" -> 1, b"AZ" -> 52, in either case."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _scan_sheet(xml: bytes, sheet: str, far_cell: re.Pattern, max_row: int) -> None:
    if found := far_cell.search(xml):
        raise ArchiveError(
            _(
                'Sheet "%(sheet)s" has something in cell %(cell)s, beyond what an import '
                "reads (rows 1 to %(rows)s, columns A to %(column)s). If it is a stray entry "
                "(a space counts), delete the rows and columns after your data and save "
                "again; otherwise split the file."
            )
            % {
                "sheet": sheet,
                "cell": found.group(1).decode().upper(),
                "rows": f"{max_row:,}",
                "column": XLSX_LAST_COLUMN,
            }
        )
    if _UNUSUAL_CELL.search(xml) or (b":c" in xml and _PREFIXED_CELL.search(xml)):
        raise ArchiveError(
            _(
                'Sheet "%(sheet)s" was written by a program whose cell layout cannot be '
                "checked safely. Open the file in Excel or LibreOffice and save it again "
                "as .xlsx."
            )
            % {"sheet": sheet}
        )
