import datetime
import json
import re
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from core.models import Status
from events.models import Kind
from tests.events.factories import HANOI, EventFactory
from tests.exhibitions.factories import ExhibitionFactory
from tests.public import all_sitemaps, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


# --- the list ----------------------------------------------------------------------


def test_list_shows_upcoming_soonest_first_and_past_latest_first(client):
    now = timezone.now()
    EventFactory(title_en="Next month", starts_at=now + 30 * DAY)
    EventFactory(title_en="Tomorrow", starts_at=now + DAY)
    EventFactory(title_en="Under way", starts_at=now - HOUR, ends_at=now + HOUR)
    EventFactory(title_en="Last year", starts_at=now - 365 * DAY)
    EventFactory(title_en="Last week", starts_at=now - 7 * DAY)
    EventFactory(title_en="Hidden draft", starts_at=now + DAY, status=Status.DRAFT)

    response = client.get(url("events:event-list"))

    upcoming = [event.title for event in response.context["upcoming_events"]]
    assert upcoming == ["Under way", "Tomorrow", "Next month"]
    assert [event.title for event in response.context["object_list"]] == ["Last week", "Last year"]
    assert "Hidden draft" not in response.text
    assert url("events:calendar-feed") in response.text


def test_event_that_ended_a_second_ago_is_listed_under_past_events(client):
    # A long-running process (gunicorn preloads the app): the list has been served
    # before, and the clock has moved on since the views were loaded.
    assert client.get(url("events:event-list")).status_code == 200
    time.sleep(1.1)
    ended = timezone.now() - datetime.timedelta(seconds=1)
    EventFactory(title_en="Just ended", starts_at=ended - HOUR, ends_at=ended)

    response = client.get(url("events:event-list"))

    assert [event.title for event in response.context["object_list"]] == ["Just ended"]
    assert "Just ended" in response.text


def test_past_events_are_paginated_and_upcoming_stay_on_page_one(client):
    now = timezone.now()
    EventFactory(title_en="Coming up", starts_at=now + DAY)
    for days in range(1, 26):
        EventFactory(starts_at=now - days * DAY)

    first = client.get(url("events:event-list"))
    second = client.get(url("events:event-list") + "?page=2")

    assert len(first.context["object_list"]) == 20
    assert "Coming up" in first.text
    assert len(second.context["object_list"]) == 5
    assert "Coming up" not in second.text
    assert 'rel="prev"' in second.text


def test_list_query_count_is_constant(client, django_assert_num_queries):
    now = timezone.now()

    def render():
        # 1. upcoming events  2. count of past events  3. the page of past events
        with django_assert_num_queries(3):
            assert client.get(url("events:event-list")).status_code == 200

    EventFactory(starts_at=now + DAY)
    EventFactory(starts_at=now - DAY)
    render()
    for days in range(2, 40):
        EventFactory(starts_at=now + days * DAY)
        EventFactory(starts_at=now - days * DAY)
    render()


# --- an event ----------------------------------------------------------------------


def test_event_page_shows_times_in_the_events_own_zone(client, settings):
    settings.TIME_ZONE = "UTC"  # the server's zone must not leak into the page
    event = EventFactory(
        title_en="Seminar",
        kind=Kind.SEMINAR,
        starts_at=datetime.datetime(2022, 12, 8, 9, 0, tzinfo=HANOI),
        ends_at=datetime.datetime(2022, 12, 8, 11, 30, tzinfo=HANOI),
        venue_en="Hùng Vương Club",
        organisers_en="Hanoi People's Committee",
        participants=200,
        description_en="Veterans and students.",
    )

    html = client.get(url("events:event-detail", event.slug)).text

    assert 'datetime="2022-12-08T09:00:00+07:00"' in html
    assert 'datetime="2022-12-08T11:30:00+07:00"' in html
    for text in (
        "Seminar",
        "Hùng Vương Club",
        "Hanoi People&#x27;s Committee",
        "200 participants",
        "Veterans and students.",
    ):
        assert text in html
    assert f'href="{url("events:event-ics", event.slug)}"' in html
    assert f'href="{url("events:calendar-feed")}"' in html


def test_all_day_event_shows_dates_only(client):
    event = EventFactory(
        is_all_day=True,
        starts_at=datetime.datetime(2022, 12, 18, tzinfo=HANOI),
        ends_at=datetime.datetime(2022, 12, 29, tzinfo=HANOI),
    )

    html = client.get(url("events:event-detail", event.slug)).text

    assert '<time datetime="2022-12-18">' in html
    assert '<time datetime="2022-12-29">' in html
    assert "T00:00" not in html
    assert "UTC+" not in html


def test_event_page_links_published_exhibitions_only(client):
    event = EventFactory()
    shown = ExhibitionFactory(title_en="Shown exhibition")
    hidden = ExhibitionFactory(title_en="Draft exhibition", status=Status.DRAFT)
    event.exhibitions.add(shown, hidden)

    html = client.get(url("events:event-detail", event.slug)).text

    assert shown.get_absolute_url() in html
    assert "Draft exhibition" not in html


def test_event_page_has_event_json_ld(client):
    event = EventFactory(
        title_en="Workshop",
        starts_at=datetime.datetime(2022, 12, 8, 9, 0, tzinfo=HANOI),
        venue_en="Hanoi Museum",
        organisers_en="Hanoi Museum",
    )

    data = json_ld(client.get(url("events:event-detail", event.slug)).text)

    assert data["@type"] == "Event"
    assert data["name"] == "Workshop"
    assert data["startDate"] == "2022-12-08T09:00:00+07:00"
    assert data["endDate"] == "2022-12-08T11:00:00+07:00"
    assert data["location"] == {"@type": "Place", "name": "Hanoi Museum"}
    assert data["organizer"] == {"@type": "Organization", "name": "Hanoi Museum"}
    assert data["url"] == f"http://testserver/en/events/{event.slug}/"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_draft_event_is_404_for_visitors(client):
    event = EventFactory(status=Status.DRAFT)

    assert client.get(url("events:event-detail", event.slug)).status_code == 404
    assert client.get(url("events:event-detail", event.slug, language="vi")).status_code == 404


def test_event_page_query_count_is_constant(client, django_assert_num_queries):
    event = EventFactory()

    def render():
        # 1. the event  2. its published exhibitions + their hero images
        with django_assert_num_queries(2):
            assert client.get(url("events:event-detail", event.slug)).status_code == 200

    event.exhibitions.add(ExhibitionFactory())
    render()
    event.exhibitions.add(*(ExhibitionFactory() for _ in range(10)))
    render()


def test_sitemap_lists_published_events_and_the_list_in_both_languages(client):
    event = EventFactory()
    draft = EventFactory(status=Status.DRAFT)
    xml = all_sitemaps(client)

    for language in ("vi", "en"):
        assert f"http://testserver{url('events:event-list', language=language)}<" in xml
        assert (
            f"http://testserver{url('events:event-detail', event.slug, language=language)}<" in xml
        )
    assert draft.slug not in xml


def test_staff_who_may_view_events_preview_a_draft_event(client):
    event = EventFactory(title_en="Not announced", status=Status.DRAFT)
    staff = User.objects.create_user("curator", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/en{event.get_absolute_url()[3:]}").status_code == 404

    staff.user_permissions.add(Permission.objects.get(codename="view_event"))
    response = client.get(f"/en{event.get_absolute_url()[3:]}")

    assert response.status_code == 200
    assert "Not announced" in response.text
    assert "only staff can see this page" in response.text
    # The calendar file is for subscribers, not a preview: still visitors' rules.
    assert client.get(url("events:event-ics", event.slug)).status_code == 404
