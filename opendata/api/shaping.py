"""What every resource's output is made of: language maps, the labels of choices in both
languages, and absolute addresses of the API and of the public pages.

Nothing here depends on the reader's language: answers are cached by address alone
(core.cache), so a 200 must be the same whoever asked first.
"""

import functools

from django.urls import reverse
from django.utils import translation

LANGUAGES = ("vi", "en")
# Stands for a record's identifier in an address reversed once per request, then filled
# in for each record: reverse() costs more than the rest of a list entry.
PLACEHOLDER = "918273645"


def language_map(record, field):
    """``{"vi": ..., "en": ...}`` of ``record``'s two columns of ``field``."""
    return {code: getattr(record, f"{field}_{code}") or None for code in LANGUAGES}


def same_in_both(text):
    """A text with one version for both languages (a person's name), as a language map."""
    return dict.fromkeys(LANGUAGES, text or None)


@functools.cache
def _choice_labels(choices):
    labels = {}
    for value, label in choices.choices:
        labels[value] = {}
        for code in LANGUAGES:
            with translation.override(code):
                labels[value][code] = str(label)
    return labels


def choice_label(choices, value):
    """The label of ``value`` of the TextChoices ``choices``, as a language map."""
    return _choice_labels(choices).get(value) or same_in_both(value)


def period(span):
    if span is None:
        return None
    return {"earliest": span.earliest, "latest": span.latest, "precision": span.precision}


class Links:
    """Absolute addresses for one request: the API's own (``api``), and the public pages
    in each language (``permalink``)."""

    def __init__(self, request):
        self.base = request.build_absolute_uri("/").rstrip("/")
        self.templates = {}

    def absolute(self, url):
        return self.base + url if url.startswith("/") else url

    def api(self, name):
        return self.base + reverse(f"api-v1:{name}")

    def template(self, name, language=None):
        """The address of URL ``name`` (in ``language``) with PLACEHOLDER for the id."""
        key = (name, language)
        if key not in self.templates:
            with translation.override(language):
                self.templates[key] = self.base + reverse(name, args=[PLACEHOLDER])
        return self.templates[key]

    def address(self, name, identifier):
        """The address of URL ``name`` for one record, reversed once per request."""
        return self.template(name).replace(PLACEHOLDER, str(identifier))

    def permalink(self, name, *identifiers):
        """The public page ``name`` of a record, per language."""
        if len(identifiers) > 1:  # a section: few of them, reversed each time
            pages = {}
            for code in LANGUAGES:
                with translation.override(code):
                    pages[code] = self.base + reverse(name, args=identifiers)
            return pages
        identifier = str(identifiers[0])
        return {
            code: self.template(name, code).replace(PLACEHOLDER, identifier) for code in LANGUAGES
        }

    def thumbnail(self, image):
        """A card's image: the thumbnail, its size and alt text; None without copies."""
        if image is None or not image.has_derivatives:
            return None
        return {
            "url": self.absolute(image.thumbnail.url),
            "width": image.thumbnail_width,
            "height": image.thumbnail_height,
            "alt_text": language_map(image, "alt_text"),
        }
