"""Dates as pages show them, in the reader's language, from the parsed date; and the
cards and text tiles that stand for objects on every list of them."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from collection import date_display
from collection.models import Kind
from core.languages import translated
from core.templatetags.vitrine import image, lang

register = template.Library()


@register.filter
def display_date(value):
    """A span, spans or ParsedDate (collection.dates) in the reader's language."""
    return date_display.display_date(value) if value else ""


@register.filter
def iso_date(value):
    """The same in ISO 8601, for ``<time datetime>`` and structured data."""
    return date_display.iso_date(value) if value else ""


@register.filter
def time_element(value):
    """``<time datetime="1972-12">tháng 12 năm 1972</time>``: the date for readers and
    machines. A range, which ``datetime`` cannot hold, is given as plain text."""
    text = date_display.display_date(value) if value else ""
    iso = date_display.iso_date(value) if value else ""
    if not iso or "/" in iso:
        return text
    return format_html('<time datetime="{}">{}</time>', iso, text)


@register.filter
def without(items, others):
    """``items`` less those also in ``others``: an object page's related objects less
    those its section already shows."""
    shown = {item.pk for item in others or ()}
    return [item for item in items if item.pk not in shown]


# The cards of a list of objects are written here, not by templates: a page of 24 cards
# cost its template 4 ms (a fifth of the page), most of it the template engine's own
# work for each tag and variable; here it is a tenth of that.


@register.simple_tag
def item_cards(items, level="2", link_suffix=""):
    """A grid of object cards: each its image or text tile, its title as a heading of
    ``level``, its kind and date. ``link_suffix`` follows each object's address (the
    section the visitor came from)."""
    cards = format_html_join(
        "", "<li>{}</li>", ((_card(item, level, link_suffix),) for item in items)
    )
    return format_html('<ul class="grid" role="list">{}</ul>', cards)


def _card(item, level, link_suffix):
    primary = item.primary_image
    title = translated(item, "title")
    kind, date = _kind_label(item), item.display_date
    media = (
        image(primary, alt=title)
        if primary and primary.thumbnail
        else _text_tile(item, title, kind, date)
    )
    return format_html(
        '<article class="card"><a class="card__link" href="{}{}">'
        '<div class="card__media">{}</div><h{} class="card__title"{}>{}</h{}></a>'
        '<p class="card__meta">{}{}</p></article>',
        item.get_absolute_url(),
        link_suffix,
        media,
        int(level),
        lang(title),
        title,
        int(level),
        kind,
        format_html(" · {}", date) if date else "",
    )


@register.simple_tag
def text_tile(item):
    """What stands in for a picture an object does not have yet: its kind, title, date
    and number, set as a label would be. Hidden from screen readers, which get the same
    facts from the card or page around it."""
    return _text_tile(item, translated(item, "title"), _kind_label(item), item.display_date)


def _text_tile(item, title, kind, date):
    return format_html(
        '<div class="text-tile" aria-hidden="true">'
        '<span class="text-tile__kind">{}</span>'
        '<span class="text-tile__title"{}>{}</span>{}'
        '<span class="text-tile__number">{}</span></div>',
        kind,
        lang(title),
        Truncator(title).chars(90),
        format_html('<span class="text-tile__date">{}</span>', date) if date else "",
        item.accession_number,
    )


def _kind_label(item):
    """The object's kind in the reader's language: get_kind_display() builds a dict of
    every choice each time."""
    try:
        return str(Kind(item.kind).label)
    except ValueError:  # a kind the code no longer knows
        return item.kind
