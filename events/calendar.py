"""Events as iCalendar (RFC 5545), for calendar programs to subscribe to or import."""

import datetime
import re

import icalendar
from django.utils.translation import gettext as _

from core.identity import museum

# RFC 5545 (3.3.11) allows no control character in TEXT but the tab; line breaks are
# written escaped, as "\n", by icalendar.vText.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value):
    """``value`` as an iCalendar TEXT value: line breaks kept (written escaped), other
    control characters dropped."""
    return icalendar.vText(_CONTROL.sub("", str(value).replace("\r\n", "\n")))


def product_id():
    """PRODID names the museum that publishes the calendar, and the software."""
    name = str(museum().name).replace("//", "/")
    return f"-//{name}//Vitrine events//EN"


def uid(event):
    # Stable across edits, so a calendar that imported the event updates it in place;
    # the installation's id keeps two museums' event 1 apart in one calendar program.
    return f"event-{event.pk}-{museum().installation_id or 'vitrine'}@vitrine"


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
    entry.add("summary", text(event.title))
    if event.venue:
        entry.add("location", text(event.venue))
    if event.description:
        entry.add("description", text(event.description))
    entry.add("url", absolute_url(event.get_absolute_url()))
    return entry


def build_calendar(events, absolute_url, name=None):
    """An icalendar.Calendar of ``events``; ``absolute_url`` turns a path into a full URL
    (``request.build_absolute_uri``)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", product_id())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # One line: icalendar writes X- properties raw, and a line break would end the
    # property in the middle of the event's title.
    calendar.add("x-wr-calname", text(" ".join(str(name or _("Museum events")).split())))
    for event in events:
        calendar.add_component(to_ical_event(event, absolute_url))
    calendar.add_missing_timezones()
    return calendar
