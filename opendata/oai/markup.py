"""The XML of OAI-PMH responses, written as text: a harvest of the whole collection is
hundreds of thousands of records, and building a tree of elements for each costs more
than the database does. Every value passes through ``text()`` or ``attribute()``.
"""

import datetime
import re

from django.utils import translation

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# Characters XML 1.0 cannot hold at all, not even escaped: control characters a
# spreadsheet or a pasted text can bring into a description.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value):
    """``value`` as element content."""
    value = str(value)
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    # A carriage return would come back from a parser as a line feed.
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")


def attribute(value):
    """``value`` inside double quotes."""
    return text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def element(name, value, language=None):
    """``<name>value</name>``, with ``xml:lang`` when the language is known."""
    lang = f' xml:lang="{language}"' if language else ""
    return f"<{name}{lang}>{text(value)}</{name}>"


def datestamp(moment):
    """A moment in UTC, to the second, as the protocol writes every date."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def in_both_languages(message, *params):
    """A translatable text (with ``%s`` for ``params``) in Vietnamese and English,
    "vi / en": a response is the same for every reader (its address has no language),
    so it holds both."""
    texts = []
    for code in ("vi", "en"):
        with translation.override(code):
            texts.append(str(message) % params if params else str(message))
    return " / ".join(dict.fromkeys(texts))


def joined(texts):
    """Texts as ``{"vi": ..., "en": ...}``: "vi / en", or the one given, or ""."""
    return " / ".join(dict.fromkeys(t for t in (texts.get("vi"), texts.get("en")) if t))


def envelope(base_url, attributes, body, now=None):
    """The whole response as UTF-8: the date, the request as understood, then ``body``
    (the verb's element or the errors, as text or as a list of UTF-8 parts)."""
    now = now or datetime.datetime.now(datetime.UTC)
    echoed = "".join(f' {name}="{attribute(value)}"' for name, value in attributes.items())
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<OAI-PMH xmlns="{OAI_NAMESPACE}" xmlns:xsi="{XSI_NAMESPACE}" '
        f'xsi:schemaLocation="{OAI_NAMESPACE} {OAI_SCHEMA}">'
        f"<responseDate>{datestamp(now)}</responseDate>"
        f"<request{echoed}>{text(base_url)}</request>"
    )
    parts = [body.encode()] if isinstance(body, str) else body
    return b"".join([head.encode(), *parts, b"</OAI-PMH>\n"])
