import datetime

import icalendar
import pytest
from django.urls import reverse

from core.identity import museum
from core.models import Status
from tests.events.factories import HANOI, EventFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_feed_lists_published_events_with_every_rfc_5545_property(client):
    event = EventFactory(
        title_en="Memory of 50 years",
        slug="memory",
        venue_en="Hanoi University of Science and Technology",
        description_en="An exchange.",
    )
    EventFactory(title_en="Draft talk", status=Status.DRAFT)

    with_english = client.get(reverse("events:calendar-feed").replace("/vi/", "/en/"))
    calendar = parse(with_english)

    (entry,) = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.pk}-{museum().installation_id}@vitrine"
    assert entry.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert entry["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert entry.decoded("DTSTART") == datetime.datetime(2022, 12, 8, 9, tzinfo=HANOI)
    assert entry.decoded("DTEND") == datetime.datetime(2022, 12, 8, 11, tzinfo=HANOI)
    assert str(entry["SUMMARY"]) == "Memory of 50 years"
    assert str(entry["LOCATION"]) == "Hanoi University of Science and Technology"
    assert str(entry["DESCRIPTION"]) == "An exchange."
    assert str(entry["URL"]) == "http://testserver/en/events/memory/"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert "Draft talk" not in with_english.text


def test_all_day_event_is_written_as_dates_with_an_exclusive_end(client):
    EventFactory(
        is_all_day=True,
        starts_at=datetime.datetime(2022, 12, 8, tzinfo=HANOI),
        ends_at=datetime.datetime(2022, 12, 9, tzinfo=HANOI),
    )

    (entry,) = parse(client.get(reverse("events:calendar-feed"))).walk("VEVENT")

    assert entry["DTSTART"].params["VALUE"] == "DATE"
    assert entry.decoded("DTSTART") == datetime.date(2022, 12, 8)
    assert entry.decoded("DTEND") == datetime.date(2022, 12, 10)


def test_one_events_ics_download_holds_that_event(client):
    event = EventFactory(slug="tribute")
    EventFactory()

    response = client.get(reverse("events:event-ics", args=["tribute"]))

    (entry,) = parse(response).walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.pk}-{museum().installation_id}@vitrine"
    assert 'filename="tribute.ics"' in response["Content-Disposition"]


def test_draft_events_ics_is_404(client):
    EventFactory(slug="draft", status=Status.DRAFT)

    assert client.get(reverse("events:event-ics", args=["draft"])).status_code == 404


def test_event_page_links_its_ics_download(client):
    event = EventFactory(slug="opening")

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert reverse("events:event-ics", args=["opening"]) in response.text


@pytest.mark.parametrize("title", ["Two\nlines", "Windows\r\nbreak", "Bell\x07 and tab\t"])
def test_line_breaks_and_control_characters_in_text_keep_the_ics_valid(client, title):
    event = EventFactory(title_vi=title, title_en=title, venue_en="Room\n2")
    expected = title.replace("\r\n", "\n").replace("\x07", "")

    one = parse(client.get(reverse("events:event-ics", args=[event.slug])))
    feed = parse(client.get(reverse("events:calendar-feed")))

    assert str(one["x-wr-calname"]) == " ".join(expected.split())
    for calendar in (one, feed):
        entry = calendar.walk("VEVENT")[0]
        assert str(entry["summary"]) == expected
        assert str(entry["location"]) == "Room\n2"
