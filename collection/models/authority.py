"""People, places and subjects: the authority records objects point to, each with
variant names; a record merged into another stays, pointing to it (collection.merging)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import normalise


class Authority(models.Model):
    """A person, place or subject: one name, matched exactly after NFC normalisation."""

    variant_names = ArrayField(
        models.CharField(max_length=255),
        verbose_name=_("variant names"),
        blank=True,
        default=list,
        help_text=_(
            "Other spellings and forms of the name (without diacritics, in another "
            "language, earlier names), separated by commas. Searched, never shown first."
        ),
    )
    # Set by a merge, cleared by its undo: the record keeps its id, names and history,
    # its public address leads to the kept one, and lists and the import pass it by.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        help_text=_("The record this one was merged into; its objects are linked there now."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        indexes = [
            # The import matches variant names (variant_names && the file's names).
            GinIndex(fields=["variant_names"], name="%(app_label)s_%(class)s_variants"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise_names()
        super().save(*args, **kwargs)

    def clean(self):
        self.normalise_names()

    def normalise_names(self):
        # Each language's column by name: assigning `name` would set only the active
        # language's, and leave a decomposed name in the other; reading it would give the
        # fallback, and copy the other language's name into an empty column.
        fields = ("name_vi", "name_en") if hasattr(self, "name_vi") else ("name",)
        for field in fields:
            if getattr(self, field) is not None:
                setattr(self, field, normalise(getattr(self, field)))
        self.variant_names = [normalise(n) for n in self.variant_names if normalise(n)]

    @property
    def own_names(self):
        """The record's name in each language it has one (a person's has one)."""
        fields = ("name_vi", "name_en") if hasattr(self, "name_vi") else ("name",)
        return list(dict.fromkeys(n for f in fields if (n := getattr(self, f))))


class Person(Authority):
    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_(
            "As the person is usually known, with full Vietnamese diacritics "
            "(e.g. Chu Chí Thành). Names differing by one diacritic are different people."
        ),
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(_("year of death"), null=True, blank=True)
    biography = models.TextField(_("short biography"), blank=True)

    class Meta(Authority.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(death_year__gte=models.F("birth_year"))
                | models.Q(death_year__isnull=True)
                | models.Q(birth_year__isnull=True),
                name="collection_person_died_after_birth",
                violation_error_message=_("The year of death is before the year of birth."),
            ),
        ]

    def get_absolute_url(self):
        return reverse("collection:person-detail", args=[self.pk])

    @property
    def life_dates(self):
        if self.birth_year or self.death_year:
            return f"{self.birth_year or '?'}–{self.death_year or ''}"
        return ""


class Place(Authority):
    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("The place's name in this language, with full diacritics."),
    )
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta(Authority.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["name_vi"], name="collection_place_name_unique"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="collection_place_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (−90 to 90) and longitude (−180 to 180), or neither."
                ),
            ),
        ]

    def get_absolute_url(self):
        return reverse("collection:place-detail", args=[self.pk])


class Subject(Authority):
    name = models.CharField(
        _("name"), max_length=255, help_text=_("The subject heading in this language.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta(Authority.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.UniqueConstraint(fields=["name_vi"], name="collection_subject_name_unique"),
        ]

    def get_absolute_url(self):
        return reverse("collection:subject-detail", args=[self.pk])
