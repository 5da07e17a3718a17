"""Exhibitions: ordered sections holding ordered collection objects, each with a label
written for this exhibition."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection.dates import Precision, span_of
from collection.models import Image, Item, primary_image_prefetch
from collection.search import text_matching
from core.cache import dependency_key
from core.languages import first_of, translated
from core.models import Publishable, PublishableQuerySet, require_in_one_language
from core.vocabulary import add_words

EXHIBITION_TEXT = ("title", "subtitle", "venue", "introduction")
SECTION_TEXT = ("title", "introduction")


def both_languages(*fields):
    return [f"{field}_{code}" for field in fields for code in ("vi", "en")]


class ExhibitionItemQuerySet(models.QuerySet):
    def published(self):
        """Items whose object is published: what a visitor sees of a published exhibition
        (or a curator of a draft one, in preview), which still hides its draft objects."""
        return self.filter(item__in=Item.objects.published())

    def for_display(self):
        return self.select_related("item").prefetch_related(primary_image_prefetch("item__images"))


class ExhibitionQuerySet(PublishableQuerySet):
    def with_layout(self):
        """Sections, their visible items, the objects and their primary images, in four
        queries whatever the exhibition's size."""
        return self.select_related("hero_image").prefetch_related(
            "sections",
            models.Prefetch(
                "sections__items", queryset=ExhibitionItem.objects.published().for_display()
            ),
        )

    def for_list(self):
        """What an exhibition card needs: the hero image and its object (for
        ``published_hero_image``), in the same query."""
        return self.select_related("hero_image__item")

    def for_page(self):
        """with_layout(), plus the hero image's object, for ``published_hero_image``."""
        return self.with_layout().select_related("hero_image__item")

    # An exhibition is on view only when its dates say so: opened (the whole opening
    # month, if only the month is known, is behind us) and not closed (its closing
    # period has not begun) or permanent. An undated one is never claimed as current.
    def current(self, today=None):
        """On view today, the most recently opened first."""
        return self.filter(on_view(today or timezone.localdate())).order_by(
            models.F("opens_on").desc(nulls_last=True), "title", "pk"
        )

    def upcoming(self, today=None):
        """Not open yet, the soonest first."""
        today = today or timezone.localdate()
        return self.filter(opens_on__gt=today).order_by("opens_on", "title", "pk")

    def past(self, today=None):
        """Neither on view nor coming: closed, or with dates that cannot say it is still
        open (an opening long ago and no closing date, or no dates at all); the most
        recent first."""
        today = today or timezone.localdate()
        return (
            self.exclude(on_view(today))
            .exclude(opens_on__gt=today)
            .order_by(
                Coalesce("closes_on", "opens_on").desc(nulls_last=True),
                "title",
                "pk",
            )
        )

    def search(self, query):
        """Exhibitions whose title, subtitle, venue or introduction match, best first."""
        return text_matching(self, query, *both_languages(*EXHIBITION_TEXT))

    def with_is_current(self, today=None):
        """Each exhibition annotated ``is_current``, 1 when on view today, else 0."""
        condition = on_view(today or timezone.localdate())
        return self.annotate(
            is_current=models.Case(
                models.When(condition, then=models.Value(1)),
                default=models.Value(0),
                output_field=models.IntegerField(),
            )
        )


def period_starts(today):
    """The first day of today's day, month and year: a stored date (the first day of its
    period) before these has its whole period behind it."""
    return {
        Precision.DAY: today + datetime.timedelta(days=1),
        Precision.MONTH: today.replace(day=1),
        Precision.YEAR: today.replace(month=1, day=1),
    }


def on_view(today):
    """The condition "on view today", in SQL (see ``ExhibitionQuerySet.current``)."""
    opened = models.Q()
    for precision, start in period_starts(today).items():
        opened |= models.Q(opens_precision=precision, opens_on__lt=start)
    undated_permanent = models.Q(opens_on__isnull=True, is_permanent=True)
    return (opened | undated_permanent) & (
        models.Q(is_permanent=True) | models.Q(closes_on__gte=today)
    )


