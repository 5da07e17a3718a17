"""Undoing an import, and undoing that undo: each one recorded, with what it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collection.models.import_record import ImportRecord


class ImportUndo(models.Model):
    """One undo of an import (or, with ``reverses``, of an earlier undo): queued for a
    worker or run by ``manage.py undo_import``, and its report once done. Its changes
    are in the history under ``context_id``, which is how it is undone in turn."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Undoing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    record = models.ForeignKey(
        ImportRecord, verbose_name=_("import"), on_delete=models.PROTECT, related_name="undos"
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("undoes the undo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        help_text=_("Empty when this undoes the import itself."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    context_id = models.UUIDField(_("history context"), null=True, blank=True, editable=False)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("undo of an import")
        verbose_name_plural = _("undos of imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One undo at a time per import: a second click queues nothing.
            models.UniqueConstraint(
                fields=["record"],
                condition=models.Q(state__in=["queued", "running"]),
                name="collection_importundo_one_running",
            ),
        ]

    def __str__(self):
        return f"{self.record} ({self.get_state_display()})"
