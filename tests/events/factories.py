import datetime

import factory

from core.models import Status
from events.models import Event, Kind

HANOI = datetime.timezone(datetime.timedelta(hours=7))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Kind.TALK
    starts_at = datetime.datetime(2022, 12, 8, 9, 0, tzinfo=HANOI)
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    time_zone = "Asia/Ho_Chi_Minh"
    status = Status.PUBLISHED
