"""Dates in the reader's language, from the parsed date rather than the text as typed."""

import datetime

import pytest
from django.utils import translation

from collection.date_display import display_date, iso_date
from collection.dates import DAY, MONTH, Span, parse_date

D = datetime.date

WRITTEN = [
    # As catalogued (in either language) -> Vietnamese, English, ISO 8601.
    ("December 1972", "tháng 12 năm 1972", "December 1972", "1972-12"),
    ("tháng 12 năm 1972", "tháng 12 năm 1972", "December 1972", "1972-12"),
    ("ngày 26 tháng 12 năm 1972", "26/12/1972", "26 December 1972", "1972-12-26"),
    ("26 December 1972", "26/12/1972", "26 December 1972", "1972-12-26"),
    ("circa 1972", "khoảng năm 1972", "circa 1972", "1972"),
    ("khoảng năm 1972", "khoảng năm 1972", "circa 1972", "1972"),
    ("1972", "năm 1972", "1972", "1972"),
    ("18–29/12/1972", "18–29/12/1972", "18–29 December 1972", "1972-12-18/1972-12-29"),
    (
        "18/11/1972 - 2/12/1972",
        "18/11–2/12/1972",
        "18 November – 2 December 1972",
        "1972-11-18/1972-12-02",
    ),
    (
        "28/12/1972 - 2/1/1973",
        "28/12/1972 – 2/1/1973",
        "28 December 1972 – 2 January 1973",
        "1972-12-28/1973-01-02",
    ),
    ("11/1972 - 12/1972", "tháng 11–12 năm 1972", "November–December 1972", "1972-11/1972-12"),
    (
        "12/1972–1/1973",
        "tháng 12 năm 1972 – tháng 1 năm 1973",
        "December 1972 – January 1973",
        "1972-12/1973-01",
    ),
    ("1972-1973", "năm 1972–1973", "1972–1973", "1972/1973"),
    ("1970s", "thập niên 1970", "1970s", "1970/1979"),
    ("circa 1970s", "khoảng thập niên 1970", "circa 1970s", "1970/1979"),
]


@pytest.mark.parametrize(("written", "vietnamese", "english", "iso"), WRITTEN)
def test_a_date_is_shown_in_the_readers_language_whatever_language_it_was_typed_in(
    written, vietnamese, english, iso
):
    parsed = parse_date(written)

    assert display_date(parsed, "vi") == vietnamese
    assert display_date(parsed, "en") == english
    assert iso_date(parsed) == iso


def test_the_language_is_the_readers_by_default():
    with translation.override("vi"):
        assert display_date("December 1972") == "tháng 12 năm 1972"
    with translation.override("en"):
        assert display_date("tháng 12 năm 1972") == "December 1972"


def test_undated_and_blank_dates():
    with translation.override("en"):
        assert display_date("undated") == "undated"
        assert display_date("") == ""
        assert iso_date("undated") == ""


def test_text_that_is_not_a_date_is_shown_as_written():
    assert display_date("the year of the flood", "en") == "the year of the flood"
    assert iso_date("the year of the flood") == ""


def test_spans_given_directly_as_exhibitions_and_events_store_them():
    december = Span(D(2022, 12, 1), D(2022, 12, 31), MONTH)
    day = Span(D(2022, 12, 8), D(2022, 12, 8), DAY)

    assert display_date(december, "vi") == "tháng 12 năm 2022"
    assert display_date((day, Span(D(2022, 12, 9), D(2022, 12, 9), DAY)), "en") == (
        "8–9 December 2022"
    )
    assert iso_date(december) == "2022-12"


def test_circa_widens_the_bounds_for_sorting_but_not_what_is_shown():
    parsed = parse_date("circa 1972")

    assert parsed.earliest == D(1970, 1, 1)
    assert display_date(parsed, "en") == "circa 1972"
