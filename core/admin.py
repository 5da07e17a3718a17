"""Admin behaviour every publishable model shares: who may publish, bulk publish and
unpublish actions, who last changed a record, and stale public pages after a change."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.cache import invalidate_public_pages
from core.models import Status


class PublishableAdmin(admin.ModelAdmin):
    """Publishing needs the model's ``publish_<model>`` permission: without it the status
    is read-only and the publish actions are not offered."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "updated_by_id"):
            if not change:
                obj.created_by = request.user
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidate_public_pages()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_public_pages()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate_public_pages()

    @admin.action(
        description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self.set_status(request, queryset, Status.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Status.DRAFT)

    def set_status(self, request, queryset, status):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        # update() skips auto_now, so the time of the change is set here.
        fields = {"status": status, "updated_at": timezone.now()}
        if hasattr(self.model, "updated_by"):
            fields["updated_by"] = request.user
        count = queryset.exclude(status=status).update(**fields)
        invalidate_public_pages()
        message = (
            ngettext("%(count)d record published.", "%(count)d records published.", count)
            if status == Status.PUBLISHED
            else ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