class SectionQuerySet(models.QuerySet):
    def published(self):
        """Sections of published exhibitions."""
        return self.filter(exhibition__in=Exhibition.objects.published())

    def with_items(self):
        return self.select_related("exhibition").prefetch_related(
            models.Prefetch("items", queryset=ExhibitionItem.objects.published().for_display())
        )

    def search(self, query):
        """Sections whose title or introduction match, best first."""
        return text_matching(self, query, *both_languages(*SECTION_TEXT))

    def for_sitemap(self):
        """Just what a section's address and date need: its slug and its exhibition's."""
        return self.select_related("exhibition").only(
            "pk", "slug", "exhibition", "exhibition__slug", "exhibition__updated_at"
        )


def published_objects_images():
    """The images a curator may pick as a hero: those of published objects. Checked by
    the admin's form and its autocomplete; ``published_hero_image`` still hides one whose
    object is unpublished later."""
    return models.Q(item__in=Item.objects.published())


class Exhibition(Publishable):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_("The exhibition's address on the website, e.g. hanoi-1972."),
    )
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("e.g. Hanoi Museum, ground floor")
    )
    organisers = models.CharField(
        _("organisers"),
        max_length=500,
        blank=True,
        help_text=_("Who organised the exhibition, as it should be credited."),
    )
    opens_on = models.DateField(
        _("opening date"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty when not even the year is known. For “December 2022”, give any day "
            "of December 2022 and choose “month” below."
        ),
    )
    opens_precision = models.CharField(
        _("opening date known to the"),
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
    )
    closes_on = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it is not known, or for a permanent exhibition."),
    )
    closes_precision = models.CharField(
        _("closing date known to the"),
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
    )
    is_permanent = models.BooleanField(
        _("permanent"),
        default=False,
        help_text=_(
            "On view with no closing date. Without this, an exhibition with no closing date "
            "is not shown as on view: nobody can tell it still is."
        ),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few paragraphs shown at the top of the exhibition page."),
    )
    credits = models.TextField(
        _("credits"),
        blank=True,
        help_text=_(
            "Shown at the end of the exhibition page: who made it, who lent objects, who "
            "wrote and translated its texts."
        ),
    )
    hero_image = models.ForeignKey(
        Image,
        verbose_name=_("hero image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=published_objects_images,
        help_text=_(
            "An image of a published object in the collection, shown large at the top and "
            "on the exhibition's card."
        ),
    )

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on"))
                | models.Q(closes_on__isnull=True)
                | models.Q(opens_on__isnull=True),
                name="exhibitions_exhibition_closes_after_opening",
                violation_error_message=_("The closing date is before the opening date."),
            ),
        ]
        permissions = [("publish_exhibition", _("Can publish and unpublish exhibitions"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.store_dates_as_periods()
        super().save(*args, **kwargs)
        add_words(*(getattr(self, name) for name in both_languages(*EXHIBITION_TEXT)))

    def get_absolute_url(self):
        return reverse("exhibitions:exhibition-detail", args=[self.slug])

    def clean(self):
        require_in_one_language(self, "title")
        self.store_dates_as_periods()
        if self.is_permanent and self.closes_on:
            message = _("A permanent exhibition has no closing date.")
            raise ValidationError({"is_permanent": message})

    def store_dates_as_periods(self):
        """Each date becomes the first day of its period: "December 2022" is 1/12/2022,
        whichever day of the month was typed, so the on-view queries can compare."""
        if self.opens_on:
            self.opens_on = span_of(self.opens_on, self.opens_precision).earliest
        if self.closes_on:
            self.closes_on = span_of(self.closes_on, self.closes_precision).earliest

    @property
    def opening(self):
        """The opening as a collection.dates.Span (a day, month or year), or None."""
        return span_of(self.opens_on, self.opens_precision) if self.opens_on else None

    @property
    def closing(self):
        return span_of(self.closes_on, self.closes_precision) if self.closes_on else None

    @property
    def dates(self):
        """The opening and closing spans that are known, for collection.date_display."""
        return tuple(span for span in (self.opening, self.closing) if span)

    @property
    def has_dates(self):
        return bool(self.opens_on or self.closes_on or self.is_permanent)

    @property
    def has_opened(self):
        """Whether the opening is behind us (all of its month, if only that is known)."""
        today = timezone.localdate()
        opening = self.opening
        if opening is None:
            return False
        if opening.precision == Precision.DAY:
            return opening.earliest <= today
        return opening.latest < today

    @property
    def published_hero_image(self):
        """The hero image as every public page and card shows it: none when its object is
        not published (a draft, or unpublished since it was picked) or when it has no
        display image yet. Public querysets select ``hero_image__item`` for it."""
        image = self.hero_image
        return image if image and image.display and image.item.is_published else None

    @classmethod
    def also_invalidates(cls, exhibitions):
        """The pages of the objects shown, which name the exhibitions showing them."""
        shown = ExhibitionItem.objects.filter(section__exhibition__in=exhibitions)
        return [dependency_key(Item, pk) for pk in set(shown.values_list("item", flat=True))]


class Section(models.Model):
    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("exhibition"),
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        help_text=_("The section's address within the exhibition, e.g. confront."),
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the section's objects.")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Sections are shown from the lowest number up.")
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "slug"],
                name="exhibitions_section_slug_unique",
                violation_error_message=_("This exhibition already has a section with this slug."),
            ),
        ]

    def __str__(self):
        return f"{self.exhibition} – {self.title}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        add_words(*(getattr(self, name) for name in both_languages(*SECTION_TEXT)))

    def get_absolute_url(self):
        return reverse("exhibitions:section-detail", args=[self.exhibition.slug, self.slug])

    def clean(self):
        require_in_one_language(self, "title")

    @classmethod
    def also_invalidates(cls, sections):
        """A section, its labels and its order show on its exhibition's pages, in the
        search, and on the pages of its objects."""
        shown = ExhibitionItem.objects.filter(section__in=sections)
        return [
            Exhibition,
            *(dependency_key(Exhibition, pk) for pk in {s.exhibition_id for s in sections}),
            *(dependency_key(Item, pk) for pk in set(shown.values_list("item", flat=True))),
        ]

    @classmethod
    def showing(cls, items):
        """The keys of the sections showing ``items``, and of their exhibitions, whose
        pages list them (core.cache.register_dependents, in apps.py)."""
        rows = ExhibitionItem.objects.filter(item__in=items).values_list(
            "section", "section__exhibition"
        )
        return [
            key
            for section, exhibition in set(rows)
            for key in (dependency_key(cls, section), dependency_key(Exhibition, exhibition))
        ]


class ExhibitionItem(models.Model):
    """An object shown in a section, with the label written for this exhibition."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.PROTECT,
        related_name="exhibition_items",
        verbose_name=_("object"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    label_title = models.CharField(
        _("label title"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the object's own title."),
    )
    label_text = models.TextField(
        _("label text"),
        blank=True,
        help_text=_(
            "The label written for this exhibition. Leave empty to use the caption of the "
            "object's primary image, or else its description."
        ),
    )

    objects = ExhibitionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibited object")
        verbose_name_plural = _("exhibited objects")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "item"],
                name="exhibitions_exhibitionitem_once_per_section",
                violation_error_message=_("This object is already in this section."),
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        """The label's title, else the object's, in the language it is written in
        (core.languages.Translated)."""
        return first_of(translated(self, "label_title"), translated(self.item, "title"))

    @property
    def display_text(self):
        """The label, else the caption of the object's primary image, else its
        description."""
        return first_of(
            translated(self, "label_text"),
            translated(self.item.primary_image, "caption"),
            translated(self.item, "description"),
        )
