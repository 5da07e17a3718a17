"""Which language a shown text is in.

Translated fields (django-modeltranslation) fall back to the other language when the
reader's is empty: an English title on /vi/ is better than none. But a screen reader then
reads English with a Vietnamese voice unless the element says ``lang="en"`` (WCAG 2.2,
3.1.2, language of parts). ``translated()`` returns the value shown together with the
language it came from, and the ``lang`` and ``in_language`` template filters
(core.templatetags.vitrine) mark it up when that is not the page's language.
"""

from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order


class Translated(str):
    """A text, and the language code it is written in (None when nobody knows: text a
    curator typed in a field that has one version for both languages)."""

    language = None

    def __new__(cls, value="", language=None):
        text = super().__new__(cls, value or "")
        text.language = language if text else None
        return text

    def __reduce__(self):
        return (Translated, (str(self), self.language))

    @property
    def is_foreign(self):
        """Written in a language other than the reader's."""
        return bool(self.language) and self.language != current_language()


def current_language():
    return (get_language() or "").split("-")[0]


def languages_for_reader(language=None):
    """The reader's language first, then the fallbacks, as modeltranslation reads them."""
    return resolution_order(language or current_language())


def translated(record, field, language=None):
    """``record.<field>`` as the reader gets it (their language, else the fallback), with
    the language it came from. A field with no translations gives its value with no
    language."""
    if record is None:
        return Translated()
    for code in languages_for_reader(language):
        name = build_localized_fieldname(field, code)
        if not hasattr(record, name):
            return Translated(getattr(record, field, ""))
        value = getattr(record, name)
        if value not in (None, ""):
            return Translated(value, code)
    return Translated()


def pick(values, language=None):
    """The reader's text from ``{"vi": ..., "en": ...}``, else the fallback's."""
    for code in languages_for_reader(language):
        if values.get(code):
            return Translated(values[code], code)
    return Translated()


def first_of(*texts):
    """The first non-empty text, keeping its language: an exhibition label, else the
    object's title."""
    return next((text for text in texts if text), Translated())
