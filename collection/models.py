"""The collection: objects of every kind in one table, their images, and the authority
records (people, places, subjects) they point to."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

from collection.dates import parse_date
from collection.images import inspect_image, make_derivatives, safe_upload_name
from core.models import Publishable, PublishableQuerySet, require_in_one_language
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalise_names()
        super().save(*args, **kwargs)

    def clean(self):
        self.normalise_names()

    def normalise_names(self):
        # Each language's column by name: assigning `name` would set only the active
        # language's, and leave a decomposed name in the other.
        for field in ("name", "name_vi", "name_en"):
            if hasattr(self, field) and getattr(self, field) is not None:
                setattr(self, field, normalise(getattr(self, field)))
        self.variant_names = [normalise(n) for n in self.variant_names if normalise(n)]


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


class Kind(models.TextChoices):
    # Add a kind here; everything that lists, filters or imports kinds follows.
    ARTIFACT = "artifact", _("Artifact")
    PHOTOGRAPH = "photograph", _("Photograph")
    DOCUMENT = "document", _("Document")


class Condition(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")
    UNKNOWN = "unknown", _("Not assessed")


class AcquisitionMethod(models.TextChoices):
    GIFT = "gift", _("Gift")
    PURCHASE = "purchase", _("Purchase")
    TRANSFER = "transfer", _("Transfer")
    LOAN = "loan", _("Loan")
    FIELD_COLLECTION = "field_collection", _("Field collection")
    UNKNOWN = "unknown", _("Unknown")


def normalise_accession_number(value):
    return normalise(value)


def primary_image_prefetch(lookup):
    """Prefetch each object's image to show first (the primary one, else the first) into
    ``primary_images``, which ``Item.primary_image`` reads. ``lookup`` leads to the
    images: "images" from objects, "item__images" from exhibition items."""
    return models.Prefetch(
        lookup,
        queryset=Image.objects.order_by("-is_primary", "position", "pk")[:1],
        to_attr="primary_images",
    )


class ItemQuerySet(PublishableQuerySet):
    def for_gallery(self):
        """What an object card needs: one image per object, the primary one or else the
        first, fetched for the whole page in one query."""
        return self.prefetch_related(primary_image_prefetch("images"))

    def for_admin_list(self):
        return self.for_gallery()

    def for_detail(self):
        """What an object's page shows: its images, people, places and subjects."""
        return self.prefetch_related(
            "images",
            models.Prefetch("creator_links", queryset=Creator.objects.select_related("person")),
            models.Prefetch("place_links", queryset=ItemPlace.objects.select_related("place")),
            "subjects",
        )

    def with_image(self):
        return self.filter(models.Exists(Image.objects.filter(item=models.OuterRef("pk"))))

    def search(self, query):
        """Objects matching a visitor's words, best first (see collection.search)."""
        from collection.search import search

        return search(self, query)


