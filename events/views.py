"""The events' public pages, and their iCalendar files. Every queryset starts from
``published()``; staff may preview a draft event's page."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from collection.date_display import iso_date
from collection.models import Item
from core.cache import depends_on
from core.views import PublishedOrPreviewMixin
from events.calendar import build_calendar
from events.models import Event
from exhibitions.models import Exhibition

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PAST_PAGE_SIZE = 20


class EventListView(ListView):
    """What is coming (soonest first) above what has been (paginated, latest first)."""

    paginate_by = PAST_PAGE_SIZE
    query_parameters = frozenset({"page"})

    def get_queryset(self):
        depends_on(Event)
        # "Now" is read per request: a class attribute would keep the moment the server
        # started, and every event ending after it would vanish from both lists.
        return Event.objects.published().past()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upcoming_events=Event.objects.published().upcoming(), **kwargs
        )


class EventDetailView(PublishedOrPreviewMixin, DetailView):
    queryset = Event.objects.with_exhibitions()

    def get_context_data(self, **kwargs):
        # Its exhibitions, published or not yet, with their hero images.
        depends_on(self.object, Exhibition, Item)
        return super().get_context_data(json_ld=event_json_ld(self.object, self.request), **kwargs)


def event_json_ld(event, request):
    """schema.org Event. An all-day event's dates carry no time, as in its .ics file; one
    known only to the month or year gives just that ("2022-12")."""
    url = request.build_absolute_uri(event.get_absolute_url())
    if event.is_dated_to_the_day:
        starts, ends = event.local_starts_at, event.local_ends_at
        if event.is_all_day:
            starts, ends = starts.date(), ends.date()
        starts, ends = starts.isoformat(), ends.isoformat()
    else:
        starts = iso_date(event.periods[0])
        ends = iso_date(event.periods[-1]) if len(event.periods) > 1 else None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "description": event.description,
        "startDate": starts,
        "endDate": ends,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.venue:
        data["location"] = {"@type": "Place", "name": event.venue}
    if event.organisers:
        data["organizer"] = {"@type": "Organization", "name": event.organisers}
    return {key: value for key, value in data.items() if value not in ("", None)}


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every published event, for calendar programs to subscribe to."""
    events = Event.objects.published().for_calendar().order_by("starts_at", "pk")
    return calendar_response(build_calendar(events, request.build_absolute_uri), "events.ics")


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published().for_calendar(), slug=slug)
    calendar = build_calendar([event], request.build_absolute_uri, name=event.title)
    return calendar_response(calendar, f"{event.slug}.ics")
