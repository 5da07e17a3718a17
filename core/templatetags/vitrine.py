"""Template helpers for the public site: language links, absolute URLs, images, JSON-LD."""

import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()

# Browsers cannot show TIFF; the full-size view of a TIFF original is its display image.
BROWSER_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
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
def url_or(name, fallback, fragment=""):
    """The URL named ``name`` if its app defines one, else ``fallback``'s URL and fragment
    (the home page's exhibitions and events stand in for lists not built yet)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(fallback) + fragment


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's query string (filters, search words) with another page number."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


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
    if image.original and image.original.name.lower().endswith(BROWSER_IMAGE_EXTENSIONS):
        return image.original.url
    return image.display.url if image.display else ""


@register.filter
def image_alt(image, fallback=""):
    """Alt text is never empty on a content image: the item's title stands in."""
    return image.alt_text or image.caption or str(fallback)


@register.filter
def json_ld(data):
    """A schema.org block; <, > and & escaped so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
