import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# Noon in Hanoi, six in the morning in Paris, midnight in New York.
NOW = datetime.datetime(2022, 12, 8, 5, 0, tzinfo=UTC)


def at(zone, *args):
    return datetime.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


def test_upcoming_and_past_compare_instants_across_time_zones():
    # Ended at 11:00 in Hanoi, an hour before NOW.
    hanoi = EventFactory(
        time_zone="Asia/Ho_Chi_Minh",
        starts_at=at("Asia/Ho_Chi_Minh", 2022, 12, 8, 9),
        ends_at=at("Asia/Ho_Chi_Minh", 2022, 12, 8, 11),
    )
    # Starts at 00:30 in New York: half an hour after NOW.
    new_york = EventFactory(
        time_zone="America/New_York",
        starts_at=at("America/New_York", 2022, 12, 8, 0, 30),
        ends_at=at("America/New_York", 2022, 12, 8, 2),
    )
    # Under way in Paris: started at 05:00 local, an hour before NOW.
    paris = EventFactory(
        time_zone="Europe/Paris",
        starts_at=at("Europe/Paris", 2022, 12, 8, 5),
        ends_at=at("Europe/Paris", 2022, 12, 8, 7),
    )

    assert list(Event.objects.upcoming(now=NOW)) == [paris, new_york]
    assert list(Event.objects.past(now=NOW)) == [hanoi]


def test_past_lists_the_most_recently_ended_first():
    older = EventFactory(starts_at=at("UTC", 2022, 12, 1, 9), ends_at=at("UTC", 2022, 12, 1, 10))
    newer = EventFactory(starts_at=at("UTC", 2022, 12, 5, 9), ends_at=at("UTC", 2022, 12, 5, 10))

    assert list(Event.objects.past(now=NOW)) == [newer, older]


def test_all_day_event_lasts_until_its_last_day_is_over_where_it_happens():
    # 8 December in Hanoi ends at 17:00 UTC; in New York the day is still going.
    hanoi = EventFactory(
        is_all_day=True,
        time_zone="Asia/Ho_Chi_Minh",
        starts_at=at("Asia/Ho_Chi_Minh", 2022, 12, 8, 10),
        ends_at=at("Asia/Ho_Chi_Minh", 2022, 12, 8, 10),
    )
    new_york = EventFactory(
        is_all_day=True,
        time_zone="America/New_York",
        starts_at=at("America/New_York", 2022, 12, 8, 10),
        ends_at=at("America/New_York", 2022, 12, 8, 10),
    )
    evening = datetime.datetime(2022, 12, 8, 18, 0, tzinfo=UTC)

    assert hanoi.ends_at == at("Asia/Ho_Chi_Minh", 2022, 12, 8, 23, 59, 59, 999999)
    assert hanoi.starts_at == at("Asia/Ho_Chi_Minh", 2022, 12, 8)
    assert list(Event.objects.upcoming(now=evening)) == [new_york]
    assert list(Event.objects.past(now=evening)) == [hanoi]


def test_drafts_are_left_out_of_published_upcoming_events():
    shown = EventFactory(starts_at=at("UTC", 2023, 1, 1, 9))
    EventFactory(starts_at=at("UTC", 2023, 1, 1, 9), status="draft")

    assert list(Event.objects.published().upcoming(now=NOW)) == [shown]


def test_an_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(ends_at=at("UTC", 2000, 1, 1))


def test_time_zone_must_be_a_real_zone_name():
    event = EventFactory.build(time_zone="Asia/Hanoi City")

    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "time_zone" in error.value.message_dict


def test_time_zone_defaults_to_the_museums(settings):
    assert Event().time_zone == settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
