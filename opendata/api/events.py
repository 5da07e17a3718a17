"""Events: the published ones, all of them or those to come or gone by, as the site's
events page divides them (``upcoming()``, ``past()``, read at each request)."""

from typing import Literal

from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import http_date
from ninja import Field, Path, Query, Router

from events.models import Event, Kind
from opendata.api.errors import Error
from opendata.api.exhibitions import SLUG_HELP, SLUG_PATTERN
from opendata.api.pagination import Key, Order, PageQuery, keyset_page
from opendata.api.schemas import EventDetail, EventPage
from opendata.api.shaping import Links, choice_label, language_map

router = Router(tags=["events"])

# The orders of the site's lists, by the same keys, the primary key last.
ORDERS = {
    None: Order("all", (Key("starts", "datetime", expression=F("starts_at")), Key("pk"))),
    "upcoming": Order(
        "upcoming", (Key("starts", "datetime", expression=F("starts_at")), Key("pk"))
    ),
    "past": Order(
        "past",
        (
            Key("ends", "datetime", descending=True, expression=F("ends_at")),
            Key("pk", descending=True),
        ),
    ),
}


class EventQuery(PageQuery):
    when: Literal["upcoming", "past"] | None = Field(
        None,
        description=(
            "upcoming: not yet over, soonest first; past: over, the latest first; "
            "neither: all, by start"
        ),
    )


def event_summary(event, links):
    return {
        "slug": event.slug,
        "title": language_map(event, "title"),
        "kind": event.kind,
        "kind_label": choice_label(Kind, event.kind),
        "starts_at": event.local_starts_at,
        "ends_at": event.local_ends_at,
        "time_zone": event.time_zone,
        "is_all_day": event.is_all_day,
        "date_precision": event.date_precision,
        "venue": language_map(event, "venue"),
        "organisers": language_map(event, "organisers"),
        "exhibitions": [
            {
                "slug": exhibition.slug,
                "title": language_map(exhibition, "title"),
                "url": links.address("api-v1:exhibition-detail", exhibition.slug),
            }
            for exhibition in event.exhibitions.all()
        ],
        "updated_at": event.updated_at,
        "url": links.address("api-v1:event-detail", event.slug),
        "permalink": links.permalink("events:event-detail", event.slug),
        "calendar": (
            links.address("events:event-ics", event.slug) if event.is_dated_to_the_day else None
        ),
    }


def last_passed(now):
    """When the latest published event ended, before ``now``: the last time the lists of
    upcoming and past events changed without anyone editing them."""
    ended = Event.objects.published().filter(ends_at__lt=now).order_by("-ends_at").first()
    return ended.ends_at if ended else None


@router.get(
    "/events",
    response={200: EventPage, 400: Error, 429: Error},
    operation_id="listEvents",
    url_name="event-list",
    summary="Published events",
)
def list_events(request, response: HttpResponse, params: Query[EventQuery]):
    """Published events, all of them (by start) or those to come or past."""
    links = Links(request)
    now = timezone.now()
    events = Event.objects.published().with_exhibitions()
    if params.when == "upcoming":
        events = events.upcoming(now)
    elif params.when == "past":
        events = events.past(now)
    if params.when and (passed := last_passed(now)):
        # Last-Modified must move when an event passes from one list to the other;
        # the edits' time (opendata.api.conditional) does not.
        response["Last-Modified"] = http_date(passed.timestamp())
    rows, following = keyset_page(request, links, "events", events, ORDERS[params.when], params)
    return {"results": [event_summary(event, links) for event in rows], "next": following}


@router.get(
    "/events/{slug:slug}",
    response={200: EventDetail, 400: Error, 404: Error, 429: Error},
    operation_id="getEvent",
    url_name="event-detail",
    summary="A published event",
)
def get_event(
    request,
    slug: str = Path(..., max_length=255, pattern=SLUG_PATTERN, description=SLUG_HELP),
):
    """A published event with its description. A draft is a 404."""
    links = Links(request)
    event = get_object_or_404(Event.objects.published().with_exhibitions(), slug=slug)
    return event_summary(event, links) | {
        "description": language_map(event, "description"),
        "participants": event.participants,
    }
