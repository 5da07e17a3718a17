"""Dates in the reader's language, drawn from the parsed date, never from the text as a
curator typed it: "tháng 12 năm 1972" on /vi/ and "December 1972" on /en/, whichever of
the two the catalogue holds. The text as catalogued stays in the admin and the exports.

Vietnamese writes days as numbers, day first ("18–29/12/1972"), months as "tháng 12 năm
1972", years as "năm 1972"; English writes "18–29 December 1972", "December 1972",
"1972". Any other language is given the English forms.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import pgettext

from collection.dates import DAY, DECADE, MONTH, YEAR, ParsedDate, Span, parse_date
from core.languages import current_language

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def spans_of(value):
    """The spans of a ParsedDate, a Span, a sequence of spans, or a date as written
    (None if it cannot be read)."""
    if isinstance(value, ParsedDate):
        return value.spans
    if isinstance(value, Span):
        return (value,)
    if isinstance(value, (tuple, list)):
        return tuple(value)
    try:
        return parse_date(value).spans
    except ValidationError:
        return None


def display_date(value, language=None):
    """``value`` (see ``spans_of``) written out in ``language`` (the reader's by default);
    "" when undated. Text that cannot be read as a date is returned as it is."""
    spans = spans_of(value)
    if spans is None:
        return str(value)
    if not spans:
        # "undated", "không rõ": a date the catalogue states is unknown.
        written = value.text if isinstance(value, ParsedDate) else value
        return pgettext("date", "undated") if isinstance(written, str) and written else ""
    vietnamese = (language or current_language()) == "vi"
    text = (_vietnamese if vietnamese else _english)(spans)
    if any(span.is_approximate for span in spans):
        text = ("khoảng " if vietnamese else "circa ") + text
    return text


def iso_date(value):
    """``value`` in ISO 8601, at its precision: "1972-12-18", "1972-12", "1972", and a
    range as an interval, "1972-12-18/1972-12-29". "" when undated or unreadable."""
    spans = spans_of(value)
    if not spans:
        return ""
    if len(spans) == 1 and spans[0].precision == DECADE:
        spans = (spans[0], spans[0])
    first, last = spans[0], spans[-1]
    if len(spans) == 1:
        return _iso(first.earliest, first.precision)
    return f"{_iso(first.earliest, first.precision)}/{_iso(last.latest, last.precision)}"


def _iso(day, precision):
    if precision == DAY:
        return day.isoformat()
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _english(spans):
    def one(span):
        day = span.earliest
        return {
            DAY: f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}",
            MONTH: f"{ENGLISH_MONTHS[day.month - 1]} {day.year}",
            YEAR: f"{day.year}",
            DECADE: f"{day.year}s",
        }[span.precision]

    if len(spans) == 1:
        return one(spans[0])
    start, end = spans[0], spans[-1]
    a, b = start.earliest, end.earliest
    if start.precision == end.precision == DAY and a.year == b.year:
        if a.month == b.month:
            return f"{a.day}–{b.day} {ENGLISH_MONTHS[b.month - 1]} {b.year}"
        return f"{a.day} {ENGLISH_MONTHS[a.month - 1]} – {one(end)}"
    if start.precision == end.precision == MONTH and a.year == b.year:
        return f"{ENGLISH_MONTHS[a.month - 1]}–{ENGLISH_MONTHS[b.month - 1]} {b.year}"
    if start.precision == end.precision and start.precision in (YEAR, DECADE):
        return f"{one(start)}–{one(end)}"
    return f"{one(start)} – {one(end)}"


def _vietnamese(spans):
    def one(span):
        day = span.earliest
        return {
            DAY: f"{day.day}/{day.month}/{day.year}",
            MONTH: f"tháng {day.month} năm {day.year}",
            YEAR: f"năm {day.year}",
            DECADE: f"thập niên {day.year}",
        }[span.precision]

    if len(spans) == 1:
        return one(spans[0])
    start, end = spans[0], spans[-1]
    a, b = start.earliest, end.earliest
    if start.precision == end.precision == DAY and a.year == b.year:
        if a.month == b.month:
            return f"{a.day}–{b.day}/{b.month}/{b.year}"
        return f"{a.day}/{a.month}–{b.day}/{b.month}/{b.year}"
    if start.precision == end.precision == MONTH and a.year == b.year:
        return f"tháng {a.month}–{b.month} năm {b.year}"
    if start.precision == end.precision == YEAR:
        return f"năm {a.year}–{b.year}"
    if start.precision == end.precision == DECADE:
        return f"thập niên {a.year}–{b.year}"
    return f"{one(start)} – {one(end)}"
