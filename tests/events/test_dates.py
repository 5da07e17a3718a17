"""Events dated to the month or year, as the sources give them, and events that are over."""

import datetime
import json
import re

import pytest

from events.models import Event
from tests.events.factories import HANOI, EventFactory
from tests.public import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def workshop():
    """Held "on Friday" in December 2022: the month is known, not the day."""
    return EventFactory(
        title_en="Workshop",
        slug="workshop",
        starts_at=datetime.datetime(2022, 12, 9, 9, tzinfo=HANOI),
        date_precision="month",
    )


def test_an_event_known_to_the_month_spans_the_month_all_day(workshop):
    workshop.refresh_from_db()

    assert workshop.is_all_day
    assert workshop.local_starts_at.date() == datetime.date(2022, 12, 1)
    assert workshop.local_ends_at.date() == datetime.date(2022, 12, 31)


def test_its_pages_show_the_month_in_the_readers_language(client, workshop):
    en = client.get(url("events:event-detail", "workshop")).text
    vi = client.get(url("events:event-detail", "workshop", language="vi")).text
    listing = client.get(url("events:event-list")).text

    assert "December 2022" in en
    assert "1 December 2022" not in en
    assert "tháng 12 năm 2022" in vi
    assert '<p class="event-card__date">December 2022</p>' in listing


def test_json_ld_gives_the_month(client, workshop):
    html = client.get(url("events:event-detail", "workshop")).text
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))

    assert data["startDate"] == "2022-12"
    assert "endDate" not in data


def test_calendar_files_leave_out_what_a_calendar_cannot_hold(client, workshop):
    EventFactory(title_en="Tribute", slug="tribute")

    feed = client.get(url("events:calendar-feed")).text
    page = client.get(url("events:event-detail", "workshop")).text

    assert "Tribute" in feed
    assert "Workshop" not in feed
    assert client.get(url("events:event-ics", "workshop")).status_code == 404
    assert url("events:event-ics", "workshop") not in page


def test_the_event_page_says_when_an_event_has_ended(client):
    EventFactory(slug="over")
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    EventFactory(slug="soon", starts_at=soon)

    assert "This event has ended." in client.get(url("events:event-detail", "over")).text
    assert "This event has ended." not in client.get(url("events:event-detail", "soon")).text


def test_an_event_dated_to_the_day_keeps_its_times(client):
    event = EventFactory(slug="talk")

    assert Event.objects.get(pk=event.pk).local_starts_at.hour == 9
    assert "8 December 2022, 9 a.m." in client.get(url("events:event-detail", "talk")).text
