import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from collection.dates import ACCEPTED_FORMS, ParsedDate, parse_date

D = datetime.date


def nfd(text):
    """Vietnamese as macOS hands it over: letters and their marks as separate code points."""
    return unicodedata.normalize("NFD", text)


@pytest.fixture(autouse=True)
def english_messages():
    # The assertions read the English source messages, whatever catalogues exist later.
    with translation.override("en"):
        yield


def rejection(value):
    with pytest.raises(ValidationError) as caught:
        parse_date(value)
    assert caught.value.code == "invalid_date"
    return caught.value.messages[0]


EXACT = [
    # Day first, as written in Vietnam.
    ("18/12/1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("18-12-1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("18.12.1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("8/12/1972", D(1972, 12, 8), D(1972, 12, 8)),
    ("03/04/1972", D(1972, 4, 3), D(1972, 4, 3)),
    ("29/02/1972", D(1972, 2, 29), D(1972, 2, 29)),
    ("18 / 12 / 1972", D(1972, 12, 18), D(1972, 12, 18)),
    # ISO.
    ("1972-12-18", D(1972, 12, 18), D(1972, 12, 18)),
    ("1972-12", D(1972, 12, 1), D(1972, 12, 31)),
    ("1972-02", D(1972, 2, 1), D(1972, 2, 29)),
    # Month and year.
    ("12/1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("12-1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("12.1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("2/1973", D(1973, 2, 1), D(1973, 2, 28)),
    # English month names.
    ("December 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("Dec 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("Dec. 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("Jan 1973", D(1973, 1, 1), D(1973, 1, 31)),
    ("Sept 1972", D(1972, 9, 1), D(1972, 9, 30)),
    ("DECEMBER 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("18 December 1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("18 Dec. 1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("18th December 1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("December 18, 1972", D(1972, 12, 18), D(1972, 12, 18)),
    ("  december   18,  1972 ", D(1972, 12, 18), D(1972, 12, 18)),
    # Vietnamese.
    ("tháng 12 năm 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("Tháng 12/1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("tháng Mười Hai năm 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("tháng mười một năm 1972", D(1972, 11, 1), D(1972, 11, 30)),
    ("tháng mười năm 1972", D(1972, 10, 1), D(1972, 10, 31)),
    ("tháng năm năm 1972", D(1972, 5, 1), D(1972, 5, 31)),
    ("tháng tư năm 1972", D(1972, 4, 1), D(1972, 4, 30)),
    ("tháng giêng năm 1973", D(1973, 1, 1), D(1973, 1, 31)),
    ("tháng chạp năm 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("ngày 29 tháng 12 năm 1972", D(1972, 12, 29), D(1972, 12, 29)),
    ("29 tháng 12 năm 1972", D(1972, 12, 29), D(1972, 12, 29)),
    ("ngày 29/12/1972", D(1972, 12, 29), D(1972, 12, 29)),
    ("năm 1972", D(1972, 1, 1), D(1972, 12, 31)),
    ("NGÀY 29 THÁNG 12 NĂM 1972", D(1972, 12, 29), D(1972, 12, 29)),
    (nfd("ngày 29 tháng 12 năm 1972"), D(1972, 12, 29), D(1972, 12, 29)),
    (nfd("tháng Mười Hai năm 1972"), D(1972, 12, 1), D(1972, 12, 31)),
    (nfd("năm 1972"), D(1972, 1, 1), D(1972, 12, 31)),
    # Years and decades.
    ("1972", D(1972, 1, 1), D(1972, 12, 31)),
    ("0100", D(100, 1, 1), D(100, 12, 31)),
    ("1970s", D(1970, 1, 1), D(1979, 12, 31)),
    ("the 1970s", D(1970, 1, 1), D(1979, 12, 31)),
    ("The 1970S", D(1970, 1, 1), D(1979, 12, 31)),
    ("thập niên 1970", D(1970, 1, 1), D(1979, 12, 31)),
    ("những năm 1970", D(1970, 1, 1), D(1979, 12, 31)),
    (nfd("thập niên 1970"), D(1970, 1, 1), D(1979, 12, 31)),
    # Ranges: earliest of the left side, latest of the right.
    ("1972-1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("1972–1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("1972 - 1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("1972 – 1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("1972 to 1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("18–29/12/1972", D(1972, 12, 18), D(1972, 12, 29)),
    ("18-29 December 1972", D(1972, 12, 18), D(1972, 12, 29)),
    ("12/1972 - 1/1973", D(1972, 12, 1), D(1973, 1, 31)),
    ("18/12/1972 – 5/1/1973", D(1972, 12, 18), D(1973, 1, 5)),
    ("1972-12-18 - 1973-01-05", D(1972, 12, 18), D(1973, 1, 5)),
    ("December 1972 – January 1973", D(1972, 12, 1), D(1973, 1, 31)),
    ("1970s-1980s", D(1970, 1, 1), D(1989, 12, 31)),
    ("từ 1972 đến 1973", D(1972, 1, 1), D(1973, 12, 31)),
    ("từ tháng 12 năm 1972 đến tháng 1 năm 1973", D(1972, 12, 1), D(1973, 1, 31)),
    ("từ ngày 18 đến ngày 29 tháng 12 năm 1972", D(1972, 12, 18), D(1972, 12, 29)),
    (nfd("Từ 12/1972 đến 1/1973"), D(1972, 12, 1), D(1973, 1, 31)),
    ("1972 - 1972", D(1972, 1, 1), D(1972, 12, 31)),
]


@pytest.mark.parametrize(("value", "earliest", "latest"), EXACT)
def test_exact_dates_give_their_first_and_last_day(value, earliest, latest):
    parsed = parse_date(value)
    assert (parsed.earliest, parsed.latest, parsed.is_approximate) == (earliest, latest, False)


CIRCA = [
    # A circa year widens by two years either side ...
    ("circa 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("c. 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("c.1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("C. 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("ca. 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("about 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("khoảng 1972", D(1970, 1, 1), D(1974, 12, 31)),
    ("khoảng năm 1972", D(1970, 1, 1), D(1974, 12, 31)),
    (nfd("Khoảng năm 1972"), D(1970, 1, 1), D(1974, 12, 31)),
    ("circa   1970s", D(1968, 1, 1), D(1981, 12, 31)),
    ("circa 1972-1975", D(1970, 1, 1), D(1977, 12, 31)),
    ("1972 – c. 1975", D(1972, 1, 1), D(1977, 12, 31)),
    # ... a circa month or day is only flagged.
    ("circa December 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("c. 12/1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("khoảng tháng 12 năm 1972", D(1972, 12, 1), D(1972, 12, 31)),
    ("ca. 18/12/1972", D(1972, 12, 18), D(1972, 12, 18)),
]


@pytest.mark.parametrize(("value", "earliest", "latest"), CIRCA)
def test_circa_dates_are_approximate(value, earliest, latest):
    parsed = parse_date(value)
    assert (parsed.earliest, parsed.latest, parsed.is_approximate) == (earliest, latest, True)


@pytest.mark.parametrize(
    "value",
    [
        "undated",
        "Undated",
        "n.d.",
        "N.D.",
        "nd",
        "unknown",
        "không rõ",
        "Không rõ niên đại",
        "không ghi ngày",
        nfd("không rõ niên đại"),
    ],
)
def test_undated_text_is_kept_without_dates(value):
    parsed = parse_date(value)
    assert parsed == ParsedDate(unicodedata.normalize("NFC", value), None, None, False)


@pytest.mark.parametrize("value", ["", "   ", "\t\n", None])
def test_blank_gives_no_text_and_no_dates(value):
    assert parse_date(value) == ParsedDate("", None, None, False)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("  18/12/1972 ", "18/12/1972"),
        ("December\u00a0 18,   1972", "December 18, 1972"),
        (nfd("tháng 12 năm 1972"), "tháng 12 năm 1972"),
        ("c. 1972–1973", "c. 1972–1973"),
    ],
)
def test_text_is_trimmed_composed_and_keeps_its_wording(value, text):
    assert parse_date(value).text == text


@pytest.mark.parametrize(
    ("value", "text", "day"),
    [
        (D(1972, 12, 18), "18/12/1972", D(1972, 12, 18)),
        (D(1972, 4, 3), "03/04/1972", D(1972, 4, 3)),
        (D(800, 1, 2), "02/01/0800", D(800, 1, 2)),
        (datetime.datetime(1972, 12, 18, 14, 30), "18/12/1972", D(1972, 12, 18)),
    ],
)
def test_real_dates_are_written_day_first(value, text, day):
    assert parse_date(value) == ParsedDate(text, day, day, False)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("31/02/1972", "month 2 of 1972 has no day 31"),
        ("29/02/1973", "month 2 of 1973 has no day 29"),
        ("29-02-1900", "month 2 of 1900 has no day 29"),
        ("31 April 1972", "month 4 of 1972 has no day 31"),
        ("ngày 32 tháng 1 năm 1972", "month 1 of 1972 has no day 32"),
        ("00/12/1972", "month 12 of 1972 has no day 0"),
        ("18/13/1972", "there is no month 13"),
        ("13/1972", "there is no month 13"),
        ("1972-13", "there is no month 13"),
        ("0/1972", "there is no month 0"),
        ("tháng 13 năm 1972", "there is no month 13"),
        ("0000", "there is no year 0"),
        ("31/11/1972 - 1973", "month 11 of 1972 has no day 31"),
        ("30–31/02/1972", "month 2 of 1972 has no day 31"),
    ],
)
def test_impossible_dates_are_refused(value, problem):
    message = rejection(value)
    assert "does not exist" in message
    assert problem in message


@pytest.mark.parametrize(
    "value",
    ["1973-1972", "1973 – 1972", "29–18/12/1972", "1/1973 - 12/1972", "từ 1975 đến 1972"],
)
def test_range_ending_before_it_starts_is_refused(value):
    assert "ends before it starts" in rejection(value)


@pytest.mark.parametrize(
    "value",
    [
        "sometime in the war",
        "72",
        "18/12/72",
        "12/72",
        "'72",
        "Decembre 1972",
        "1975s",
        "1972/12/18",
        "18-12/1972",
        "1-12/1972",
        "1972 -",
        "circa",
        "tháng 12",
    ],
)
def test_unrecognised_text_lists_the_accepted_forms(value):
    message = rejection(value)
    assert f"“{value}” is not a date" in message
    for form in ACCEPTED_FORMS:
        assert form in message


@pytest.mark.parametrize("form", ACCEPTED_FORMS)
def test_every_form_shown_to_curators_is_accepted(form):
    assert parse_date(form).text == form
