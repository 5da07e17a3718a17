"""ZIPs and folders that arrive with an import: the images, and the XLSX container.

Images become an `ImageFiles` lookup keyed by file name, so the spreadsheet's `image` column
can name "Ảnh 01.jpg" whichever way the file reached us. ZIPs are hostile until proven
otherwise: names are checked before anything is written, sizes are checked before anything
is decompressed, and the bytes actually written are counted in case the headers lie.
`check_xlsx()` applies the same suspicion to a workbook before calamine opens it.
"""

import functools
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree

# Above this ratio a member is almost certainly a bomb: photographs barely compress at all,
# and even spreadsheet XML stays well under 30:1.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024

# Files that operating systems leave in folders and ZIPs; nobody means to import them.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
JUNK_FOLDERS = frozenset({"__macosx"})

_CHUNK = 1024 * 1024
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_UNICODE_PATH_EXTRA = 0x7075


class ArchiveError(Exception):
    """A folder or ZIP of images that cannot be used; the message is for the archivist."""


def _key(name: str) -> str:
    """The matching key: NFC, exact except for the extension's case (cameras write .JPG)."""
    name = unicodedata.normalize("NFC", name)
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{extension.lower()}" if dot and stem else name


def _is_junk_folder(name: str) -> bool:
    return name.casefold() in JUNK_FOLDERS or name.startswith(".")


def _is_junk(parts: list[str]) -> bool:
    """True for system litter: the names above, dot files (macOS's "._name" resource forks
    among them) and anything inside __MACOSX/ or a hidden folder."""
    *folders, name = parts
    return (
        any(_is_junk_folder(folder) for folder in folders)
        or name.casefold() in JUNK_NAMES
        or name.startswith(".")
    )


@dataclass
class ImageFiles:
    """Available image files by name. Every file counts, not only known image types, so
    that a row naming "scan.pdf" hears "not an image" rather than "not found"."""

    files: dict[str, Path] = field(default_factory=dict)  # matching key -> file on disk
    names: list[str] = field(default_factory=list)  # NFC file names, sorted

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Path, str]]) -> "ImageFiles":
        """Build from (file name, path, where it was found) triples; where names the
        duplicate in the error."""
        files: dict[str, Path] = {}
        found_at: dict[str, str] = {}
        for name, path, where in pairs:
            key = _key(name)
            if key in files:
                raise ArchiveError(
                    f'Two image files have the same name: "{found_at[key]}" and "{where}". '
                    "Rename one of them so each row names exactly one file."
                )
            files[key] = path
            found_at[key] = where
        return cls(
            files=files, names=sorted(unicodedata.normalize("NFC", p.name) for p in files.values())
        )

    def find(self, name: str) -> Path | None:
        """The file a spreadsheet cell names, or None. Only plain file names match: a name
        with a folder in it ("sub/a.jpg", "../a.jpg", "C:\\a.jpg") is never looked up."""
        name = name.strip()
        if (
            name in {"", ".", ".."}
            or any(c in name for c in "/\\\x00")
            or (len(name) > 1 and name[1] == ":")  # a Windows drive letter
        ):
            return None
        return self.files.get(_key(name))

    def unused(self, used: Iterable[str]) -> list[str]:
        """File names that no row names, sorted, for the import report."""
        used_keys = {_key(name.strip()) for name in used}
        return sorted(
            unicodedata.normalize("NFC", path.name)
            for key, path in self.files.items()
            if key not in used_keys
        )


def images_from_folder(path) -> ImageFiles:
    """Every file under `path`, nested folders included, by base name."""
    root = Path(path)
    if not root.is_dir():
        raise ArchiveError(f'"{root}" is not a folder.')

    def pairs():
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(s for s in subfolders if not _is_junk_folder(s))
            for name in sorted(names):
                file = Path(folder, name)
                if not _is_junk([name]) and file.is_file():
                    yield name, file, str(file.relative_to(root))

    return ImageFiles.from_pairs(pairs())


def check_zip(archive: zipfile.ZipFile, *, max_total_bytes: int, max_members: int) -> None:
    """Refuse a ZIP whose declared sizes could exhaust memory or disk, before reading it.
    Shared with the spreadsheet reader: an XLSX is a ZIP too."""
    members = archive.infolist()
    if len(members) > max_members:
        raise ArchiveError(f"The ZIP holds more than {max_members:,} files.")
    if len({info.filename for info in members}) != len(members):
        # Which copy a reader picks differs between libraries: the checked one may not be read.
        raise ArchiveError(
            "The ZIP holds two entries with the same name; it may have been tampered with."
        )
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ArchiveError(
                f'"{info.filename}" would expand {ratio:,.0f} times its packed size '
                "(a ZIP bomb?); it was not opened."
            )
    if total > max_total_bytes:
        raise ArchiveError(
            f"The ZIP would expand to {total / 1e6:,.0f} MB, more than the "
            f"{max_total_bytes / 1e6:,.0f} MB allowed."
        )


def _member_name(info: zipfile.ZipInfo) -> str:
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


