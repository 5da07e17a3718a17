"""The spreadsheets' background jobs: checking an upload, writing it once confirmed, and
exporting lists too long for a request.

Both run in a worker (``manage.py worker``) and keep their state on the ``ImportJob``,
which the archivist's page reads. Writing is all or nothing: the rows and the job's
"done" are committed together, so a worker killed mid-write leaves nothing written and
a job that another run will find unfinished, and running it again never imports twice.
Messages are written in the language the archivist used when uploading.
"""

import contextlib
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from collection.models import ExportJob, ImportJob, Item
from collection.spreadsheets import staging
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.exporting import export_items
from collection.spreadsheets.planning import ImportConflict, plan_file
from collection.spreadsheets.progress import JobProgress
from collection.spreadsheets.reading import SpreadsheetError
from collection.spreadsheets.zipfiles import ArchiveError

logger = logging.getLogger(__name__)
State = ImportJob.State


def enqueue_check(job: ImportJob) -> None:
    _defer(check_import, f"check-{job.pk}", job)


def enqueue_write(job: ImportJob) -> bool:
    """Queue the write of a checked job; False if it is not waiting for confirmation
    (a second confirm of the same upload queues nothing)."""
    if not ImportJob.objects.filter(pk=job.pk, state=State.CHECKED).update(state=State.QUEUED):
        return False
    _defer(write_import, f"write-{job.pk}", job)
    return True


def _defer(task, lock, job):
    # The lock keeps one job of each kind in the queue per import; a job still queued
    # does the work, since the task reads the import's state when it runs.
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
        task.configure(queueing_lock=lock).defer(job_id=str(job.pk))


def summarise(plan) -> dict:
    return plan.summary() | {"fingerprint": plan.fingerprint, "errors": plan.errors}


@app.task(name="collection.check_import", queue="imports")
def check_import(job_id):
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != State.CHECKING:
        return
    with translation.override(job.language):
        try:
            with JobProgress(job, _("Checking")) as progress, staging.local_copy(job) as files:
                sheet, images = files
                plan = plan_file(
                    sheet,
                    file_name=job.file_name,
                    images=images,
                    user=job.user,
                    progress=progress,
                    on_step=progress.step,
                )
        except (SpreadsheetError, ArchiveError) as error:
            _fail(job, str(error), remove=True)
            return
        except staging.StagedFilesChanged:
            _fail(job, _("The uploaded files are gone or changed; upload the file again."))
            return
        except Exception as error:
            logger.exception("Checking import %s failed", job.pk)
            _fail(job, _("The check failed: %(error)s") % {"error": error})
            return
    ImportJob.objects.filter(pk=job.pk, state=State.CHECKING).update(
        state=State.CHECKED, summary=summarise(plan), error=""
    )
    if job.confirm_when_checked and not plan.errors:
        enqueue_write(job)


@app.task(name="collection.write_import", queue="imports")
def write_import(job_id):
    # Claimed by one worker only: the same job queued twice is written once.
    if not ImportJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.WRITING):
        return
    job = ImportJob.objects.select_related("user", "record").get(pk=job_id)
    if job.written_record:  # committed by a run whose worker died right after
        _finish(job)
        return
    with translation.override(job.language):
        try:
            with (
                JobProgress(job, _("Checking again")) as progress,
                staging.local_copy(job) as files,
            ):
                sheet, images = files
                plan = plan_file(
                    sheet,
                    file_name=job.file_name,
                    images=images,
                    user=job.user,
                    progress=progress,
                    on_step=progress.step,
                )
                if plan.fingerprint != job.summary.get("fingerprint") or plan.errors:
                    ImportJob.objects.filter(pk=job.pk).update(
                        state=State.CHECKED,
                        summary=summarise(plan),
                        error=_(
                            "Objects in this file were changed or added by someone else after "
                            "the preview. Nothing was imported; check the new preview and "
                            "confirm again."
                        ),
                    )
                    return
                progress.step(_("Writing"))
                # The job's own row is not written in this transaction: its progress and
                # heartbeat are, on another connection, all along. The import record,
                # written with the rows, says the import was written.
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        # Should this worker die, its server process notices at once
                        # and rolls back, instead of holding the import lock.
                        cursor.execute("SET LOCAL client_connection_check_interval = '2s'")
                    apply_import(
                        plan,
                        user=job.user,
                        file_name=job.file_name,
                        progress=progress,
                        on_step=progress.step,
                        job=job,
                    )
                    progress.step(_("Saving"))
        except ImportConflict as error:
            ImportJob.objects.filter(pk=job.pk).update(state=State.CHECKED, error=str(error))
            return
        except staging.StagedFilesChanged:
            _fail(job, _("The uploaded files are gone or changed; upload the file again."))
            return
        except Exception as error:
            logger.exception("Import %s failed", job.pk)
            message = _("Nothing was imported: the import failed (%(error)s).")
            _fail(job, message % {"error": error})
            return
    _finish(job)


def _finish(job):
    # The staged files go before the job says it is done: whoever sees "done" sees
    # only the files the import wrote.
    staging.remove(job)
    ImportJob.objects.filter(pk=job.pk).update(
        state=State.DONE, error="", sheet_name="", images_name=""
    )


def _fail(job, message, remove=False):
    # Only from the state this run put it in: a cancelled job stays cancelled.
    ImportJob.objects.filter(pk=job.pk, state=job.state).update(state=State.FAILED, error=message)
    if remove:
        staging.remove(job)
        ImportJob.objects.filter(pk=job.pk).update(sheet_name="", images_name="")


def enqueue_export(job: ExportJob) -> None:
    export_list.defer(job_id=str(job.pk))


@app.task(name="collection.export_list", queue="default")
def export_list(job_id):
    """Write the admin list an ExportJob names into a file in the private storage."""
    if not ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.WRITING
    ):
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language):
        try:
            queryset = changelist_queryset(job.user, job.query)
            with tempfile.TemporaryFile(dir=settings.IMPORT_TEMP_DIR) as out:
                export_items(out, format=job.format, queryset=queryset)
                out.seek(0)
                name = default_storage.save(
                    f"{settings.EXPORT_PREFIX}/{job.pk.hex}/{job.download_name}", File(out)
                )
        except Exception as error:
            logger.exception("Export %s failed", job.pk)
            ExportJob.objects.filter(pk=job.pk).update(
                state=ExportJob.State.FAILED,
                error=_("The export failed: %(error)s") % {"error": error},
            )
            return
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.DONE, file_name=name, finished_at=timezone.now()
    )


def changelist_queryset(user, query):
    """The objects the admin's change list shows ``user`` for the query string ``query``:
    its filters, search and permissions, as the export link carried them."""
    from django.contrib import admin

    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    request.path = reverse("admin:collection_item_changelist")
    request.META["SERVER_NAME"] = "worker"
    return admin.site.get_model_admin(Item).get_changelist_instance(request).queryset


# Once an hour: staged files of uploads left for a day.
@app.periodic(cron="17 * * * *")
@app.task(name="collection.sweep_staged_imports", queue="default", queueing_lock="sweep")
def sweep_staged_imports(timestamp):
    return staging.sweep() + sweep_exports()


def sweep_exports(now=None) -> int:
    """Remove export files a day old; return how many."""
    old = ExportJob.objects.filter(
        created_at__lt=(now or timezone.now()) - staging.MAX_AGE
    ).exclude(file_name="")
    for job in old:
        default_storage.delete(job.file_name)
    return old.update(file_name="", state=ExportJob.State.FAILED, error=_("Removed after a day."))
