"""The archivists' import and export pages in the admin, and the import records.

Upload -> check -> preview -> confirm -> write. Every request returns at once: the upload
is staged (``staging``) and checked by a worker (``tasks``); the import's own page follows
the job (a few lines of JS poll ``status.json``) and shows the preview when the check is
done: counts, new authority records, ignored columns, unused images, and the errors 100
at a time; it never renders the rows themselves. Confirm queues the write, which checks
the files and the objects are still the ones previewed and writes all or nothing.
"""

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from collection.models import ExportJob, ImportedItem, ImportJob
from collection.spreadsheets import staging, tasks
from collection.spreadsheets.exporting import export_items
from collection.spreadsheets.forms import ImportForm
from collection.spreadsheets.planning import RowError
from collection.spreadsheets.progress import is_stalled
from collection.spreadsheets.reading import read_import_file
from collection.spreadsheets.writing import write_csv, write_template, write_xlsx

logger = logging.getLogger(__name__)
ERRORS_PER_PAGE = 100
NAMES_SHOWN = 200
TEMPLATE_DIR = "admin/collection/item"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportViews:
    """The extra admin pages of ItemAdmin (see ``ItemAdmin.get_urls``)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.site = model_admin.admin_site

    def urls(self):
        view = self.site.admin_view
        post = lambda method: view(require_POST(method))  # noqa: E731
        return [
            path("import/", view(self.upload), name="collection_item_import"),
            path(
                "import/template.<str:kind>", view(self.template), name="collection_item_template"
            ),
            path("import/<uuid:pk>/", view(self.job), name="collection_item_import_job"),
            path(
                "import/<uuid:pk>/status.json",
                view(self.status),
                name="collection_item_import_status",
            ),
            path(
                "import/<uuid:pk>/confirm/",
                post(self.confirm),
                name="collection_item_import_confirm",
            ),
            path(
                "import/<uuid:pk>/cancel/", post(self.cancel), name="collection_item_import_cancel"
            ),
            path("import/<uuid:pk>/retry/", post(self.retry), name="collection_item_import_retry"),
            path(
                "import/<uuid:pk>/errors.<str:kind>",
                view(self.error_report),
                name="collection_item_import_errors",
            ),
            path("export.<str:kind>", view(self.export), name="collection_item_export"),
            path("export/<uuid:pk>/", view(self.export_job), name="collection_item_export_job"),
            path(
                "export/<uuid:pk>/status.json",
                view(self.export_status),
                name="collection_item_export_status",
            ),
            path(
                "export/<uuid:pk>/download",
                view(self.export_download),
                name="collection_item_export_download",
            ),
        ]

    def check(self, request, permission):
        if not request.user.has_perm(f"collection.{permission}_item"):
            raise PermissionDenied

    def render(self, request, name, context):
        context = {
            **self.site.each_context(request),
            "opts": self.model_admin.opts,
            **context,
        }
        return TemplateResponse(request, f"{TEMPLATE_DIR}/{name}", context)

    def find(self, request, pk) -> ImportJob:
        """The user's own import job: nobody else's upload is reachable."""
        self.check(request, "import")
        job = get_object_or_404(
            ImportJob.objects.select_related("record"), pk=pk, user=request.user
        )
        if job.is_running and job.written_record:
            # Written and committed; its worker died before saying so.
            ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE)
            job.refresh_from_db()
        elif is_stalled(job):
            # Its worker died (killed, or its machine restarted) and PostgreSQL rolled its
            # transaction back. Said once, kept: the job can be run again.
            stage = job.get_state_display()
            with translation.override(job.language):
                message = _(
                    "The worker running this import stopped during “%(step)s”; nothing was "
                    "written. Run it again."
                ) % {"step": job.step or stage}
            ImportJob.objects.filter(pk=job.pk, state=job.state).update(
                state=ImportJob.State.FAILED, error=message
            )
            job.refresh_from_db()
        return job

    def upload(self, request):
        self.check(request, "import")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            staging.sweep()
            spreadsheet = form.cleaned_data["spreadsheet"]
            job = ImportJob(
                user=request.user,
                file_name=Path(spreadsheet.name).name,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            staging.stage(job, spreadsheet=spreadsheet, images=form.cleaned_data["images"])
            transaction.on_commit(lambda: tasks.enqueue_check(job))
            return redirect("admin:collection_item_import_job", job.pk)
        return self.render(
            request, "import_form.html", {"form": form, "title": _("Import objects")}
        )

    def job(self, request, pk):
        job = self.find(request, pk)
        context = {
            "title": _("Import of %(name)s") % {"name": job.file_name},
            "job": job,
            "file_name": job.file_name,
            "status": status_of(job),
        }
        if job.state == ImportJob.State.CHECKED:
            context |= self.preview_context(request, job.summary)
        return self.render(request, "import_job.html", context)

    def preview_context(self, request, summary):
        errors = [RowError(*error) for error in summary["errors"]]
        page = Paginator(errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
        lists = [
            (_("New people"), summary["new_people"]),
            (_("New places"), summary["new_places"]),
            (_("New subjects"), summary["new_subjects"]),
        ]
        return {
            "summary": summary,
            "counts": summary["counts"],
            "error_page": page,
            "error_count": len(errors),
            "authority_lists": [
                (label, names[:NAMES_SHOWN], max(0, len(names) - NAMES_SHOWN), len(names))
                for label, names in lists
                if names
            ],
        }

    def status(self, request, pk):
        return JsonResponse(status_of(self.find(request, pk)))

    def confirm(self, request, pk):
        job = self.find(request, pk)
        if job.summary.get("errors"):
            messages.error(request, _("Nothing was imported. The file has errors."))
        elif tasks.enqueue_write(job):
            messages.info(request, _("The import is queued; this page follows it."))
        return redirect("admin:collection_item_import_job", job.pk)

    def retry(self, request, pk):
        job = self.find(request, pk)
        if job.state != ImportJob.State.FAILED or not job.sheet_name:
            messages.error(request, _("This import cannot be run again; upload the file again."))
        elif job.summary and not job.summary.get("errors"):
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportJob.State.CHECKED, error="", heartbeat_at=None
            )
            tasks.enqueue_write(job)
        else:
            ImportJob.objects.filter(pk=job.pk).update(
                state=ImportJob.State.CHECKING, error="", heartbeat_at=None
            )
            tasks.enqueue_check(job)
        return redirect("admin:collection_item_import_job", job.pk)

    def cancel(self, request, pk):
        job = self.find(request, pk)
        cancelled = ImportJob.objects.filter(
            pk=job.pk, state__in=[ImportJob.State.CHECKED, ImportJob.State.FAILED]
        ).update(state=ImportJob.State.CANCELLED)
        if not cancelled:
            messages.error(
                request, _("This import is running or finished; it cannot be cancelled.")
            )
            return redirect("admin:collection_item_import_job", job.pk)
        staging.remove(job)
        ImportJob.objects.filter(pk=job.pk).update(sheet_name="", images_name="")
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("admin:collection_item_changelist")

    def error_report(self, request, pk, kind):
        """The archivist's own file with an "error" column in front, to fix and upload."""
        job = self.find(request, pk)
        if kind not in CONTENT_TYPES or job.state != ImportJob.State.CHECKED:
            raise Http404
        messages_by_row: dict[int, list[str]] = {}
        for row, column, message in job.summary["errors"]:
            messages_by_row.setdefault(row, []).append(
                f"{column}: {message}" if column else message
            )
        name = f"{Path(job.file_name).stem}-errors.{kind}"

        def write(out):
            with staging.local_copy(job) as (sheet, _images):
                table = read_import_file(sheet, file_name=job.file_name)
                headers = ["error", *table.headers]
                rows = (
                    ["; ".join(messages_by_row.get(row.number, [])), *row.raw] for row in table.rows
                )
                _write(kind, rows, out, headers)

        return self.file_response(name, kind, write)

    def template(self, request, kind):
        self.check(request, "import")
        if kind not in CONTENT_TYPES:
            raise Http404
        return self.file_response(
            f"vitrine-template.{kind}", kind, lambda out: write_template(out, format=kind)
        )

    def export(self, request, kind):
        """The objects the change list shows with the same filters and search (its links
        carry them), every object without any."""
        self.check(request, "export")
        if kind not in CONTENT_TYPES:
            raise Http404
        try:
            queryset = self.model_admin.get_changelist_instance(request).queryset
        except IncorrectLookupParameters:
            raise SuspiciousOperation("The export's filters are not the list's.") from None
        count = queryset.count()
        if count > settings.EXPORT_DIRECT_MAX:
            job = ExportJob.objects.create(
                user=request.user,
                format=kind,
                query=request.GET.urlencode(),
                language=translation.get_language() or settings.LANGUAGE_CODE,
                count=count,
            )
            transaction.on_commit(lambda: tasks.enqueue_export(job))
            return redirect("admin:collection_item_export_job", job.pk)
        return self.file_response(
            f"vitrine-collection.{kind}",
            kind,
            lambda out: export_items(out, format=kind, queryset=queryset),
        )

    def find_export(self, request, pk) -> ExportJob:
        self.check(request, "export")
        return get_object_or_404(ExportJob, pk=pk, user=request.user)

    def export_job(self, request, pk):
        job = self.find_export(request, pk)
        context = {
            "title": _("Export of %(count)s objects") % {"count": job.count},
            "job": job,
            "status": export_status(job),
        }
        return self.render(request, "export_job.html", context)

    def export_status(self, request, pk):
        return JsonResponse(export_status(self.find_export(request, pk)))

    def export_download(self, request, pk):
        job = self.find_export(request, pk)
        if job.state != ExportJob.State.DONE or not job.file_name:
            raise Http404
        return FileResponse(
            default_storage.open(job.file_name, "rb"),
            as_attachment=True,
            filename=job.download_name,
            content_type=CONTENT_TYPES[job.format],
        )

    def file_response(self, name, kind, write):
        # A temporary file, not memory: an export of the whole collection can be large.
        out = tempfile.TemporaryFile(dir=settings.IMPORT_TEMP_DIR)  # noqa: SIM115 - FileResponse closes it
        write(out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[kind]
        )


