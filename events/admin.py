from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.forms import SplitDateTimeField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from collection.date_display import display_date
from core.admin import EitherLanguageAdminMixin, PublishableAdmin
from events.models import Event, time_zone_names


@admin.register(Event)
class EventAdmin(EitherLanguageAdminMixin, PublishableAdmin, TranslationAdmin):
    list_display = ["title", "kind", "local_dates", "venue", "status"]
    list_filter = ["status", "kind", "is_all_day"]
    search_fields = ["title_vi", "title_en", "slug", "venue_vi", "venue_en"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["exhibitions"]
    date_hierarchy = "starts_at"
    save_on_top = True
    fieldsets = [
        (None, {"fields": [("title_vi", "title_en"), ("slug", "kind", "status")]}),
        (
            _("When"),
            {
                "fields": [
                    ("starts_at", "ends_at"),
                    ("time_zone", "date_precision"),
                    "is_all_day",
                ]
            },
        ),
        (
            _("Where and who"),
            {
                "fields": [
                    ("venue_vi", "venue_en"),
                    ("organisers_vi", "organisers_en"),
                    "participants",
                ]
            },
        ),
        (_("Text"), {"fields": [("description_vi", "description_en"), "exhibitions"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, SplitDateTimeField):
            # The admin writes "Date:" and "Time:" beside the two inputs as plain text,
            # which screen readers do not tie to them.
            date, time = field.widget.widgets
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": field.label}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": field.label}
        return field

    @admin.display(description=_("dates"), ordering="starts_at")
    def local_dates(self, event):
        start, end = event.local_starts_at, event.local_ends_at
        if not event.is_dated_to_the_day:
            return display_date(event.periods)
        if event.is_all_day:
            first, last = f"{start:%d/%m/%Y}", f"{end:%d/%m/%Y}"
            return first if first == last else f"{first} – {last}"
        return f"{start:%d/%m/%Y %H:%M} – {end:%d/%m/%Y %H:%M} ({event.time_zone})"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Curators type the times as they are where the event happens, so the form reads
        # and shows them in the event's own zone rather than the museum's.
        with timezone.override(self.form_time_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Times are converted for display while rendering, so render inside the zone.
            if hasattr(response, "render"):
                response.render()
            return response

    def form_time_zone(self, request, object_id):
        name = request.POST.get("time_zone")
        if not name and object_id:
            event = self.get_object(request, unquote(object_id))
            name = event and event.time_zone
        return name if name in time_zone_names() else timezone.get_default_timezone()
