"""Exhibitions: ordered sections holding ordered collection objects, each with a label
written for this exhibition."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection.models import Image, Item, primary_image_prefetch
from core.models import Publishable, PublishableQuerySet, require_in_one_language


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

    # An exhibition without an opening date counts as open, one without a closing date
    # as permanent: curators leave the dates empty when the day is not known.
    def current(self, today=None):
        """On view today, the most recently opened first."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(opens_on__lte=today) | models.Q(opens_on__isnull=True),
            models.Q(closes_on__gte=today) | models.Q(closes_on__isnull=True),
        ).order_by(models.F("opens_on").desc(nulls_last=True), "title", "pk")

    def upcoming(self, today=None):
        """Not open yet, the soonest first."""
        today = today or timezone.localdate()
        return self.filter(opens_on__gt=today).order_by("opens_on", "title", "pk")

    def past(self, today=None):
        """Closed, the most recently closed first."""
        today = today or timezone.localdate()
        return self.filter(closes_on__lt=today).order_by("-closes_on", "title", "pk")


class SectionQuerySet(models.QuerySet):
    def published(self):
        """Sections of published exhibitions."""
        return self.filter(exhibition__in=Exhibition.objects.published())

    def with_items(self):
        return self.select_related("exhibition").prefetch_related(
            models.Prefetch("items", queryset=ExhibitionItem.objects.published().for_display())
        )

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
        help_text=_("Leave empty when the day is not known."),
    )
    closes_on = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a permanent exhibition or when the day is not known."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few paragraphs shown at the top of the exhibition page."),
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

    def get_absolute_url(self):
        return reverse("exhibitions:exhibition-detail", args=[self.slug])

    def clean(self):
        require_in_one_language(self, "title")

    @property
    def published_hero_image(self):
        """The hero image as every public page and card shows it: none when its object is
        not published (a draft, or unpublished since it was picked) or when it has no
        display image yet. Public querysets select ``hero_image__item`` for it."""
        image = self.hero_image
        return image if image and image.display and image.item.is_published else None


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

    def get_absolute_url(self):
        return reverse("exhibitions:section-detail", args=[self.exhibition.slug, self.slug])

    def clean(self):
        require_in_one_language(self, "title")


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
        return self.label_title or self.item.title

    @property
    def display_text(self):
        image = self.item.primary_image
        return self.label_text or (image and image.caption) or self.item.description
