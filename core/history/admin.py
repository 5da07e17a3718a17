"""The history in the admin: every record's History page (each version, who, when,
through what, each field's old and new value) with a revert of the record to any
earlier version, and the recent changes across everything tracked."""

import pghistory
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.history.context import describe
from core.history.restoring import restore, revert_targets
from core.history.versions import (
    DELETE,
    Change,
    Display,
    changes_between,
    history_of,
    moment_of,
    owned_by,
    plural_label,
    users_of,
    version_model,
)

HISTORY_PER_PAGE = 20


def latest_versions(model, pks, **filters):
    """Primary key -> the latest version of each row (its current state)."""
    versions = (
        version_model(model)
        .objects.filter(pgh_obj_id__in=pks, **filters)
        .order_by("pgh_obj_id", "-pgh_id")
        .distinct("pgh_obj_id")
    )
    return {v.pgh_obj_id: v for v in versions if v.pgh_label != DELETE}


def revert_preview(obj, targets):
    """What a revert would change: the record's fields, then the rows restored with it."""
    model = obj._meta.concrete_model
    owners = {t.model: {t.owner: obj.pk} for t in owned_by(model)}
    current = {
        m: latest_versions(m, list(rows), **owners.get(m, {})) for m, rows in targets.items()
    }
    wanted = {
        m: version_model(m).objects.in_bulk([v for v in rows.values() if v])
        for m, rows in targets.items()
    }
    display = Display({m: [*current[m].values(), *wanted[m].values()] for m in targets})
    changes = changes_between(
        model, current[model].get(obj.pk), wanted[model][targets[model][obj.pk]], display
    )
    for child in targets:
        if child is model:
            continue
        for pk, version in targets[child].items():
            old, new = (
                display.text(child, current[child].get(pk)),
                display.text(child, wanted[child].get(version)),
            )
            if old != new:
                changes.append(Change(child._meta.label, plural_label(child), old, new))
    return changes


class HistoryAdminMixin:
    """The History page of each record reads the database's history (core.history), not
    the admin's log: bulk actions, imports and the shell are on it too. Anyone who may
    view the record may read it; reverting needs the change permission, and restoring
    another status needs the publish permission where the admin has one."""

    object_history_template = "admin/history/object_history.html"
    revert_template = "admin/history/revert_confirmation.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_revert"
        view = self.admin_site.admin_view(self.revert_view)
        return [
            path("<path:object_id>/history/<int:at>/revert/", view, name=name),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        page = Paginator(history_of(obj), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
        users = users_of([entry.context for entry in page])
        newest = page.number == 1 and page.object_list and page.object_list[0]
        rows = [
            {
                "entry": entry,
                "user": users.get(entry.context.metadata.get("user")) if entry.context else None,
                "through": describe(entry.context),
                "can_revert": entry is not newest and entry.kind != DELETE,
            }
            for entry in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "page_obj": page,
            "rows": rows,
            "may_revert": self.has_change_permission(request, obj),
            "revert_url_name": f"admin:{self.opts.app_label}_{self.opts.model_name}_revert",
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def may_restore_status(self, request):
        has_publish = getattr(self, "has_publish_permission", None)
        return has_publish is None or has_publish(request)

    def revert_view(self, request, object_id, at):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        moment = moment_of(at)
        try:
            targets = revert_targets(obj, moment)
        except ValueError:
            raise Http404(_("There is no version of this record at that time.")) from None
        changes = revert_preview(obj, targets)
        changes_status = any(change.name == "status" for change in changes)
        refused = changes_status and not self.may_restore_status(request)
        history_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
        )
        if request.method == "POST" and not refused and changes:
            try:
                with transaction.atomic(), pghistory.context(revert=at):
                    for model, rows in targets.items():
                        restore(model, rows)
            except IntegrityError:
                # A record the version links to is gone, or its values are taken since.
                message = _("This version cannot be restored: a record it links to is gone.")
                self.message_user(request, message, messages.ERROR)
                return redirect(history_url)
            obj.refresh_from_db()
            if hasattr(self, "content_changed"):
                self.content_changed([obj])
            self.log_change(request, obj, _("Reverted to the version of %(at)s.") % {"at": moment})
            self.message_user(request, _("The record is back as it was."), messages.SUCCESS)
            return redirect(history_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revert %(record)s?") % {"record": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "moment": moment,
            "changes": changes,
            "refused": refused,
            "history_url": history_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revert_template, context)
