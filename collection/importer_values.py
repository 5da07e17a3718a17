"""Cells as the import reads them: cleaning, names, creators and their roles, image files.

The same cleaning is applied to the file's text and to the database's, so that a value
compares equal to itself whichever way it travelled (the admin stores \r\n, a sheet \n).
"""

import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError

from collection.images import inspect_image
from collection.models import CreatorRole
from collection.spreadsheet import MULTI_VALUE_SEPARATOR
from core.text import normalise

NAME_MAX_LENGTH = 255
MULTILINE = frozenset({"description_vi", "description_en", "inscription", "provenance"})

# Archivists write roles in either language.
ROLE_WORDS = {role.value: role.value for role in CreatorRole} | {
    "nhiếp ảnh gia": CreatorRole.PHOTOGRAPHER.value,
    "người chụp": CreatorRole.PHOTOGRAPHER.value,
    "người làm": CreatorRole.MAKER.value,
    "tác giả": CreatorRole.AUTHOR.value,
    "họa sĩ": CreatorRole.ARTIST.value,
    "hoạ sĩ": CreatorRole.ARTIST.value,
    "nhà xuất bản": CreatorRole.PUBLISHER.value,
    "người tặng": CreatorRole.DONOR.value,
    "khác": CreatorRole.OTHER.value,
}
_CREATOR = re.compile(r"(?P<name>.*?)\s*\((?P<role>[^()]*)\)")
_LINE_BREAKS = re.compile(r"\r\n?")


def multiline(value) -> str:
    text = unicodedata.normalize("NFC", value or "")
    return (_LINE_BREAKS.sub("\n", text) if "\r" in text else text).strip()


def clean_value(column: str, value):
    return multiline(value) if column in MULTILINE else normalise(value)


def split_names(cell: str, known: dict | None = None) -> tuple[str, ...]:
    """The names in a cell, each once. ``known`` shares one copy of each name between
    cells: 100,000 rows name the same few thousand people."""
    names = (normalise(part) for part in cell.split(MULTI_VALUE_SEPARATOR))
    if known is not None:
        names = (known.setdefault(name, name) for name in names)
    return tuple(dict.fromkeys(name for name in names if name))


def image_key(name: str) -> str:
    """As collection.archives matches files: NFC, the extension's case ignored."""
    name = unicodedata.normalize("NFC", name.strip())
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{extension.lower()}" if dot and stem else name


def parse_creators(cell: str, known: dict | None = None):
    """ "Chu Chí Thành (photographer); Võ An Ninh" -> ((name, role), ...), problems."""
    known = {} if known is None else known
    creators, problems = {}, []
    for part in split_names(cell):
        name, role = part, CreatorRole.MAKER.value
        if match := _CREATOR.fullmatch(part):
            name, word = match["name"], normalise(match["role"]).lower()
            if word not in ROLE_WORDS:
                problems.append(
                    f"“{match['role']}” is not a role. Use one of: {', '.join(CreatorRole.values)}."
                )
                continue
            role = ROLE_WORDS[word]
        elif "(" in part or ")" in part:
            problems.append(
                f"“{part}”: write the role in brackets at the end, e.g. “Name (maker)”."
            )
            continue
        name = known.setdefault(name, name)
        if not name:
            problems.append(f"“{part}” has a role but no name.")
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(f"“{name[:40]}…” is too long for a name.")
        else:
            creators[(name, role)] = None
    return tuple(creators), problems


def check_image(path: Path) -> str | None:
    """What is wrong with an image file, in the admin upload's own words, or None."""
    try:
        with open(path, "rb") as file:
            inspect_image(file)
    except ValidationError as error:
        return " ".join(error.messages)
    except OSError as error:
        return f"cannot be read ({error.strerror})."
    return None
