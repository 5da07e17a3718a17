"""The recent changes: every change set (a request, a command, an import, an undo)
across everything tracked, newest first, filterable by user, by what it changed, by
date and by import; each one opens on its versions, field by field.

A change set is django-pghistory's context row. Changes made straight in the database,
outside Vitrine, have none: they are on their records' History pages only.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history.context import FILTERS, describe
from core.history.versions import (
    DELETE,
    INSERT,
    TRACKED,
    Display,
    changes_between,
    previous_versions,
)
from core.models import ChangeSet as Context

VERSIONS_PER_PAGE = 50


def viewable(request):
    """The tracked models whose history ``request.user`` may read."""
    return [
        model
        for model in TRACKED
        if not model._meta.auto_created
        and request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ] + [
        # A many-to-many link is read with the model it belongs to.
        model
        for model in TRACKED
        if model._meta.auto_created
        and request.user.has_perm(
            f"{model._meta.auto_created._meta.app_label}.view_{model._meta.auto_created._meta.model_name}"
        )
    ]


def _label(model):
    """A tracked model's name here: a link is named with what it belongs to (an object's
    places are not the places themselves)."""
    if model._meta.auto_created:
        owner = model._meta.auto_created
        (field,) = [f for f in owner._meta.many_to_many if f.remote_field.through is model]
        return f"{capfirst(owner._meta.verbose_name)}: {field.verbose_name}"
    tracked = TRACKED[model]
    if tracked.owner and tracked.restored_with_owner:
        owner = model._meta.get_field(tracked.owner).related_model
        return f"{capfirst(owner._meta.verbose_name)}: {model._meta.verbose_name_plural}"
    return capfirst(model._meta.verbose_name_plural)


def _count_name(model):
    return f"changed_{model._meta.app_label}_{model._meta.model_name}".lower()


def _touches(model):
    return Exists(TRACKED[model].version_model.objects.filter(pgh_context_id=OuterRef("pk")))


class UserFilter(admin.SimpleListFilter):
    title = gettext_lazy("user")
    parameter_name = "user"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True).order_by("username")
        return [(str(user.pk), user.get_username()) for user in staff]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(metadata__user=int(value)) if value.isdecimal() else queryset.none()


class ModelFilter(admin.SimpleListFilter):
    title = gettext_lazy("what changed")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        return [(model._meta.label_lower, _label(model)) for model in viewable(request)]

    def queryset(self, request, queryset):
        chosen = [m for m in viewable(request) if m._meta.label_lower == self.value()]
        return queryset.filter(_touches(chosen[0])) if chosen else queryset


def metadata_filter(key, title):
    """A filter on one metadata key's value (an import record's id), typed in the URL or
    picked among the latest ones."""

    class MetadataFilter(admin.SimpleListFilter):
        parameter_name = key

        def lookups(self, request, model_admin):
            values = (
                Context.objects.filter(metadata__has_key=key)
                .order_by("-created_at")
                .values_list(f"metadata__{key}", flat=True)[:20]
            )
            return [(str(value), str(value)) for value in dict.fromkeys(values)]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            return queryset.filter(
                **{f"metadata__{key}": int(value) if value.isdecimal() else value}
            )

    MetadataFilter.title = title
    return MetadataFilter


class ChangeSetAdmin(admin.ModelAdmin):
    """Read-only: the history is evidence. Anyone who may view a tracked model sees the
    change sets that touched it, and only its versions."""

    list_display = ["when", "who", "through", "what"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    list_per_page = 50
    show_full_result_count = False

    def get_list_filter(self, request):
        return [UserFilter, ModelFilter, *(metadata_filter(k, t) for k, t in FILTERS.items())]

    def get_queryset(self, request):
        models = viewable(request)
        if not models:
            return Context.objects.none()
        touches = Q()
        for model in models:
            touches |= Q(_touches(model))
        # How many rows of each model the change set wrote: for the page's rows only.
        counts = {
            _count_name(model): TRACKED[model]
            .version_model.objects.filter(pgh_context_id=OuterRef("pk"))
            .values("pgh_context_id")
            .annotate(n=Count("pgh_id"))
            .values("n")
            for model in models
        }
        User = get_user_model()
        user_id = Cast(KeyTextTransform("user", OuterRef("metadata")), BigIntegerField())
        username = User._base_manager.filter(pk=user_id).values(User.USERNAME_FIELD)
        queryset = super().get_queryset(request).filter(touches)
        return queryset.annotate(
            username=Subquery(username), **{name: Subquery(rows) for name, rows in counts.items()}
        )

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and bool(viewable(request))

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra = {"title": _("Recent changes"), **(extra_context or {})}
        return super().changelist_view(request, extra)

    @admin.display(description=gettext_lazy("when"), ordering="created_at")
    def when(self, context):
        return context.created_at

    @admin.display(description=gettext_lazy("who"))
    def who(self, context):
        if hasattr(context, "username"):  # annotated for the list
            return context.username or "—"
        user_id = context.metadata.get("user")
        user = get_user_model()._base_manager.filter(pk=user_id).first() if user_id else None
        return user.get_username() if user else "—"

    @admin.display(description=gettext_lazy("through"))
    def through(self, context):
        return describe(context)

    @admin.display(description=gettext_lazy("what changed"))
    def what(self, context):
        counts = [
            (_label(model), getattr(context, _count_name(model)))
            for model in TRACKED
            if getattr(context, _count_name(model), None)
        ]
        return format_html_join("", "<div>{}: {}</div>", counts) or "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = self.get_object(request, object_id)
        if context is None or not self.has_view_permission(request):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        models = [
            m
            for m in viewable(request)
            if TRACKED[m].version_model.objects.filter(pgh_context_id=context.pk).exists()
        ]
        chosen = next((m for m in models if m._meta.label_lower == request.GET.get("model")), None)
        chosen = chosen or (models[0] if models else None)
        rows, page = [], None
        if chosen is not None:
            versions = (
                TRACKED[chosen]
                .version_model.objects.filter(pgh_context_id=context.pk)
                .order_by("pgh_id")
            )
            page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
            listed = list(page)
            display = Display({chosen: listed})
            previous = previous_versions(chosen, listed)
            for version in listed:
                before = previous[version.pgh_id]
                rows.append(
                    {
                        "version": version,
                        "record": display.name(chosen, version),
                        "url": _history_url(chosen, version.pgh_obj_id),
                        "changes": (
                            changes_between(chosen, before, version, display)
                            if version.pgh_label not in (INSERT, DELETE)
                            else []
                        ),
                    }
                )
        return TemplateResponse(
            request,
            "admin/history/change_set.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Changes of %(when)s") % {"when": context.created_at},
                "subtitle": None,
                "opts": self.opts,
                "change_set": context,
                "who": self.who(context),
                "through": describe(context),
                "models": [(m._meta.label_lower, _label(m)) for m in models],
                "chosen": chosen._meta.label_lower if chosen else None,
                "rows": rows,
                "page_obj": page,
                "query": f"model={chosen._meta.label_lower}&" if chosen else "",
            },
        )


def _history_url(model, pk):
    if model._meta.auto_created:
        return ""
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk])
    except NoReverseMatch:
        return ""


admin.site.register(Context, ChangeSetAdmin)
