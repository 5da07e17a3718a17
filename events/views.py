from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from events.calendar import build_calendar
from events.models import Event
from exhibitions.models import Exhibition

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


class EventDetailView(DetailView):
    queryset = Event.objects.published().prefetch_related(
        Prefetch("exhibitions", queryset=Exhibition.objects.published())
    )


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every published event, for calendar programs to subscribe to."""
    events = Event.objects.published().order_by("starts_at", "pk")
    return calendar_response(build_calendar(events, request.build_absolute_uri), "events.ics")


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    calendar = build_calendar([event], request.build_absolute_uri, name=event.title)
    return calendar_response(calendar, f"{event.slug}.ics")
