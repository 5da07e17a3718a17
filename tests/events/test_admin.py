import datetime

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def event_form(**fields):
    return {
        "title_en": "Talk in Paris",
        "slug": "talk-in-paris",
        "kind": "talk",
        "status": "published",
        "starts_at_0": "2022-12-08",
        "starts_at_1": "10:00",
        "ends_at_0": "2022-12-08",
        "ends_at_1": "11:30",
        "time_zone": "Europe/Paris",
        "date_precision": "day",
        **fields,
    }


def test_times_are_entered_in_the_events_own_time_zone(admin_client):
    response = admin_client.post(reverse("admin:events_event_add"), event_form())

    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2022, 12, 8, 9, 0, tzinfo=datetime.UTC)
    assert event.local_ends_at.strftime("%H:%M") == "11:30"


def test_change_form_shows_times_in_the_events_own_time_zone(admin_client):
    event = EventFactory(
        time_zone="Europe/Paris",
        starts_at=datetime.datetime(2022, 12, 8, 9, 0, tzinfo=datetime.UTC),
    )

    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert 'value="10:00:00"' in response.text


def test_event_list_shows_local_dates(admin_client):
    EventFactory(title_en="Tribute")

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert "08/12/2022 09:00 – 08/12/2022 11:00 (Asia/Ho_Chi_Minh)" in response.text


def test_date_hierarchy_year_past_what_dates_hold_goes_back_to_the_whole_list(admin_client):
    changelist = reverse("admin:events_event_changelist")

    response = admin_client.get(f"{changelist}?starts_at__year={'9' * 30}")

    assert response.status_code == 302


def test_event_form_names_the_date_and_time_inputs_for_screen_readers(admin_client):
    html = admin_client.get(reverse("admin:events_event_add"), HTTP_ACCEPT_LANGUAGE="en").text

    assert 'aria-label="Starts at: date"' in html
    assert 'aria-label="Starts at: time"' in html
    assert html.count('name="_continue"') == 2
    assert 'class="form-row field-title_vi field-title_en"' in html
