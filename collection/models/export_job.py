"""Exports of long lists, written by a job worker into a file to download when ready."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """One export of the admin's object list (its filters and search kept as the query
    string), written in the background because it is too long for a request."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=4, choices=Format)
    query = models.TextField(_("filters"), blank=True, help_text=_("The list's query string."))
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    count = models.PositiveIntegerField(_("objects"), default=0)
    file_name = models.CharField(_("stored file"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_format_display()} ({self.get_state_display()})"

    @property
    def download_name(self):
        return f"vitrine-collection.{self.format}"
