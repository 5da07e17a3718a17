"""The archivists' import and export pages in the admin, and the import records.

Upload -> preview -> confirm. The upload waits in ``staging``; the preview shows what the
plan found (counts, new authority records, ignored columns, unused images, and the errors
100 at a time); it never renders the rows themselves. Confirm reads the kept files again,
checks they are the ones previewed, plans again and writes only if the plan is the one
previewed; otherwise, or on any failure, nothing is written and the page says so.
"""

import logging
import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from collection.models import ImportedItem
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.exporting import export_items
from collection.spreadsheets.forms import ImportForm
from collection.spreadsheets.planning import ImportConflict, RowError
from collection.spreadsheets.reading import SpreadsheetError, read_import_file
from collection.spreadsheets.staging import Upload, ensure_folder, uploads_root
from collection.spreadsheets.writing import write_csv, write_template, write_xlsx
from collection.spreadsheets.zipfiles import ArchiveError

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
        return [
            path("import/", view(self.upload), name="collection_item_import"),
            path(
                "import/template.<str:kind>", view(self.template), name="collection_item_template"
            ),
            path("import/<str:token>/", view(self.preview), name="collection_item_import_preview"),
            path(
                "import/<str:token>/confirm/",
                view(require_POST(self.confirm)),
                name="collection_item_import_confirm",
            ),
            path(
                "import/<str:token>/cancel/",
                view(require_POST(self.cancel)),
                name="collection_item_import_cancel",
            ),
            path(
                "import/<str:token>/errors.<str:kind>",
                view(self.error_report),
                name="collection_item_import_errors",
            ),
            path("export.<str:kind>", view(self.export), name="collection_item_export"),
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

    def upload(self, request):
        self.check(request, "import")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = Upload.create(
                user=request.user,
                spreadsheet=form.cleaned_data["spreadsheet"],
                images=form.cleaned_data["images"],
            )
            try:
                upload.save_summary(upload.plan(request.user))
            except (SpreadsheetError, ArchiveError) as error:
                upload.remove()
                form.add_error(None, str(error))
            except BaseException:
                upload.remove()
                raise
            else:
                return redirect("admin:collection_item_import_preview", upload.token)
        return self.render(
            request, "import_form.html", {"form": form, "title": _("Import objects")}
        )

    def preview(self, request, token):
        self.check(request, "import")
        upload = Upload.find(token, request.user)
        summary = upload.summary
        errors = [RowError(*error) for error in summary["errors"]]
        page = Paginator(errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
        lists = [
            (_("New people"), summary["new_people"]),
            (_("New places"), summary["new_places"]),
            (_("New subjects"), summary["new_subjects"]),
        ]
        context = {
            "title": _("Preview of %(name)s") % {"name": upload.meta["file_name"]},
            "upload": upload,
            "file_name": upload.meta["file_name"],
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
        return self.render(request, "import_preview.html", context)

    def confirm(self, request, token):
        self.check(request, "import")
        upload = Upload.find(token, request.user)
        previewed = upload.summary
        try:
            if not upload.files_unchanged():
                raise ImportConflict(_("The uploaded files changed after the preview."))
            plan = upload.plan(request.user)
            if plan.fingerprint != previewed["fingerprint"] or plan.counts != previewed["counts"]:
                upload.save_summary(plan)
                raise ImportConflict(
                    _(
                        "Objects in this file were changed or added by someone else after the "
                        "preview. Check the new preview and confirm again."
                    )
                )
            if plan.errors:
                raise ImportConflict(_("The file has errors."))
            record = apply_import(plan, user=request.user, file_name=upload.meta["file_name"])
        except ImportConflict as error:
            messages.error(request, _("Nothing was imported. %(reason)s") % {"reason": error})
            return redirect("admin:collection_item_import_preview", upload.token)
        except Exception as error:
            logger.exception("Import of %s failed", upload.meta["file_name"])
            upload.remove()
            messages.error(
                request,
                _(
                    "Nothing was imported: the import failed (%(error)s). "
                    "Please upload the file again."
                )
                % {"error": error},
            )
            return redirect("admin:collection_item_import")
        upload.remove()
        record_url = reverse("admin:collection_importrecord_change", args=[record.pk])
        messages.success(
            request,
            format_html(
                _(
                    "Imported {file_name}: {new} new, {updated} updated, {unchanged} unchanged. "
                    '<a href="{url}">Import record</a>.'
                ),
                file_name=record.file_name,
                new=record.created_count,
                updated=record.updated_count,
                unchanged=record.unchanged_count,
                url=record_url,
            ),
        )
        return redirect("admin:collection_item_changelist")

    def cancel(self, request, token):
        self.check(request, "import")
        Upload.find(token, request.user).remove()
        messages.info(request, _("The import was cancelled; nothing was written."))
        return redirect("admin:collection_item_changelist")

    def error_report(self, request, token, kind):
        """The archivist's own file with an "error" column in front, to fix and upload."""
        self.check(request, "import")
        if kind not in CONTENT_TYPES:
            raise Http404
        upload = Upload.find(token, request.user)
        meta = upload.meta
        table = read_import_file(upload.folder / meta["sheet"], file_name=meta["file_name"])
        messages_by_row: dict[int, list[str]] = {}
        for row, column, message in upload.summary["errors"]:
            messages_by_row.setdefault(row, []).append(
                f"{column}: {message}" if column else message
            )
        headers = ["error", *table.headers]
        rows = (["; ".join(messages_by_row.get(row.number, [])), *row.raw] for row in table.rows)
        name = f"{Path(meta['file_name']).stem}-errors.{kind}"
        return self.file_response(name, kind, lambda out: _write(kind, rows, out, headers))

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
        return self.file_response(
            f"vitrine-collection.{kind}",
            kind,
            lambda out: export_items(out, format=kind, queryset=queryset),
        )

    def file_response(self, name, kind, write):
        # A temporary file, not memory: an export of the whole collection can be large.
        out = tempfile.TemporaryFile(dir=ensure_folder(uploads_root()))  # noqa: SIM115 - FileResponse closes it
        write(out)
        out.seek(0)
        return FileResponse(
            out, as_attachment=True, filename=name, content_type=CONTENT_TYPES[kind]
        )


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
