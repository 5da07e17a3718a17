"""Text as people type it: Unicode NFC, trimmed, inner whitespace collapsed.

macOS sends Vietnamese decomposed (NFD), Windows composed (NFC); the same name typed on
both must be one record, so every name and key is normalised before it is stored or
compared. Only NFC is applied: "Trần Thị Hà" and "Trần Thị Hạ" stay two people.
"""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise(value):
    """NFC, trimmed, runs of whitespace (including non-breaking spaces) made one space."""
    if value is None:
        return ""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", str(value))).strip()
