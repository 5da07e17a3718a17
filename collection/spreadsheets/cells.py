"""Cells as an import reads them: cleaning, names, creators and their roles, image files.

The same cleaning is applied to the file's text and to the database's, so that a value
compares equal to itself whichever way it travelled (the admin stores \r\n, a sheet \n).
"""

import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collection.images import inspect_image
from collection.models import Creator, CreatorRole
from collection.spreadsheets.template import MULTI_VALUE_SEPARATOR, MULTILINE, NAME_MAX_LENGTH
from core.text import normalise

ROLES = tuple(value for value, _label in Creator._meta.get_field("role").choices)
# Archivists write roles in either language.
ROLE_WORDS = {role: role for role in ROLES} | {
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
    # Normalised whole, then split: the same names (no character composes with ";", and
    # only single spaces are left to trim), at one normalise() a cell instead of one a name.
    names = (part.strip(" ") for part in normalise(cell).split(MULTI_VALUE_SEPARATOR))
    if known is not None:
        names = (known.setdefault(name, name) for name in names)
    return tuple(dict.fromkeys(name for name in names if name))


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
                    _("“%(role)s” is not a role. Use one of: %(roles)s.")
                    % {"role": match["role"], "roles": ", ".join(ROLES)}
                )
                continue
            role = ROLE_WORDS[word]
        elif "(" in part or ")" in part:
            problems.append(
                _("“%(part)s”: write the role in brackets at the end, e.g. “Name (maker)”.")
                % {"part": part}
            )
            continue
        name = known.setdefault(name, name)
        if not name:
            problems.append(_("“%(part)s” has a role but no name.") % {"part": part})
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(_("“%(name)s…” is too long for a name.") % {"name": name[:40]})
        else:
            creators[(name, role)] = None
    return tuple(creators), problems


# Distinct link cells an import keeps parsed (see LinkCells).
CELL_CACHE = 50_000


class LinkCells:
    """Creator, place and subject cells, each parsed once while among the last
    CELL_CACHE distinct ones: catalogues repeat them, and a million distinct cells would
    not fit in memory. Names are shared between cells (see ``split_names``)."""

    def __init__(self):
        self.cache_size = CELL_CACHE
        self.known_names: dict[str, str] = {}
        self.creator_cells: dict[str, tuple] = {}
        self.name_cells: dict[str, tuple] = {}

    def creators(self, cell: str):
        """``parse_creators(cell)``."""
        if (parsed := self.creator_cells.get(cell)) is None:
            if len(self.creator_cells) == self.cache_size:
                self.creator_cells.clear()
            parsed = self.creator_cells[cell] = parse_creators(cell, self.known_names)
        return parsed

    def names(self, cell: str) -> tuple[str, ...]:
        """``split_names(cell)``."""
        if (names := self.name_cells.get(cell)) is None:
            if len(self.name_cells) == self.cache_size:
                self.name_cells.clear()
            names = self.name_cells[cell] = split_names(cell, self.known_names)
        return names


def check_image(path: Path) -> str | None:
    """What is wrong with an image file, in the admin upload's own words, or None."""
    try:
        with open(path, "rb") as file:
            inspect_image(file)
    except ValidationError as error:
        return " ".join(error.messages)
    except OSError as error:
        return _("cannot be read (%(reason)s).") % {"reason": error.strerror}
    return None
