"""Template helpers for the public site: language links, the language of each shown text,
absolute URLs, images, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.forms.utils import flatatt
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from core.languages import Translated, first_of, translated

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _other_language_url(path, code):
    """The same page under another language's prefix, query string kept."""
    url = translate_url(path, code)
    if url == path:
        # A 404 page resolves to nothing; swap the prefix by hand.
        for language, _name in settings.LANGUAGES:
            prefix = f"/{language}/"
            if path.startswith(prefix):
                return f"/{code}/{path[len(prefix) :]}"
    return url


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: its native name, code, this page's URL in it, and
    whether it is the current one. Plain links, so pages stay cacheable."""
    request = context["request"]
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = path if code == current else _other_language_url(path, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    return context["request"].build_absolute_uri(url)


@register.simple_tag
def image(image, alt="", sizes="", lazy=True, priority=False, css_class=""):
    """An image as every public page shows it: the thumbnail, or with ``sizes`` both
    derivatives in a ``srcset`` for the browser to choose from; real width and height so
    the page does not jump; never an empty alt (``alt`` is the fallback, e.g. the title).
    Written here rather than by a template: pages of cards show dozens.
    """
    responsive = bool(sizes)
    file = image.display if responsive else image.thumbnail
    if not file:
        return ""
    alt = image_alt(image, alt)
    attributes = {
        "class": css_class or None,
        "src": file.url,
        "srcset": srcset(image) if responsive else None,
        "sizes": sizes or None,
        "width": image.display_width if responsive else image.thumbnail_width,
        "height": image.display_height if responsive else image.thumbnail_height,
        "alt": alt,
        "lang": alt.language if isinstance(alt, Translated) and alt.is_foreign else None,
    }
    if lazy and not priority:
        attributes |= {"loading": "lazy", "decoding": "async"}
    if priority:
        attributes["fetchpriority"] = "high"
    # flatatt() leaves out None; "alt" is never empty (image_alt()).
    return format_html("<img{}>", flatatt(attributes))


@register.filter
def srcset(image):
    """Both derivatives with their real widths, for the browser to choose from."""
    sources = []
    for field, width in (
        (image.thumbnail, image.thumbnail_width),
        (image.display, image.display_width),
    ):
        if field and width:
            sources.append(f"{field.url} {width}w")
    return ", ".join(sources)


@register.filter
def full_size_url(image):
    """The largest image visitors get: the display derivative. Never the original, which
    is kept as uploaded, metadata (GPS position, camera serial, owner) and all, and is
    served to staff only (collection.files)."""
    return image.display.url if image.display else ""


@register.filter
def image_alt(image, fallback=""):
    """Alt text is never empty on a content image: the item's title stands in. Keeps the
    language it is written in (core.languages)."""
    return first_of(
        translated(image, "alt_text"),
        translated(image, "caption"),
        fallback if isinstance(fallback, Translated) else Translated(str(fallback)),
    )


@register.filter
def json_ld(data):
    """A schema.org block; <, > and & escaped so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _shown(value, field):
    return translated(value, field) if field else value


@register.filter
def tr(record, field):
    """``record.<field>`` in the reader's language or the fallback, knowing which
    (core.languages.Translated): for ``{% with %}`` and ``{% blocktranslate with %}``."""
    return translated(record, field)


@register.filter
def lang(value, field=None):
    """`` lang="en"`` when the text shown is not in the page's language, for the start
    tag of the element that holds it: ``<h1{{ item|lang:"title" }}>{{ item.title }}</h1>``.
    ``value`` is a record with ``field`` named, or a Translated text."""
    text = _shown(value, field)
    if isinstance(text, Translated) and text.is_foreign:
        return format_html(' lang="{}"', text.language)
    return ""


@register.filter
def in_language(value, field=None):
    """The text, inside ``<span lang="...">`` when it is not in the page's language: for
    a text within a sentence, ``{% blocktranslate with title=section|in_language:"title" %}``."""
    text = _shown(value, field)
    if isinstance(text, Translated) and text.is_foreign:
        return format_html('<span lang="{}">{}</span>', text.language, text)
    return conditional_escape(text)
