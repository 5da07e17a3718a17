"""Exhibitions in time: on view only when their dates say so, dates known to the day,
month or year shown as such, and the exhibition's events on its page."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Exhibition
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory
from tests.public import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

D = datetime.date
TODAY = D(2026, 6, 15)


def groups(today=TODAY):
    published = Exhibition.objects.published()
    return {
        "current": [e.slug for e in published.current(today)],
        "upcoming": [e.slug for e in published.upcoming(today)],
        "past": [e.slug for e in published.past(today)],
    }


def dates(opens=None, closes=None, by_month="", permanent=False):
    """An exhibition's dates; ``by_month`` says which are known only to the month:
    "o" the opening, "c" the closing."""
    return {
        "opens_on": opens,
        "opens_precision": "month" if "o" in by_month else "day",
        "closes_on": closes,
        "closes_precision": "month" if "c" in by_month else "day",
        "is_permanent": permanent,
    }


@pytest.mark.parametrize(
    ("shown", "group"),
    [
        # Opened in December 2022, closing not known: nobody can say it is still on.
        (dates(D(2022, 12, 1), by_month="o"), "past"),
        (dates(D(2022, 12, 1), by_month="o", permanent=True), "current"),
        (dates(), "past"),  # undated: never claimed as current
        (dates(permanent=True), "current"),
        (dates(D(2026, 6, 1), D(2026, 6, 30)), "current"),
        (dates(D(2026, 5, 1), D(2026, 7, 31), by_month="o"), "current"),
        # Opening in June 2026, the day not known: on the 15th nobody can say it has.
        (dates(D(2026, 6, 1), D(2026, 9, 1), by_month="o"), "past"),
        (dates(D(2026, 7, 1), by_month="o"), "upcoming"),
        (dates(D(2026, 1, 1), D(2026, 6, 1), by_month="c"), "past"),
        (dates(D(2026, 1, 1), D(2026, 12, 1), by_month="c"), "current"),
        (dates(D(2025, 1, 1), D(2026, 6, 14)), "past"),
    ],
)
def test_an_exhibition_is_on_view_only_when_its_dates_say_so(shown, group):
    ExhibitionFactory(slug="shown", **shown)

    found = groups()

    assert [name for name, slugs in found.items() if "shown" in slugs] == [group]


def test_a_date_is_stored_as_the_first_day_of_its_period():
    exhibition = ExhibitionFactory(
        opens_on=D(2022, 12, 18), opens_precision="month", closes_on=D(2023, 5, 5)
    )
    exhibition.closes_precision = "year"
    exhibition.save()

    assert exhibition.opens_on == D(2022, 12, 1)
    assert exhibition.closes_on == D(2023, 1, 1)
    assert (exhibition.closing.earliest, exhibition.closing.latest) == (
        D(2023, 1, 1),
        D(2023, 12, 31),
    )


def test_a_permanent_exhibition_has_no_closing_date():
    exhibition = ExhibitionFactory.build(is_permanent=True, closes_on=D(2023, 1, 1))

    with pytest.raises(ValidationError, match="permanent"):
        exhibition.clean()


@pytest.mark.parametrize(
    ("shown", "english", "vietnamese"),
    [
        (dates(D(2022, 12, 1), by_month="o"), "Opened December 2022", "tháng 12 năm 2022"),
        (
            dates(D(2022, 12, 18), D(2023, 3, 31)),
            "18 December 2022 – 31 March 2023",
            "18/12/2022 – 31/3/2023",
        ),
        (
            dates(D(2022, 12, 1), D(2023, 3, 1), by_month="oc"),
            "December 2022 – March 2023",
            "tháng 12 năm 2022 – tháng 3 năm 2023",
        ),
        (dates(), "Not known", ""),
    ],
)
def test_the_exhibition_page_shows_its_dates_at_the_precision_known(
    client, shown, english, vietnamese
):
    exhibition = ExhibitionFactory(title_en="Hanoi 1972", **shown)

    en = client.get(url("exhibitions:exhibition-detail", exhibition.slug)).text
    vi = client.get(url("exhibitions:exhibition-detail", exhibition.slug, language="vi")).text

    facts = re.search(r'<dl class="facts exhibition__facts">(.*?)</dl>', en, re.S).group(1)
    assert english in " ".join(re.sub(r"<[^>]+>", " ", facts).split())
    assert vietnamese in vi


def test_json_ld_gives_the_dates_at_their_precision(client):
    exhibition = ExhibitionFactory(opens_on=D(2022, 12, 1), opens_precision="month")

    html = client.get(url("exhibitions:exhibition-detail", exhibition.slug)).text
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))

    assert data["startDate"] == "2022-12"
    assert "endDate" not in data


def test_an_exhibition_long_opened_with_no_closing_date_is_not_said_to_be_on_view(client):
    ExhibitionFactory(title_en="Hanoi 1972", opens_on=D(2022, 12, 1), opens_precision="month")

    home = client.get(url("museum:home")).text
    listing = client.get(url("exhibitions:exhibition-list"))

    assert "Hanoi 1972" in home
    assert "On view now" not in home
    assert [e.title for e in listing.context["object_list"]] == ["Hanoi 1972"]
    assert listing.context["current_exhibitions"].count() == 0
    assert "Opened December 2022" in re.sub(r"<[^>]+>", "", listing.text)


def test_the_exhibition_page_lists_its_published_events(client):
    exhibition = ExhibitionFactory()
    EventFactory(title_en="The opening", slug="opening").exhibitions.add(exhibition)
    EventFactory(title_en="Secret rehearsal", status="draft").exhibitions.add(exhibition)
    EventFactory(title_en="Another show's talk")

    html = client.get(url("exhibitions:exhibition-detail", exhibition.slug)).text

    assert "Events of this exhibition" in html
    assert 'href="/en/events/opening/"' in html
    assert "Secret rehearsal" not in html
    assert "Another show" not in html


def test_credits_are_shown_at_the_end(client):
    exhibition = ExhibitionFactory(credits_en="Texts translated by the demo.")

    html = client.get(url("exhibitions:exhibition-detail", exhibition.slug)).text

    assert html.index("Credits") < html.index("Texts translated by the demo.")
