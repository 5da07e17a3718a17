"""Dates as curators write them.

Catalogue records keep a date "as written" ("c. 1972", "tháng 12 năm 1972", "18–29/12/1972")
because that is what a label shows and what a curator can vouch for. ``parse_date`` keeps
that text and works out the earliest and latest day it can mean, so records can be sorted
and filtered by date. It is the one parser behind the admin, the spreadsheet import and the
demo loader, so all three accept and refuse exactly the same things.

Numeric dates are read day first, as they are written in Vietnam: "03/04/1972" is 3 April.
Years are always four digits: "72" could be 1872 or 1972, and a catalogue must not guess.
"""

import calendar
import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Shown to curators when their text is not understood; every example here is pinned by a test.
ACCEPTED_FORMS = (
    "18/12/1972",
    "1972-12-18",
    "18 December 1972",
    "ngày 18 tháng 12 năm 1972",
    "12/1972",
    "December 1972",
    "tháng 12 năm 1972",
    "1972",
    "1970s",
    "thập niên 1970",
    "circa 1972",
    "khoảng năm 1972",
    "1972–1973",
    "18–29/12/1972",
    "từ 12/1972 đến 1/1973",
    "undated",
)

UNRECOGNISED = _(
    "“%(value)s” is not a date this catalogue can read. Write it like one of these: %(forms)s."
)
NO_SUCH_DAY = _("“%(value)s” does not exist: month %(month)s of %(year)s has no day %(day)s.")
NO_SUCH_MONTH = _("“%(value)s” does not exist: there is no month %(month)s.")
NO_SUCH_YEAR = _("“%(value)s” does not exist: there is no year 0.")
ENDS_BEFORE_START = _("“%(value)s” ends before it starts.")


DAY, MONTH, YEAR, DECADE = "day", "month", "year", "decade"


@dataclass(frozen=True)
class Span:
    """One date as written, at the precision it was written: a day, a month, a year or a
    decade, from its first to its last day."""

    earliest: datetime.date
    latest: datetime.date
    precision: str
    is_approximate: bool = False


@dataclass(frozen=True)
class ParsedDate:
    """A date as written, with the first and last day it can mean (both None if undated).

    ``spans`` are what was written, one or two (a range), each at its own precision:
    what pages show in the reader's language (collection.date_display). ``earliest`` and
    ``latest`` are the bounds for sorting and filtering, wider than the spans for a
    "circa" year.
    """

    text: str
    earliest: datetime.date | None
    latest: datetime.date | None
    is_approximate: bool
    spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)


class Precision(models.TextChoices):
    """How precisely a date given as a day is known, for records that store a real date
    (an exhibition's opening, an event): "December 2022" is stored as 1/12/2022, month."""

    DAY = DAY, _("day")
    MONTH = MONTH, _("month")
    YEAR = YEAR, _("year")


def span_of(day, precision):
    """The day, month or year (by ``precision``) that contains ``day``."""
    if precision == MONTH:
        first = day.replace(day=1)
        return Span(first, first.replace(day=calendar.monthrange(day.year, day.month)[1]), MONTH)
    if precision == YEAR:
        return Span(day.replace(month=1, day=1), day.replace(month=12, day=31), YEAR)
    return Span(day, day, DAY)


