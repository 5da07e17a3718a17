"""Objects of every kind in one table, and their links to people and places."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collection.date_display import display_date, iso_date
from collection.dates import parse_date
from collection.models.authority import Person, Place, Subject
from core.cache import dependency_key
from core.models import PUBLISHED, Publishable, PublishableQuerySet, require_in_one_language
from core.text import normalise


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


def _images():
    # Images point to objects, so their module imports this one.
    from collection.models.image import Image

    return Image.objects.all()


# What an object card shows of the object itself: its kind, title, date and number (the
# date's earliest day orders cards by date).
CARD_FIELDS = (
    "kind",
    "title",
    "title_vi",
    "title_en",
    "accession_number",
    "date_text",
    "date_earliest",
)


def primary_image_prefetch(lookup):
    """Prefetch each object's image to show first (the primary one, else the first) into
    ``primary_images``, which ``Item.primary_image`` reads. ``lookup`` leads to the
    images: "images" from objects, "item__images" from exhibition items. DISTINCT ON
    rather than a slice, which Django writes as a window over every image of the page's
    objects, longer to build than to run."""
    return models.Prefetch(
        lookup,
        queryset=_images().order_by("item_id", "-is_primary", "position", "pk").distinct("item_id"),
        to_attr="primary_images",
    )


class ItemQuerySet(PublishableQuerySet):
    def for_gallery(self):
        """What an object card needs: one image per object, the primary one or else the
        first, fetched for the whole page in one query."""
        return self.prefetch_related(primary_image_prefetch("images"))

    def for_cards(self):
        """for_gallery() with only the columns a card shows (the item_cards tag and
        its text tile): an object has some forty, and building the instances of a page of
        cards cost more than its queries."""
        return self.only(*CARD_FIELDS).for_gallery()

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
        return self.filter(models.Exists(_images().filter(item=models.OuterRef("pk"))))

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
            # Accession numbers by their beginning ("BTHN.1972" finds BTHN.1972.100): LIKE
            # 'prefix%' can use a text_pattern_ops index, the unique index above cannot.
            models.Index(
                OpClass(Lower("accession_number"), name="text_pattern_ops"),
                name="collection_item_number_prefix",
            ),
            # The public browser's order, published objects only, with the kind: a page's
            # ids, however deep, are read from the index alone (collection.pagination).
            # The accession number itself is kept too: PostgreSQL reads an index alone
            # only when it holds every column the query names, and the order names it
            # inside lower(). Without it, page 2,000 of 100,000 objects sorted them all
            # (186 ms; 5 ms from the index alone).
            models.Index(
                Lower("accession_number"),
                models.F("id"),
                name="collection_item_public_order",
                condition=PUBLISHED,
                include=["kind", "accession_number"],
            ),
            # The browser's date orders (collection.filters.SORTS), published objects
            # only: "newest first" sorted every published object, 0.5 s at a million.
            models.Index(
                models.F("date_earliest").asc(nulls_last=True),
                models.F("id"),
                name="collection_item_public_oldest",
                condition=PUBLISHED,
            ),
            models.Index(
                models.F("date_latest").desc(nulls_last=True),
                models.F("id"),
                name="collection_item_public_newest",
                condition=PUBLISHED,
            ),
            # The title order, in each language (a title of 500 characters fits an
            # index entry): without them, a page sorted by title sorted every published
            # object.
            *(
                models.Index(
                    fields=[f"title_{language}", "id"],
                    name=f"collection_item_pub_title_{language}",
                    condition=PUBLISHED,
                )
                for language in ("vi", "en")
            ),
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

    @property
    def parsed_date(self):
        """``date_text`` parsed; None for text the parser no longer reads."""
        try:
            return parse_date(self.date_text)
        except ValidationError:
            return None

    @property
    def display_date(self):
        """The date in the reader's language, from the parsed date; the text as written
        only when it cannot be parsed."""
        return display_date(self.parsed_date or self.date_text)

    @property
    def iso_date(self):
        return iso_date(self.parsed_date or ())

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

    @classmethod
    def also_invalidates(cls, items):
        """The cached pages a change to ``items`` makes stale besides their own
        (core.cache): those of their people, places and subjects, which list them."""
        pks = [item.pk for item in items if item.pk is not None]
        links = [
            (Person, Creator.objects.filter(item__in=pks).values_list("person", flat=True)),
            (Place, ItemPlace.objects.filter(item__in=pks).values_list("place", flat=True)),
            (
                Subject,
                cls.subjects.through.objects.filter(item__in=pks).values_list("subject", flat=True),
            ),
        ]
        return [dependency_key(model, pk) for model, linked in links for pk in set(linked)]


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
    # Indexed with the object (Meta.indexes): a person's objects, newest first.
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="creator_links",
        verbose_name=_("person"),
        db_index=False,
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
        indexes = [models.Index(fields=["person", "item"], name="collection_creator_person")]

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
    # Indexed with the object (Meta.indexes): a place's objects, newest first.
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="item_links",
        verbose_name=_("place"),
        db_index=False,
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=PlaceRelation, default=PlaceRelation.DEPICTED
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["pk"]  # as entered: the first is the one the page's "More from" names
        constraints = [
            models.UniqueConstraint(
                fields=["item", "place", "relation"], name="collection_itemplace_unique"
            ),
        ]
        indexes = [models.Index(fields=["place", "item"], name="collection_itemplace_place")]

    def __str__(self):
        return f"{self.place} ({self.get_relation_display()})"
