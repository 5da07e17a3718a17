"""A CSV's text, read from the file a megabyte at a time: a million rows never sit in memory.

``file_opener()`` opens an upload at its start as often as a reader needs, and refuses a
file on disk that changed in between. ``csv_layout()`` reads the start of the file once
(its encoding, its delimiter, Excel's "sep=" hint line); ``csv_rows()`` then yields (row
number, cells) from the file as often as it is asked, each time from the start, so the
import can read a file twice without holding it. CSV must be UTF-8 or UTF-16 (a legacy
code page is refused, never guessed); the text is composed to NFC line by line, which is
the same as composing the whole file, since no character composes with a line end.
"""

import codecs
import contextlib
import csv
import io
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

# Trimmed from both ends of every cell: whitespace plus what copy-paste from the web and
# Word brings along (no-break and zero-width spaces, a stray byte-order mark).
TRIM = (
    " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)
# Read and decoded at a time: even, so that UTF-16 never splits between a pair's bytes.
CHUNK_BYTES = 1 << 20
# How much of the file's start decides its delimiter and line ends.
SNIFFED_CHARACTERS = 65536

Opener = Callable[[], BinaryIO]  # a context manager: the file, at its start

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def accepted() -> str:
    return _("Save it as .xlsx (Excel or LibreOffice) or as CSV UTF-8, and upload it again.")


class SpreadsheetError(Exception):
    """The whole file cannot be imported; the message tells the archivist why and what to do."""


@dataclass(frozen=True)
class CsvLayout:
    codec: str
    bom: int  # bytes of byte-order mark to skip
    delimiter: str
    hint_line: bool  # the first line is Excel's "sep=;", which Excel hides: not a row
    universal: bool  # no "\n" at the start: lines end with "\r" alone (old Mac files)


def file_opener(file, max_bytes: int, filename: str) -> Opener:
    """A way to open the file at its start, as often as a reader needs, once its size is
    known to be within the limit. A file on disk must not change in between: opening it
    raises SpreadsheetError if it has, as does ``opener.unchanged()``."""
    if isinstance(file, str | Path):
        first = _version(file)
        size = first[0]

        def unchanged():
            if _version(file) != first:
                raise SpreadsheetError(
                    _('"%(name)s" changed while it was being read; nothing was imported.')
                    % {"name": filename}
                )

        def opener():
            unchanged()
            return open(file, "rb")  # noqa: SIM115 (the caller's with closes it)

        opener.unchanged = unchanged
    else:
        if getattr(file, "seekable", lambda: False)():
            size = file.seek(0, io.SEEK_END)  # a preview may have read the upload already
        else:
            file = io.BytesIO(file.read(max_bytes + 1))
            size = len(file.getbuffer())

        def opener():
            file.seek(0)
            return contextlib.nullcontext(file)

        opener.unchanged = lambda: None  # the caller's own file object
    if size > max_bytes:
        raise SpreadsheetError(
            _('"%(name)s" is larger than %(limit)s MB. Split it into smaller files.')
            % {"name": filename, "limit": f"{max_bytes / 1e6:,.0f}"}
        )
    return opener


def _version(path):
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns, found.st_ino


def csv_layout(opener: Opener, filename: str) -> CsvLayout:
    """How the file is written, from its start."""
    with opener() as file:
        head = file.read(4)
        if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            raise SpreadsheetError(
                _('"%(name)s" is in UTF-32, which is not supported.') % {"name": filename}
                + " "
                + accepted()
            )
        codec, bom = next(
            ((codec, len(mark)) for mark, codec in _BOMS if head.startswith(mark)), ("utf-8", 0)
        )
        file.seek(bom)
        start = ""
        for text in _decoded(file, codec, filename):
            start += text
            if len(start) >= SNIFFED_CHARACTERS:
                break
    lines = unicodedata.normalize("NFC", start[:SNIFFED_CHARACTERS]).splitlines()
    hint = bool(lines) and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5
    if hint:
        delimiter = lines[0].strip()[4]
    else:
        first = next((line for line in lines if line.strip(TRIM)), "")
        counts = {d: first.count(d) for d in ",;\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    return CsvLayout(codec, bom, delimiter, hint, universal="\n" not in start)


def csv_rows(opener: Opener, layout: CsvLayout, filename: str) -> Iterator[tuple[int, list]]:
    """(number, cells) for every line of the file, read afresh from its start."""
    with opener() as file:
        file.seek(layout.bom)
        lines = _lines(_decoded(file, layout.codec, filename), layout.universal)
        if layout.hint_line:
            next(lines, None)
        # strict: an unclosed quote must be an error, not the rest of the file in one cell.
        reader = csv.reader(lines, delimiter=layout.delimiter, strict=True)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells
        except csv.Error as error:
            raise SpreadsheetError(
                _(
                    '"%(name)s" is not valid CSV from row %(row)s (%(error)s): a cell that '
                    'opens with a quote mark (") must close with one.'
                )
                % {"name": filename, "row": number + 1, "error": error}
            ) from None


def count_lines(opener: Opener) -> int:
    """The file's line ends (a cell's line breaks too): what a progress bar expects."""
    lines = 0
    with opener() as file:
        while chunk := file.read(CHUNK_BYTES):
            lines += chunk.count(b"\n")
    return lines


def _decoded(file: BinaryIO, codec: str, filename: str) -> Iterator[str]:
    """The file's text from where it stands, a chunk at a time. Never a guessed code page:
    a wrong guess imports mojibake that nobody notices until it is public."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    line = 1  # of the chunk's first byte
    while True:
        data = file.read(CHUNK_BYTES)
        try:
            text = decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            # The decoder's object is the chunk after what it kept of the last one, never a
            # line end (a UTF-8 sequence is cut only after a byte of 0x80 or more).
            line += error.object[: error.start].count(b"\n")
            raise SpreadsheetError(
                _(
                    '"%(name)s" is not UTF-8 text (the first character that cannot be read is '
                    'on line %(line)s). In Excel choose Save As › "CSV UTF-8 (Comma '
                    'delimited)"; in LibreOffice tick "Edit filter settings" and choose '
                    '"Unicode (UTF-8)".'
                )
                % {"name": filename, "line": line}
            ) from None
        if "\x00" in text:
            raise SpreadsheetError(
                _('"%(name)s" is not a text file.') % {"name": filename} + " " + accepted()
            )
        line += data.count(b"\n")
        if text:
            yield text
        if not data:
            return


def _lines(chunks: Iterator[str], universal: bool) -> Iterator[str]:
    """The text's lines with their line ends, in NFC: NFD from macOS and Windows'
    composed-or-not Vietnamese input become one form, so "Hà Nội" always equals "Hà Nội"."""
    rest = ""
    for chunk in chunks:
        text = rest + chunk if rest else chunk
        if universal:  # \r, \n or \r\n; the last line may go on in the next chunk
            lines = io.StringIO(text, newline="").readlines()
            rest = lines.pop() if lines else ""
            yield from map(_composed, lines)
            continue
        start = 0
        while (end := text.find("\n", start)) != -1:
            yield _composed(text[start : end + 1])
            start = end + 1
        rest = text[start:]
    if rest:
        yield _composed(rest)


def _composed(line: str) -> str:
    return line if line.isascii() else unicodedata.normalize("NFC", line)
