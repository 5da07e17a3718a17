"""An object's images: the original as uploaded, and its web derivatives."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

from collection.images import inspect_image, make_derivatives, safe_upload_name
from collection.models.item import Item
from core.cache import keys_for


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
        help_text=_(
            "JPEG, PNG, TIFF or WebP. The file is kept exactly as uploaded, for staff only; "
            "visitors see copies without its metadata."
        ),
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
        # Every file request finds its image by the stored name (collection.files).
        indexes = [
            models.Index(fields=["original"], name="collection_image_original"),
            models.Index(fields=["thumbnail"], name="collection_image_thumbnail"),
            models.Index(fields=["display"], name="collection_image_display"),
        ]

    def __str__(self):
        return self.alt_text or self.caption or f"{_('Image')} {self.pk}"

    def save(self, *args, **kwargs):
        written, later = [], False
        is_upload = bool(self.original) and not self.original._committed
        if is_upload:
            written, later = self.process_upload()
        try:
            super().save(*args, **kwargs)
        except BaseException:
            # Nothing is left behind when the row cannot be written.
            for file in written:
                file.storage.delete(file.name)
            raise
        if later:
            from collection.tasks import make_image_derivatives

            pk = self.pk
            transaction.on_commit(lambda: make_image_derivatives.defer(image_id=pk))
        if is_upload:
            from collection.tiles import enqueue_tiles

            pk = self.pk
            transaction.on_commit(lambda: enqueue_tiles(pk))

    def process_upload(self):
        """Check the new original and store it under a safe name; make its derivatives now,
        or, for an image larger than IMAGE_BACKGROUND_PIXELS, leave them to a job worker
        (the admin's save returns at once; pages leave the image out until they exist).

        Returns the stored files, for removal if the database write then fails, and
        whether the derivatives are to be made later.
        """
        info = inspect_image(self.original)
        self.width, self.height = info.width, info.height
        if info.width * info.height > settings.IMAGE_BACKGROUND_PIXELS:
            self.original.save(safe_upload_name(info.extension), self.original.file, save=False)
            return [self.original], True
        derivatives = make_derivatives(self.original)
        self.original.save(safe_upload_name(info.extension), self.original.file, save=False)
        written = [self.original]
        try:
            written += self.store_derivatives(derivatives)
        except BaseException:
            for file in written:
                file.storage.delete(file.name)
            raise
        return written, False

    def store_derivatives(self, derivatives):
        """Store the thumbnail and display image (``make_derivatives()``'s output) under
        safe names, with their sizes; return the stored files."""
        written = []
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

    @property
    def has_derivatives(self):
        return bool(self.thumbnail and self.display)

    @classmethod
    def also_invalidates(cls, images):
        """An image shows on its object's page and wherever the object is listed."""
        return keys_for(list(Item.objects.filter(pk__in={image.item_id for image in images})))
