"""Likely duplicate people, places and subjects in the admin, and merging two into one.

Each authority admin gets a "Likely duplicates" list (collection.duplicates), a merge
confirmation that shows both records side by side and lets the curator choose the one
to keep, a "Merge the two selected" action leading there, and an "Undo merge" on the
merged record's page (collection.merging). Merging and undoing need the change
permission of the model; seeing the duplicates, its view permission.

Merged records stay, pointing to the record they were merged into: the change list
leaves them out unless its "merged" filter asks for them, and autocompletes never
offer them.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from collection import merging
from collection.duplicates import likely_duplicates
from collection.models import Item
from core.history.context import describe_as
from core.history.versions import label_of

PAIRS_PER_PAGE = 50


class MergedFilter(admin.SimpleListFilter):
    """Current records by default; those merged into another on request."""

    title = gettext_lazy("merged")
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Merged into another"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Current records"),
        }
        yield {
            "selected": self.value() == "yes",
            "query_string": changelist.get_query_string({self.parameter_name: "yes"}),
            "display": _("Merged into another"),
        }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.filter(merged_into=None)
        if self.value() == "yes":
            return queryset.exclude(merged_into=None)
        raise IncorrectLookupParameters(f"Not a choice: {self.value()!r}")


def _urlname(opts, view):
    return f"{opts.app_label}_{opts.model_name}_{view}"


class DuplicatesAdminMixin:
    """For the authority admins: lists likely duplicates and merges them."""

    change_list_template = "admin/collection/duplicates_change_list.html"
    change_form_template = "admin/collection/merge_change_form.html"

    def get_urls(self):
        view, opts = self.admin_site.admin_view, self.opts
        return [
            path(
                "duplicates/",
                view(self.duplicates_view),
                name=_urlname(opts, "duplicates"),
            ),
            path(
                "merge/<int:first>/<int:second>/",
                view(self.merge_view),
                name=_urlname(opts, "merge"),
            ),
            path(
                "<path:object_id>/undo-merge/",
                view(self.undo_merge_view),
                name=_urlname(opts, "undo_merge"),
            ),
            *super().get_urls(),
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MergedFilter]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            queryset = queryset.filter(merged_into=None)
        return queryset, may_have_duplicates

    def get_actions(self, request):
        actions = super().get_actions(request)
        if IS_POPUP_VAR not in request.GET and self.has_change_permission(request):
            actions["merge_selected"] = self.get_action("merge_selected")
        return actions

    @admin.action(description=gettext_lazy("Merge the two selected %(verbose_name_plural)s"))
    def merge_selected(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        pks = sorted(queryset.values_list("pk", flat=True)[:3])
        if len(pks) != 2:
            self.message_user(request, _("Select exactly two records to merge."), messages.ERROR)
            return None
        return redirect(f"admin:{_urlname(self.opts, 'merge')}", *pks)

    # Pages -------------------------------------------------------------------------------

    def render(self, request, template, context, status=200):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "subtitle": None,
            "changelist_url": reverse(f"admin:{_urlname(self.opts, 'changelist')}"),
            **context,
        }
        return TemplateResponse(request, template, context, status=status)

    def with_counts(self, pks):
        """The records, each with how many objects point to it, and how many of those
        are published: one query."""
        published = Q(items__in=Item.objects.published().values("pk"))
        return (
            self.model._base_manager.filter(pk__in=pks)
            .annotate(
                object_count=Count("items", distinct=True),
                published_count=Count("items", distinct=True, filter=published),
            )
            .in_bulk()
        )

    def duplicates_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        page = Paginator(likely_duplicates(self.model), PAIRS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        records = self.with_counts({pk for pair in page for pk in (pair.first, pair.second)})
        rows = [(pair, records[pair.first], records[pair.second]) for pair in page]
        return self.render(
            request,
            "admin/collection/duplicates.html",
            {
                "title": _("Likely duplicate %(name)s") % {"name": self.opts.verbose_name_plural},
                "page_obj": page,
                "rows": rows,
                "may_merge": self.has_change_permission(request),
                "merge_url_name": f"admin:{_urlname(self.opts, 'merge')}",
            },
        )

    def merge_view(self, request, first, second):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if first == second:
            self.message_user(request, _("A record cannot be merged into itself."), messages.ERROR)
            return redirect(f"admin:{_urlname(self.opts, 'changelist')}")
        records = self.with_counts([first, second])
        if len(records) != 2:
            raise Http404(_("One of the records does not exist."))
        pair = [records[first], records[second]]
        if any(record.merged_into_id for record in pair):
            message = _("One of the records was already merged into another.")
            self.message_user(request, message, messages.ERROR)
            return redirect(f"admin:{_urlname(self.opts, 'duplicates')}")
        # The one more objects point to is offered as the one to keep.
        offered = max(pair, key=lambda record: (record.object_count, -record.pk))
        error, status = "", 200
        if request.method == "POST":
            keep = next((r for r in pair if str(r.pk) == request.POST.get("keep")), None)
            if keep is None:
                error, status = _("Choose the record to keep."), 400
            else:
                merged = pair[1] if keep is pair[0] else pair[0]
                return self.merge(request, keep, merged)
        return self.render(
            request,
            "admin/collection/merge_confirmation.html",
            {
                "title": _("Merge two %(name)s?") % {"name": self.opts.verbose_name_plural},
                "records": pair,
                "offered": offered,
                "error": error,
                "rows": self.compared(request, pair),
            },
            status=status,
        )

    def compared(self, request, records):
        """The fields of the admin's form, each language's own (label, values), for
        the records side by side."""
        rows = []
        for name in flatten_fieldsets(self.get_fieldsets(request)):
            field = self.model._meta.get_field(name)
            values = [getattr(record, field.attname) for record in records]
            values = [", ".join(v) if isinstance(v, list) else v for v in values]
            rows.append((label_of(field), ["—" if v in (None, "") else v for v in values]))
        return rows

    def merge(self, request, keep, merged):
        try:
            merging.merge_authorities(keep=keep, merged=merged, user=request.user)
        except merging.MergeRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(f"admin:{_urlname(self.opts, 'duplicates')}")
        keep.refresh_from_db()
        merged.refresh_from_db()
        self.content_changed([keep, merged])
        self.log_change(request, keep, _("Merged “%(merged)s” into it.") % {"merged": merged})
        self.log_change(request, merged, _("Merged into “%(kept)s”.") % {"kept": keep})
        undo_url = reverse(f"admin:{_urlname(self.opts, 'undo_merge')}", args=[merged.pk])
        message = format_html(
            '{} <a href="{}">{}</a>',
            _("“%(merged)s” was merged into “%(kept)s”.") % {"merged": merged, "kept": keep},
            undo_url,
            _("Undo the merge"),
        )
        self.message_user(request, message, messages.SUCCESS)
        return redirect(f"admin:{_urlname(self.opts, 'change')}", keep.pk)

    def undo_merge_view(self, request, object_id):
        merged = self.get_object(request, unquote(object_id))
        if merged is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, merged):
            raise PermissionDenied
        change_url = reverse(f"admin:{_urlname(self.opts, 'change')}", args=[merged.pk])
        if merged.merged_into_id is None:
            self.message_user(request, _("This record is not merged into another."), messages.ERROR)
            return redirect(change_url)
        if request.method == "POST":
            try:
                done = merging.undo_merge(merged=merged, user=request.user)
            except merging.MergeRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return redirect(change_url)
            self.content_changed([done.kept, done.merged])
            self.log_change(
                request, done.merged, _("Merge into “%(kept)s” undone.") % {"kept": done.kept}
            )
            message = _("The merge is undone: “%(merged)s” is a record of its own again.")
            if done.left_alone:
                message += " " + ngettext(
                    "%(count)s link changed since the merge was left as it is.",
                    "%(count)s links changed since the merge were left as they are.",
                    done.left_alone,
                )
            self.message_user(
                request,
                message % {"merged": done.merged, "count": done.left_alone},
                messages.SUCCESS,
            )
            return redirect(change_url)
        try:
            plan, refusal = merging.plan_undo(merged), ""
        except merging.MergeRefused as error:
            plan, refusal = None, str(error)
        return self.render(
            request,
            "admin/collection/merge_undo.html",
            {
                "title": _("Undo the merge of “%(merged)s”?") % {"merged": merged},
                "object": merged,
                "kept": merged.merged_into,
                "plan": plan,
                "refusal": refusal,
                "change_url": change_url,
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra = {}
        if record is not None:
            extra = {
                "merged_into": record.merged_into,
                "merged_records": list(record.merged_records.all()),
                "may_undo_merge": self.has_change_permission(request, record),
                "undo_merge_url_name": f"admin:{_urlname(self.opts, 'undo_merge')}",
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})


def describe_merge(merge, metadata):
    """The recent changes' name for a merge and its undo, with a link to the kept record."""
    app_label, model_name = merge["model"].split(".")
    url = reverse(f"admin:{app_label}_{model_name}_change", args=[merge["kept"]])
    names = {"merged": merge["merged_name"], "kept": merge["kept_name"]}
    text = (
        _("Undo merge: %(merged)s from %(kept)s")
        if "merge_undo" in metadata
        else _("Merge: %(merged)s into %(kept)s")
    )
    return format_html('<a href="{}">{}</a>', url, text % names)


describe_as("merge", describe_merge)
describe_as("merge_undo", describe_merge)