class _Invalid(Exception):
    """Text that matched a form but names no real date; becomes a ValidationError."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def _real_date(year, month, day):
    if not 1 <= month <= 12:
        raise _Invalid(NO_SUCH_MONTH, month=month)
    if year < 1:
        raise _Invalid(NO_SUCH_YEAR)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _Invalid(NO_SUCH_DAY, day=day, month=month, year=year)
    return datetime.date(year, month, day)


# Written out rather than taken from `calendar.month_name`, which follows the process locale.
_ENGLISH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_ENGLISH_MONTHS = {
    **{name[:3]: number for number, name in enumerate(_ENGLISH_NAMES, 1)},
    "sept": 9,
    **{name: number for number, name in enumerate(_ENGLISH_NAMES, 1)},
}
# "Tháng giêng" and "tháng chạp" are the traditional names for the first and last months.
_VIETNAMESE_MONTHS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}  # fmt: skip
_MONTH_WORDS = {**_ENGLISH_MONTHS, **_VIETNAMESE_MONTHS}


def _month_number(word):
    return int(word) if word.isdigit() else _MONTH_WORDS[word]


def _day(match):
    day = _real_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    return Span(day, day, DAY)


def _month(match):
    first = _real_date(int(match["year"]), _month_number(match["month"]), 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return Span(first, last, MONTH)


def _year(match):
    first = _real_date(int(match["year"]), 1, 1)
    return Span(first, first.replace(month=12, day=31), YEAR)


def _decade(match):
    first = _real_date(int(match["decade"]), 1, 1)
    return Span(first, datetime.date(first.year + 9, 12, 31), DECADE)


def _alternatives(words):
    # Longest first, so "december" is not read as "dec" followed by stray letters.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_D = r"(?P<day>\d{1,2})"
_ORDINAL = r"(?:st|nd|rd|th)?"
_M = r"(?P<month>\d{1,2})"
_Y = r"(?P<year>\d{4})"
_EN = rf"(?P<month>{_alternatives(_ENGLISH_MONTHS)})\.?"
_VI = rf"(?P<month>\d{{1,2}}|{_alternatives(_VIETNAMESE_MONTHS)})(?: năm |/| |, )"

# Each row is tried in turn against the whole (lower-cased) text.
_FORMS = tuple(
    (re.compile(pattern), handler)
    for pattern, handler in (
        (rf"(?:ngày )?{_D}(?P<sep>[/.-]){_M}(?P=sep){_Y}", _day),  # 18/12/1972
        (rf"{_Y}-{_M}-{_D}", _day),  # 1972-12-18
        (rf"{_Y}-{_M}", _month),  # 1972-12
        (rf"{_M}[/.-]{_Y}", _month),  # 12/1972
        (rf"{_D}{_ORDINAL} {_EN},? {_Y}", _day),  # 18 Dec. 1972
        (rf"{_EN} {_D}{_ORDINAL},? {_Y}", _day),  # December 18, 1972
        (rf"{_EN},? {_Y}", _month),  # Dec 1972
        (rf"(?:ngày )?{_D} tháng {_VI}{_Y}", _day),  # ngày 29 tháng 12 năm 1972
        (rf"tháng {_VI}{_Y}", _month),  # tháng Mười Hai năm 1972, tháng 12/1972
        (rf"(?:năm )?{_Y}", _year),  # 1972, năm 1972
        (r"(?:the )?(?P<decade>\d{3}0)'?s", _decade),  # the 1970s
        (r"(?:thập niên|thập kỷ|những năm) (?P<decade>\d{3}0)", _decade),
    )
)
_CIRCA = re.compile(r"(?:circa|about|around|approx|vào khoảng|khoảng|ca|c)(?:\.\s*|\s+)")
_RANGE_START = re.compile(r"(?:from|từ) ")
_RANGE_SEPARATOR = re.compile(r"\s*-\s*|\s+(?:to|until|đến|tới)\s+")
_BARE_DAY = re.compile(r"(?:ngày )?(?P<day>\d{1,2})")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")  # hyphens, en and em dashes, minus sign
_SPACED_SLASH = re.compile(r"\s*/\s*")
_UNDATED = {
    "undated", "n.d.", "n.d", "n. d.", "nd", "unknown", "không rõ", "không rõ niên đại",
    "không rõ năm", "không ghi ngày", "không ghi ngày tháng",
}  # fmt: skip


def _parse_form(key):
    for pattern, handler in _FORMS:
        if match := pattern.fullmatch(key):
            return handler(match)
    return None


def _parse_side(key, is_approximate=False):
    """One date, with or without its own "circa"."""
    if circa := _CIRCA.match(key):
        key, is_approximate = key[circa.end() :], True
    span = _parse_form(key)
    return span and replace(span, is_approximate=is_approximate)


def _bounds(span):
    # "Circa 1972" means the curator could be a year or two out. Widening the stored range
    # keeps the object in a search for 1971 and sorts it among its neighbours; a circa month
    # or day is already narrow, so it is only flagged.
    if span.is_approximate and span.precision in (YEAR, DECADE):
        return _shift(span.earliest, -2), _shift(span.latest, 2)
    return span.earliest, span.latest


def _shift(day, years):
    return day.replace(year=min(max(day.year + years, 1), 9999))  # always 1 Jan or 31 Dec


def _parse_range(key, is_approximate):
    """'<date> - <date>', '<date> to <date>', 'từ <date> đến <date>'; a bare day on the
    left ("18–29/12/1972") borrows its month and year from the right."""
    if start := _RANGE_START.match(key):
        key = key[start.end() :]
    problem = None
    # Separators also occur inside dates ("18-12-1972"), so try each until both sides parse.
    for separator in _RANGE_SEPARATOR.finditer(key):
        left, right = key[: separator.start()], key[separator.end() :]
        try:
            end = _parse_side(right, is_approximate)
            if (day := _BARE_DAY.fullmatch(left)) and end and end.precision == DAY:
                first = _real_date(end.earliest.year, end.earliest.month, int(day["day"]))
                start = replace(end, earliest=first, latest=first)
            else:
                start = _parse_side(left, is_approximate)
            if start and end and end.latest < start.earliest:
                raise _Invalid(ENDS_BEFORE_START)
        except _Invalid as error:
            problem = problem or error
            continue
        if start and end:
            return start, end
    if problem:
        raise problem
    return None


def _parse(key):
    """The one or two spans written, or None."""
    if span := _parse_side(key):
        return (span,)
    # "circa 1972-1975": the circa covers both ends.
    circa = _CIRCA.match(key)
    return _parse_range(key[circa.end() :] if circa else key, is_approximate=bool(circa))


def parse_date(value: str | datetime.date | datetime.datetime | None) -> ParsedDate:
    """Read a date as written (or a real date, e.g. a date cell from a spreadsheet).

    Blank text (or None, an empty spreadsheet cell) gives a ParsedDate with no dates:
    callers decide whether blank is allowed.
    Raises ValidationError (code "invalid_date") for text that is not a date or names a
    day that does not exist.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return ParsedDate(text, value, value, False, (Span(value, value, DAY),))
    return _parse_text(value or "")


# Pages read the same dates again and again (every card's, twice): each text is read
# once while it is among the last few thousand. ParsedDate is frozen, so one serves all.
@functools.lru_cache(maxsize=8192)
def _parse_text(value):
    # NFC first: macOS hands Vietnamese over decomposed, which no pattern above would match.
    text = " ".join(unicodedata.normalize("NFC", value).split())
    key = _SPACED_SLASH.sub("/", _DASHES.sub("-", text.lower()))
    if not key or key in _UNDATED:
        return ParsedDate(text, None, None, False)
    try:
        spans = _parse(key)
    except _Invalid as error:
        params = {"value": text, **error.params}
        raise ValidationError(error.message, code="invalid_date", params=params) from None
    if spans is None:
        params = {"value": text, "forms": "; ".join(ACCEPTED_FORMS)}
        raise ValidationError(UNRECOGNISED, code="invalid_date", params=params)
    is_approximate = any(span.is_approximate for span in spans)
    return ParsedDate(text, _bounds(spans[0])[0], _bounds(spans[-1])[1], is_approximate, spans)