def export_status(job: ExportJob) -> dict:
    running = job.state in (ExportJob.State.QUEUED, ExportJob.State.WRITING)
    return {
        "state": job.state,
        "label": job.get_state_display(),
        "step": "",
        "done": 0,
        "total": job.count,
        "running": running,
        "error": job.error,
    }


def status_of(job: ImportJob) -> dict:
    """What the import page shows of a job, and what its script polls for."""
    waiting = job.state == ImportJob.State.QUEUED or (
        job.state == ImportJob.State.CHECKING and job.heartbeat_at is None
    )
    record = job.written_record
    return {
        "state": job.state,
        "label": str(_("Waiting for a worker")) if waiting else job.get_state_display(),
        "step": job.step,
        "done": job.done,
        "total": job.total,
        "running": job.is_running,
        "error": job.error,
        "counts": (
            {
                "new": record.created_count,
                "updated": record.updated_count,
                "unchanged": record.unchanged_count,
            }
            if record
            else None
        ),
        "record_url": (
            reverse("admin:collection_importrecord_change", args=[record.pk]) if record else ""
        ),
    }


def _write(kind, rows, out, headers):
    if kind == "xlsx":
        write_xlsx(rows, out, headers=headers, sheet_name="Errors", with_column_help=False)
    else:
        write_csv(rows, out, headers=headers)