class Item(Publishable):
    """An object of the collection: an artifact, a photograph or a document."""

    accession_number = models.CharField(
        _("accession number"),
        max_length=64,
        help_text=_(
            "The museum's unique number for this object, e.g. BTHN.1972.001. Spaces at the "
            "ends are removed; case is ignored when checking that it is unique."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ARTIFACT)
    # Required in one language or the other (see clean()); the other falls back to it.
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    date_text = models.CharField(
        _("date"),
        max_length=100,
        blank=True,
        help_text=_(
            'As written, day first: "18/12/1972", "December 1972", "tháng 12 năm 1972", '
            '"circa 1972", "1972-1973", "undated". Earliest and latest dates are worked out '
            "from it for sorting and filtering."
        ),
    )
    date_earliest = models.DateField(_("earliest date"), null=True, blank=True, editable=False)
    date_latest = models.DateField(_("latest date"), null=True, blank=True, editable=False)
    date_is_approximate = models.BooleanField(_("approximate date"), default=False, editable=False)
    creators = models.ManyToManyField(
        Person, through="Creator", related_name="items", verbose_name=_("creators"), blank=True
    )
    places = models.ManyToManyField(
        Place, through="ItemPlace", related_name="items", verbose_name=_("places"), blank=True
    )
    subjects = models.ManyToManyField(
        Subject, related_name="items", verbose_name=_("subjects"), blank=True
    )
    medium = models.CharField(
        _("medium / materials"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Gelatin silver print"),
    )
    dimensions = models.CharField(
        _("dimensions"), max_length=255, blank=True, help_text=_("e.g. 18 × 24 cm")
    )
    inscription = models.TextField(_("inscription"), blank=True)
    credit_line = models.CharField(
        _("credit line"),
        max_length=500,
        blank=True,
        help_text=_("Shown with the object, e.g. “Gift of the photographer, 2022”."),
    )
    provenance = models.TextField(_("provenance"), blank=True)
    acquisition_method = models.CharField(
        _("acquisition method"), max_length=20, choices=AcquisitionMethod, blank=True
    )
    acquisition_source = models.CharField(_("acquired from"), max_length=255, blank=True)
    acquisition_date = models.DateField(_("acquisition date"), null=True, blank=True)
    rights = models.CharField(
        _("rights statement"),
        max_length=500,
        blank=True,
        help_text=_("Who holds the rights and how the image may be reused."),
    )
    current_location = models.CharField(
        _("current location"),
        max_length=255,
        blank=True,
        help_text=_("Store, shelf or gallery. Not shown to visitors."),
    )
    condition = models.CharField(
        _("condition"), max_length=20, choices=Condition, default=Condition.UNKNOWN
    )
    condition_note = models.TextField(_("condition note"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown to visitors.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Full-text search document over both languages' titles, descriptions, captions,
    # exhibition labels, people and places; kept up to date by collection.search.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")
        ordering = ["accession_number"]
        constraints = [
            models.UniqueConstraint(
                Lower("accession_number"),
                name="collection_item_accession_number_unique",
                violation_error_message=_("An object with this accession number already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(accession_number=""),
                name="collection_item_accession_number_not_empty",
            ),
        ]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="collection_item_dates"),
            models.Index(fields=["kind", "status"], name="collection_item_kind_status"),
            GinIndex(fields=["search_document"], name="collection_item_search"),
        ]
        permissions = [
            ("publish_item", _("Can publish and unpublish objects")),
            ("import_item", _("Can import objects from spreadsheets")),
            ("export_item", _("Can export objects to spreadsheets")),
        ]

    def __str__(self):
        return f"{self.accession_number} {self.title}"

    def save(self, *args, **kwargs):
        self.accession_number = normalise_accession_number(self.accession_number)
        self.set_dates()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("collection:item-detail", args=[self.pk])

    def clean(self):
        self.accession_number = normalise_accession_number(self.accession_number)
        require_in_one_language(self, "title")
        try:
            self.set_dates()
        except ValidationError as error:
            raise ValidationError({"date_text": error}) from None

    def set_dates(self):
        parsed = parse_date(self.date_text)
        self.date_text = parsed.text
        self.date_earliest, self.date_latest = parsed.earliest, parsed.latest
        self.date_is_approximate = parsed.is_approximate

    def ensure_primary_image(self):
        """Make the first image primary when none is marked, so lists always show one."""
        images = self.images.order_by("position", "pk")
        if not images.filter(is_primary=True).exists() and (first := images.first()):
            images.filter(pk=first.pk).update(is_primary=True)

    @property
    def primary_image(self):
        """The image to show first; uses primary_image_prefetch() when present."""
        if hasattr(self, "primary_images"):
            return self.primary_images[0] if self.primary_images else None
        return self.images.order_by("-is_primary", "position", "pk").first()


class CreatorRole(models.TextChoices):
    PHOTOGRAPHER = "photographer", _("Photographer")
    MAKER = "maker", _("Maker")
    AUTHOR = "author", _("Author")
    ARTIST = "artist", _("Artist")
    PUBLISHER = "publisher", _("Publisher")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class Creator(models.Model):
    # No index of its own: the unique constraint's index starts with the object.
    item = models.ForeignKey(
        Item,
        on_delete=models.CASCADE,
        related_name="creator_links",
        verbose_name=_("object"),
        db_index=False,
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="creator_links", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=CreatorRole, default=CreatorRole.MAKER
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person", "role"], name="collection_creator_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class PlaceRelation(models.TextChoices):
    DEPICTED = "depicted", _("Depicted")
    MADE = "made", _("Made")


class ItemPlace(models.Model):
    # No index of its own: the unique constraint's index starts with the object.
    item = models.ForeignKey(
        Item,
        on_delete=models.CASCADE,
        related_name="place_links",
        verbose_name=_("object"),
        db_index=False,
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="item_links", verbose_name=_("place")
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=PlaceRelation, default=PlaceRelation.DEPICTED
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "place", "relation"], name="collection_itemplace_unique"
            ),
        ]

    def __str__(self):
        return f"{self.place} ({self.get_relation_display()})"


def validate_image_file(file):
    # Only a new upload is checked; a stored original was checked when it arrived.
    if not getattr(file, "_committed", True):
        inspect_image(file)


class Image(models.Model):
    """An image of an object: the original kept as uploaded, plus web derivatives."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="images", verbose_name=_("object")
    )
    original = models.FileField(
        _("image file"),
        upload_to="originals/",
        max_length=255,
        validators=[validate_image_file],
        help_text=_("JPEG, PNG, TIFF or WebP. The file is kept exactly as uploaded."),
    )
    thumbnail = models.FileField(_("thumbnail"), upload_to="derivatives/", editable=False)
    display = models.FileField(_("display image"), upload_to="derivatives/", editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    display_width = models.PositiveIntegerField(editable=False, default=0)
    display_height = models.PositiveIntegerField(editable=False, default=0)
    thumbnail_width = models.PositiveIntegerField(editable=False, default=0)
    thumbnail_height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. One or two sentences; "
            "not the caption again."
        ),
    )
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_primary = models.BooleanField(
        _("primary image"), default=False, help_text=_("Shown first and in lists.")
    )
    # The name the file had in the spreadsheet import, so that importing the same sheet
    # again knows the image is already there (stored files get random names).
    source_name = models.CharField(
        _("imported from file"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The file name given in the spreadsheet this image was imported from."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(is_primary=True),
                name="collection_image_one_primary_per_item",
                violation_error_message=_("An object has only one primary image."),
            ),
        ]

    def __str__(self):
        return self.alt_text or self.caption or f"{_('Image')} {self.pk}"

    def save(self, *args, **kwargs):
        written = []
        if self.original and not self.original._committed:
            written = self.process_upload()
        try:
            super().save(*args, **kwargs)
        except BaseException:
            # Nothing is left behind when the row cannot be written.
            for file in written:
                file.storage.delete(file.name)
            raise

    def process_upload(self):
        """Check the new original, make its derivatives, store all three under safe names.

        Returns the stored files, for removal if the database write then fails.
        """
        info = inspect_image(self.original)
        derivatives = make_derivatives(self.original)
        self.width, self.height = info.width, info.height
        self.original.save(safe_upload_name(info.extension), self.original.file, save=False)
        written = [self.original]
        try:
            for name, field in (("thumbnail", self.thumbnail), ("display", self.display)):
                content = derivatives[name]
                field.save(safe_upload_name(".webp"), content, save=False)
                written.append(field)
                with PillowImage.open(content) as derivative:
                    setattr(self, f"{name}_width", derivative.width)
                    setattr(self, f"{name}_height", derivative.height)
        except BaseException:
            for file in written:
                file.storage.delete(file.name)
            raise
        return written


class ImportRecord(models.Model):
    """One spreadsheet import that was written: who, when, which file, what it did."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    created_count = models.PositiveIntegerField(_("new objects"), default=0)
    updated_count = models.PositiveIntegerField(_("updated objects"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged objects"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(
        _("report"),
        default=dict,
        blank=True,
        help_text=_("New people, places and subjects, ignored columns and unused image files."),
    )
    items = models.ManyToManyField(
        Item, through="ImportedItem", related_name="imports", verbose_name=_("objects")
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")


class ImportedItem(models.Model):
    """An object an import created or changed."""

    # No index of its own: the unique constraint's index starts with the record.
    record = models.ForeignKey(
        ImportRecord,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("import"),
        db_index=False,
    )
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="import_links", verbose_name=_("object")
    )
    action = models.CharField(_("action"), max_length=10, choices=ImportAction)

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "item"], name="collection_importeditem_unique"
            )
        ]

    def __str__(self):
        return f"{self.item_id} ({self.get_action_display()})"
