"""The admin as the site assembles it: every change list, the apps' and the installed
packages' (accounts, sign-in attempts, background jobs), answers a filter value it cannot
use with the admin's "invalid lookup" redirect rather than a server error.

Admin modules are loaded in INSTALLED_APPS order and this app comes last, so every
model is registered by the time this runs.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import EitherLanguageAdminMixin, SafeChangeListMixin
from museum.models import Museum


@admin.register(Museum)
class MuseumAdmin(EitherLanguageAdminMixin, TranslationAdmin):
    """The museum's one record: the list opens it; it is never added again or deleted."""

    fieldsets = [
        (None, {"fields": ["name", "short_name", "logo"]}),
        (_("Visiting"), {"fields": ["address", "opening_hours", "email", "phone", "website"]}),
        (_("Rights and credits"), {"fields": ["rights", "credit_line"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:museum_museum_change", args=[Museum.load().pk]))


for model, model_admin in list(admin.site._registry.items()):
    if not isinstance(model_admin, SafeChangeListMixin):
        admin_class = type(model_admin)
        admin.site.unregister(model)
        admin.site.register(
            model, type(admin_class.__name__, (SafeChangeListMixin, admin_class), {})
        )
