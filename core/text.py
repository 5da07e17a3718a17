"""Text as people type it: Unicode NFC, trimmed, inner whitespace collapsed.

macOS sends Vietnamese decomposed (NFD), Windows composed (NFC); the same name typed on
both must be one record, so every name and key is normalised before it is stored or
compared. Only NFC is applied: "Trần Thị Hà" and "Trần Thị Hạ" stay two people.
"""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
# Two whitespace characters in a row, or one that is not a plain space.
_MESSY_SPACE = re.compile(r"\s\s|[^\S ]")


def normalise(value):
    """NFC, trimmed, runs of whitespace (including non-breaking spaces) made one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    # Most text is tidy already: finding that out is cheaper than rewriting it (an import
    # normalises a million cells).
    if _MESSY_SPACE.search(text):
        text = _WHITESPACE.sub(" ", text)
    return text.strip()
