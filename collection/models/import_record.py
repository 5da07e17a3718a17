"""Imports that were written, and the objects each created or changed."""

import uuid

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
    # Written in the same transaction as the import's rows: the proof that a background
    # import was written, whatever became of its worker afterwards.
    job = models.OneToOneField(
        "ImportJob",
        verbose_name=_("import job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="record",
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


class ImportJob(models.Model):
    """An upload on its way to an import record: checked and written in the background
    by a worker, with its state and progress for the archivist's page.

    The uploaded files wait in the default file storage under a private prefix
    (``staged_prefix``), so any machine's worker can read them; they are removed once
    the job is done or cancelled, and after a day in any case.
    """

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        QUEUED = "queued", _("Waiting for a worker")
        WRITING = "writing", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    RUNNING = (State.CHECKING, State.QUEUED, State.WRITING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for an import queued from the command line without --user."),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("Messages about this import are written in this language."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.CHECKING)
    sheet_name = models.CharField(_("stored spreadsheet"), max_length=500)
    images_name = models.CharField(_("stored images"), max_length=500, blank=True)
    hashes = models.JSONField(_("file hashes"), default=dict)
    summary = models.JSONField(
        _("preview"), default=dict, blank=True, help_text=_("What the check found.")
    )
    confirm_when_checked = models.BooleanField(
        _("write when checked"),
        default=False,
        help_text=_("Queued from the command line: written at once if the check finds no error."),
    )
    step = models.CharField(_("step"), max_length=100, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("Moved on every few seconds by the worker running the job."),
    )

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="collection_importjob_state")]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def staged_prefix(self):
        return f"{settings.IMPORT_STAGING_PREFIX}/{self.pk.hex}"

    @property
    def is_running(self):
        return self.state in self.RUNNING

    @property
    def written_record(self):
        """The import record, if this job's write was committed."""
        return getattr(self, "record", None)
