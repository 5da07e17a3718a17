"""Admin behaviour the public models share: who may publish, bulk publish and unpublish
actions, who last changed a record, keeping the public site in step after a change,
change lists that answer a malformed filter value without a server error, and each
record's History with its revert (core.history.admin)."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.cache import invalidate, invalidate_keys, keys_for
from core.history import changes  # noqa: F401 - registers the recent changes
from core.history.admin import HistoryAdminMixin
from core.models import Status


class SafeChangeList(ChangeList):
    """A change list whose filter values the database or Python cannot take (a year past
    9999 in the date hierarchy, a word for a status stored as a PostgreSQL enum) gets the
    admin's own answer to a bad filter, a redirect to the unfiltered list, instead of a
    server error. The list's queries run here, in a savepoint, so a refused value
    leaves the request's transaction usable."""

    def __init__(self, *args, **kwargs):
        try:
            with transaction.atomic():
                super().__init__(*args, **kwargs)
        except (DataError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which shows a form again after an error without looking up
    posted values the database cannot take ("abc", or a number past bigint, for a key):
    Django's own raises a server error there. The form's own validation refuses them."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self.is_possible(v)], attr)

    def is_possible(self, value):
        remote = self.field.remote_field
        name = getattr(remote, "field_name", None)
        target = remote.model._meta.get_field(name) if name else remote.model._meta.pk
        try:
            target.run_validators(target.to_python(value))
        except ValidationError:
            return False
        return True


class SafeAutocompleteSelectMultiple(SafeAutocompleteSelect, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For admins and inlines with ``autocomplete_fields``: see SafeAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SafeChangeListMixin:
    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class EitherLanguageAdminMixin:
    """English alone serves both languages by fallback, so no one language's field is
    required in the form; the model's clean() asks for a title in at least one."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and getattr(db_field, "translated_field", None) is not None:
            field.required = False
        return field


class PublicContentAdmin(
    SafeAutocompleteMixin, HistoryAdminMixin, SafeChangeListMixin, admin.ModelAdmin
):
    """Whatever a curator saves, deletes or reverts here reaches the public site at once:
    the cached pages that show it are renewed (core.cache), and only those."""

    def content_changed(self, objects):
        """Called with the changed objects after every save, delete and bulk action.
        Admins whose records feed the search documents refresh them here."""
        invalidate(objects)

    def save_related(self, request, form, formsets, change):
        # Runs after the object is saved and before its links and inlines are: the pages
        # of the people or exhibitions it is about to leave are stale too.
        leaving = keys_for([form.instance]) if change else set()
        super().save_related(request, form, formsets, change)
        invalidate_keys(leaving)
        self.content_changed([form.instance])

    def delete_model(self, request, obj):
        stale = keys_for([obj])  # while its links still say which pages show it
        super().delete_model(request, obj)
        invalidate_keys(stale)
        self.content_changed([])

    def delete_queryset(self, request, queryset):
        stale = keys_for(list(queryset))
        super().delete_queryset(request, queryset)
        invalidate_keys(stale)
        self.content_changed([])


class PublishableAdmin(PublicContentAdmin):
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
        changing = list(queryset.exclude(status=status))
        # update() skips auto_now; calendars and caches rely on updated_at.
        fields = {"status": status, "updated_at": timezone.now()}
        if hasattr(self.model, "updated_by"):
            fields["updated_by"] = request.user
        count = self.model.objects.filter(pk__in=[obj.pk for obj in changing]).update(**fields)
        self.content_changed(changing)
        message = (
            ngettext("%(count)d record published.", "%(count)d records published.", count)
            if status == Status.PUBLISHED
            else ngettext("%(count)d record unpublished.", "%(count)d records unpublished.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
