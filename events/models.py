"""Events: openings, workshops, talks and commemorations, each in its own time zone."""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection.dates import Precision, span_of
from collection.search import text_matching
from core.cache import dependency_key
from core.models import Publishable, PublishableQuerySet, require_in_one_language
from core.vocabulary import add_words
from exhibitions.models import Exhibition


@functools.cache
def time_zone_names():
    # Read from the system's (or tzdata's) files; they do not change while we run.
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name, e.g. Asia/Ho_Chi_Minh."),
            code="invalid_time_zone",
            params={"value": value},
        )


def default_time_zone():
    return settings.TIME_ZONE


def all_day_span(first_day, last_day, zone):
    """From the first moment of the first day to the last moment of the last day, in the
    event's zone: an all-day event is on until its last day is over where it happens."""
    zone = zoneinfo.ZoneInfo(str(zone))
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last_day, datetime.time.max, tzinfo=zone)
    return start, end


class Kind(models.TextChoices):
    OPENING = "opening", _("Opening")
    WORKSHOP = "workshop", _("Workshop")
    SEMINAR = "seminar", _("Seminar")
    TALK = "talk", _("Talk / exchange")
    COMMEMORATION = "commemoration", _("Commemoration")
    GUIDED_TOUR = "guided_tour", _("Guided tour")
    OTHER = "other", _("Other")


EVENT_TEXT = ("title", "description", "venue", "organisers")


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Not yet over (including those under way), soonest first."""
        now = now or timezone.now()
        return self.filter(ends_at__gte=now).order_by("starts_at", "pk")

    def past(self, now=None):
        """Over, the most recently ended first."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now).order_by("-ends_at", "-pk")

    def search(self, query):
        """Events whose title, description, venue or organisers match, best first."""
        fields = [f"{f}_{code}" for f in EVENT_TEXT for code in ("vi", "en")]
        return text_matching(self, query, *fields)

    def for_calendar(self):
        """Events with a day and time a calendar program can hold: not those known only
        to the month or year."""
        return self.filter(date_precision=Precision.DAY)

    def with_exhibitions(self):
        """The published exhibitions an event belongs to, with their hero images."""
        return self.prefetch_related(
            models.Prefetch("exhibitions", queryset=Exhibition.objects.published().for_list())
        )


class Event(Publishable):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("The event's address on the website, e.g. exhibition-opening-2022."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    starts_at = models.DateTimeField(
        _("starts at"), help_text=_("In the event's time zone, below.")
    )
    ends_at = models.DateTimeField(_("ends at"), help_text=_("In the event's time zone, below."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_(
            "Where the event takes place, e.g. Asia/Ho_Chi_Minh. The start and end are read "
            "in this zone."
        ),
    )
    is_all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_(
            "Runs from the start of the first day to the end of the last; times are ignored."
        ),
    )
    date_precision = models.CharField(
        _("date known to the"),
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
        help_text=_(
            "For an event known only as “December 2022”, give any day of that month and "
            "choose “month”: it is shown as the month, spans all of it, and is left out of "
            "calendar files."
        ),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organisers = models.CharField(_("organisers"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(
        _("number of participants"),
        null=True,
        blank=True,
        help_text=_("An approximate count is fine; say so in the description."),
    )
    exhibitions = models.ManyToManyField(
        "exhibitions.Exhibition",
        related_name="events",
        blank=True,
        verbose_name=_("exhibitions"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event ends before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["ends_at"], name="events_event_ends_at")]
        permissions = [("publish_event", _("Can publish and unpublish events"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.date_precision != Precision.DAY:
            self.is_all_day = True
        if self.is_all_day and self.starts_at and self.ends_at:
            first, last = self.periods[0], self.periods[-1]
            self.starts_at, self.ends_at = all_day_span(first.earliest, last.latest, self.zone)
        super().save(*args, **kwargs)
        add_words(*(getattr(self, f"{f}_{code}") for f in EVENT_TEXT for code in ("vi", "en")))

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    def clean(self):
        require_in_one_language(self, "title")

    @classmethod
    def also_invalidates(cls, events):
        """An event shows on the pages of the exhibitions it belongs to."""
        linked = cls.exhibitions.through.objects.filter(event__in=events)
        return [
            dependency_key(Exhibition, pk)
            for pk in set(linked.values_list("exhibition", flat=True))
        ]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def periods(self):
        """The days, months or years (by ``date_precision``) the event runs over, as
        collection.dates spans: one, or the first and the last."""
        first = span_of(self.local_starts_at.date(), self.date_precision)
        last = span_of(self.local_ends_at.date(), self.date_precision)
        return (first,) if first == last else (first, last)

    @property
    def is_dated_to_the_day(self):
        return self.date_precision == Precision.DAY

    @property
    def has_ended(self):
        return self.ends_at < timezone.now()