class ImportedItemInline(admin.TabularInline):
    model = ImportedItem
    fields = ["item", "action"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Part of the record: whoever may see the record sees what it did.
        return request.user.has_perm("collection.view_importrecord")


class ImportRecordAdmin(admin.ModelAdmin):
    """Read-only: an import record is evidence of what happened."""

    list_display = [
        "created_at",
        "user",
        "file_name",
        "created_count",
        "updated_count",
        "unchanged_count",
    ]
    list_select_related = ["user"]
    list_filter = ["user"]
    search_fields = ["file_name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "user",
        "file_name",
        "created_count",
        "updated_count",
        "unchanged_count",
        "report_summary",
    ]
    fields = readonly_fields
    inlines = [ImportedItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("report"))
    def report_summary(self, record):
        report = record.report or {}
        rows = [
            (label, ", ".join(report.get(key) or []) or "—")
            for key, label in (
                ("new_people", _("New people")),
                ("new_places", _("New places")),
                ("new_subjects", _("New subjects")),
                ("unknown_columns", _("Columns ignored")),
                ("unused_images", _("Image files not used")),
            )
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


class ImportJobAdmin(admin.ModelAdmin):
    """Every import on its way, running, failed or finished: read-only. An upload's own
    page (preview, confirm, progress) belongs to whoever uploaded it."""

    list_display = ["created_at", "user", "file_name", "state", "progress", "follow"]
    list_select_related = ["user", "record"]
    list_filter = ["state", "user"]
    search_fields = ["file_name"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "file_name", "state", "step", "progress", "error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, job):
        return f"{job.done} / {job.total}" if job.total else "—"

    @admin.display(description=gettext_lazy("page"))
    def follow(self, job):
        if not job.is_mine:
            return "—"
        url = reverse("admin:collection_item_import_job", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def get_queryset(self, request):
        mine = ExpressionWrapper(Q(user=request.user), output_field=BooleanField())
        return super().get_queryset(request).annotate(is_mine=mine)
