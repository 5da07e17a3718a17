"""Imports that were written, and the objects each created or changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collection.models.item import Item


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
