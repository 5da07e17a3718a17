"""Events as iCalendar (RFC 5545), for calendar programs to subscribe to or import."""

import datetime

import icalendar
from django.utils.translation import gettext as _

PRODUCT_ID = "-//Vitrine//Museum events//EN"


def uid(event):
    # Stable across edits, so a calendar that imported the event updates it in place.
    return f"event-{event.pk}@vitrine"


def to_ical_event(event, absolute_url):
    entry = icalendar.Event()
    entry.add("uid", uid(event))
    entry.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    if event.is_all_day:
        # All-day events are dates in the event's zone; DTEND is exclusive (RFC 5545 3.6.1).
        entry.add("dtstart", event.local_starts_at.date())
        entry.add("dtend", event.local_ends_at.date() + datetime.timedelta(days=1))
    else:
        # Written with TZID=<the event's zone>, its VTIMEZONE added to the calendar.
        entry.add("dtstart", event.local_starts_at)
        entry.add("dtend", event.local_ends_at)
    entry.add("summary", event.title)
    if event.venue:
        entry.add("location", event.venue)
    if event.description:
        entry.add("description", event.description)
    entry.add("url", absolute_url(event.get_absolute_url()))
    return entry


def build_calendar(events, absolute_url, name=None):
    """An icalendar.Calendar of ``events``; ``absolute_url`` turns a path into a full URL
    (``request.build_absolute_uri``)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name or _("Museum events"))
    for event in events:
        calendar.add_component(to_ical_event(event, absolute_url))
    calendar.add_missing_timezones()
    return calendar
