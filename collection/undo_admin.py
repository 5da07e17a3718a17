"""Undoing an import from its record in the admin: a preview of what would be deleted,
put back and left alone, then a job for a worker (collection.tasks.undo_import); the
record's page lists its undos and offers to undo the latest one in turn.

Undoing needs the import permission and the objects' change and delete permissions.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collection import tasks
from collection import undo as undoing
from collection.models import ImportUndo
from collection.spreadsheets.admin import ImportRecordAdmin
from core.history.context import describe_as

UNDO_PERMISSIONS = ("collection.import_item", "collection.change_item", "collection.delete_item")


class ImportUndoInline(admin.TabularInline):
    model = ImportUndo
    fk_name = "record"
    fields = ["created_at", "user", "kind", "state", "finished_at", "summary", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Part of the record: whoever may see the record sees what was done to it.
        return request.user.has_perm("collection.view_importrecord")

    @admin.display(description=gettext_lazy("what"))
    def kind(self, undo):
        return _("Undo of the undo") if undo.reverses_id else _("Undo of the import")

    @admin.display(description=gettext_lazy("report"))
    def summary(self, undo):
        report = undo.report or {}
        if not report:
            return "—"
        return _(
            "%(deleted)s deleted, %(restored)s put back, %(kept)s left alone (changed since)"
        ) % {key: report[key]["count"] for key in ("deleted", "restored", "kept")}


class UndoableImportRecordAdmin(ImportRecordAdmin):
    """The import record, with "Undo this import" and its undos."""

    change_form_template = "admin/collection/importrecord/change_form.html"
    inlines = [*ImportRecordAdmin.inlines, ImportUndoInline]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/undo/",
                view(self.undo_view),
                name="collection_importrecord_undo",
            ),
            path(
                "<path:object_id>/undo/<int:undo_id>/reverse/",
                view(self.undo_view),
                name="collection_importrecord_reverse_undo",
            ),
            *super().get_urls(),
        ]

    def has_undo_permission(self, request):
        return request.user.has_perms(UNDO_PERMISSIONS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra = {}
        if record is not None and self.has_undo_permission(request):
            running = record.undos.filter(
                state__in=[ImportUndo.State.QUEUED, ImportUndo.State.RUNNING]
            )
            latest = undoing.latest_undo(record)
            extra = {
                "undo_running": running.exists(),
                "undo_url": (
                    ""
                    if undoing.is_undone(record)
                    else reverse("admin:collection_importrecord_undo", args=[record.pk])
                ),
                "reverse_url": (
                    reverse(
                        "admin:collection_importrecord_reverse_undo", args=[record.pk, latest.pk]
                    )
                    if undoing.is_undone(record)
                    else ""
                ),
            }
        if record is not None:
            extra["changes_url"] = (
                reverse("admin:core_changeset_changelist") + f"?import_record={record.pk}"
            )
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def undo_view(self, request, object_id, undo_id=None):
        if not self.has_undo_permission(request):
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        reverses = get_object_or_404(ImportUndo, pk=undo_id, record=record) if undo_id else None
        record_url = reverse("admin:collection_importrecord_change", args=[record.pk])
        if request.method == "POST":
            try:
                with transaction.atomic():
                    undo = undoing.request_undo(record, user=request.user, reverses=reverses)
                    transaction.on_commit(lambda: tasks.enqueue_undo(undo))
            except undoing.UndoRefused:
                self.message_user(request, _("This cannot be undone now."), messages.ERROR)
            else:
                self.message_user(
                    request, _("The undo is queued; a worker does it shortly."), messages.INFO
                )
            return redirect(record_url)
        context = {
            **self.admin_site.each_context(request),
            "title": (
                _("Undo the undo of %(record)s?") if reverses else _("Undo the import %(record)s?")
            )
            % {"record": record},
            "subtitle": None,
            "opts": self.opts,
            "object": record,
            "reverses": reverses,
            "preview": undoing.preview(record, reverses).as_report(),
            "record_url": record_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/collection/importrecord/undo.html", context)


def describe_import(record_id, metadata):
    url = reverse("admin:collection_importrecord_change", args=[record_id])
    return format_html('<a href="{}">{}</a>', url, _("import %(id)s") % {"id": record_id})


def describe_undo(undo_id, metadata):
    undo = ImportUndo.objects.filter(pk=undo_id).only("record_id").first()
    if undo is None:
        return _("undo of an import")
    url = reverse("admin:collection_importrecord_change", args=[undo.record_id])
    return format_html(
        '<a href="{}">{}</a>', url, _("undo of import %(id)s") % {"id": undo.record_id}
    )


describe_as("import_record", describe_import, filter_title=gettext_lazy("import"))
describe_as("import_undo", describe_undo)