def _safe_parts(name: str, info: zipfile.ZipInfo) -> list[str]:
    """The member's path components, or ArchiveError for anything that could escape dest_dir."""
    unsafe = (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")  # a Windows drive letter
        or "\x00" in name
        or stat.S_ISLNK(info.external_attr >> 16)
    )
    parts = [part for part in name.replace("\\", "/").split("/") if part not in {"", "."}]
    if unsafe or ".." in parts:
        raise ArchiveError(
            f'The ZIP entry "{name}" points outside the ZIP (a link or a path with ".."); '
            "the ZIP was refused. Zip the image files themselves and upload again."
        )
    return parts


def images_from_zip(
    file, *, dest_dir, max_total_bytes: int, max_members: int = 50_000
) -> ImageFiles:
    """Extract the ZIP's files flat into dest_dir (which the caller creates and removes)."""
    dest = Path(dest_dir).resolve()
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError("The file is not a ZIP archive, or it is damaged.") from error
    with archive:
        check_zip(archive, max_total_bytes=max_total_bytes, max_members=max_members)
        wanted = []
        for info in archive.infolist():
            name = _member_name(info)
            parts = _safe_parts(name, info)
            if info.is_dir() or not parts or _is_junk(parts):
                continue
            if info.flag_bits & _ENCRYPTED_FLAG:
                raise ArchiveError(
                    f'"{name}" is password-protected; zip the images without a password.'
                )
            wanted.append((info, parts))
        # Duplicate names fail here, before a byte is written.
        ImageFiles.from_pairs((parts[-1], dest, "/".join(parts)) for _, parts in wanted)

        written = 0
        pairs = []
        for index, (info, parts) in enumerate(wanted):
            target = dest / parts[-1]
            if target.exists():
                # Two names that only a case- or normalisation-insensitive disk confuses
                # ("a.jpg", "A.jpg"). Dot folders never hold a member: they are litter.
                target = dest / f".{index}" / parts[-1]
                target.parent.mkdir()
            written += _extract(archive, info, target, max_total_bytes - written)
            pairs.append((parts[-1], target, "/".join(parts)))
    return ImageFiles.from_pairs(pairs)


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, allowance: int) -> int:
    """Copy one member in chunks, counting real bytes: headers can lie about sizes."""
    limit = min(info.file_size, allowance)
    size = 0
    try:
        with archive.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ArchiveError(
                        f'"{target.name}" holds more data than the ZIP declares (a ZIP bomb?); '
                        "the ZIP was refused."
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as error:
        raise ArchiveError(f'"{target.name}" cannot be unpacked: {error}') from error
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


def check_xlsx(archive: zipfile.ZipFile, *, max_total_bytes: int, max_row: int) -> None:
    """Refuse a workbook that could exhaust memory in calamine: a ZIP bomb, or a sheet with
    a value far beyond its data (max_row, XLSX_LAST_COLUMN)."""
    check_zip(archive, max_total_bytes=max_total_bytes, max_members=XLSX_MAX_MEMBERS)
    parts = [info.filename.replace("\\", "/").lower() for info in archive.infolist()]
    if len(set(parts)) != len(parts):
        # calamine finds parts case-insensitively: the copy checked may not be the one read.
        raise ArchiveError(
            "The workbook holds two parts with the same name; it may have been tampered with."
        )
    if "xl/workbook.xml" not in parts:
        if "mimetype" in parts and archive.read("mimetype").startswith(b"application/vnd.oasis"):
            raise ArchiveError("It is an OpenDocument spreadsheet (.ods), not an Excel workbook.")
        raise ArchiveError("It is a ZIP archive, not an Excel workbook.")
    names = _sheet_names(archive)
    far_cell = _far_cell(max_row)
    for info, part in zip(archive.infolist(), parts, strict=True):
        if not part.startswith("xl/worksheets/") or info.is_dir():
            continue
        sheet = names.get(part) or PurePosixPath(part).name
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(_SCAN_CHUNK):
                buffer = tail + chunk
                cut = buffer.rfind(b"<")  # never split a tag between two searches
                if cut == 0 and len(buffer) > 4 * _SCAN_CHUNK:
                    raise ArchiveError(f'Sheet "{sheet}" holds an XML tag too long to be real.')
                body, tail = (buffer, b"") if cut < 0 else (buffer[:cut], buffer[cut:])
                _scan_sheet(body, sheet, far_cell, max_row)
            _scan_sheet(tail, sheet, far_cell, max_row)


def _scan_sheet(xml: bytes, sheet: str, far_cell: re.Pattern, max_row: int) -> None:
    if found := far_cell.search(xml):
        address = found.group(1).decode().upper()
        raise ArchiveError(
            f'Sheet "{sheet}" has something in cell {address}, beyond what an import reads '
            f"(rows 1 to {max_row:,}, columns A to {XLSX_LAST_COLUMN}). If it is a stray entry "
            "(a space counts), delete the rows and columns after your data and save again; "
            "otherwise split the file."
        )
    if _UNUSUAL_CELL.search(xml) or (b":c" in xml and _PREFIXED_CELL.search(xml)):
        raise ArchiveError(
            f'Sheet "{sheet}" was written by a program whose cell layout cannot be checked '
            "safely. Open the file in Excel or LibreOffice and save it again as .xlsx."
        )
