"""Dates as pages show them: in the reader's language, from the parsed date."""

from django import template
from django.utils.html import format_html

from collection import date_display

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
