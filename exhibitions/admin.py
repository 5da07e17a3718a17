from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from collection.admin import ADMIN_CSS, thumbnail_tag
from collection.models import Item
from collection.search import update_search_documents
from core.admin import (
    EitherLanguageAdminMixin,
    PublicContentAdmin,
    PublishableAdmin,
    SafeAutocompleteMixin,
)
from exhibitions.labels import LabelsAdminMixin
from exhibitions.models import Exhibition, ExhibitionItem, Section

# Up/down buttons and a drag handle that rewrite the position numbers, so curators
# reorder by moving rows.
ORDERING_JS = "js/admin-ordering.js"


class OrderedInlineMixin:
    """An inline ordered by its ``position`` field, reordered with admin-ordering.js,
    whose buttons and announcements speak the curator's language."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            field.widget.attrs.update(
                {
                    "data-move-up": _("Move up"),
                    "data-move-down": _("Move down"),
                    "data-drag": _("Drag to move"),
                    # {position} and {count} are filled in by the script.
                    "data-moved": _("Moved to position {position} of {count}."),
                }
            )
        return field

    class Media:
        js = [ORDERING_JS]
        css = {"all": [ADMIN_CSS]}


class SectionInline(OrderedInlineMixin, EitherLanguageAdminMixin, TranslationStackedInline):
    model = Section
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title_vi", "title_en"),
                    ("slug", "position"),
                    ("introduction_vi", "introduction_en"),
                ]
            },
        )
    ]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


@admin.register(Exhibition)
class ExhibitionAdmin(
    LabelsAdminMixin, EitherLanguageAdminMixin, PublishableAdmin, TranslationAdmin
):
    def content_changed(self, exhibitions):
        # Labels of published exhibitions are part of their objects' search documents.
        update_search_documents(
            Item.objects.filter(exhibition_items__section__exhibition__in=exhibitions)
        )
        super().content_changed(exhibitions)

    list_display = ["title", "status", "venue", "opens_on", "closes_on", "is_permanent"]
    list_filter = ["status"]
    search_fields = ["title_vi", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero_image"]
    date_hierarchy = "opens_on"
    inlines = [SectionInline]
    save_on_top = True
    readonly_fields = ["event_links"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("title_vi", "title_en"),
                    ("subtitle_vi", "subtitle_en"),
                    ("slug", "status"),
                    "hero_image",
                ]
            },
        ),
        (
            _("Where and when"),
            {
                "fields": [
                    ("venue_vi", "venue_en"),
                    ("organisers_vi", "organisers_en"),
                    ("opens_on", "opens_precision"),
                    ("closes_on", "closes_precision"),
                    "is_permanent",
                ]
            },
        ),
        (
            _("Text"),
            {"fields": [("introduction_vi", "introduction_en"), ("credits_vi", "credits_en")]},
        ),
        (_("Events"), {"fields": ["event_links"]}),
    ]

    @admin.display(description=_("events of this exhibition"))
    def event_links(self, exhibition):
        # The events app links its events to exhibitions (the related name "events");
        # the exhibition lists them through that name and links them by their admin
        # URLs' names, without importing the app, which builds on this one.
        if not exhibition.pk:
            return _("Save the exhibition first, then add its events.")
        try:
            add_url = reverse("admin:events_event_add")
        except NoReverseMatch:  # a project without the events app
            return "—"
        events = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {}</li>',
            (
                (
                    reverse("admin:events_event_change", args=[event.pk]),
                    event,
                    event.local_starts_at.strftime("%d/%m/%Y"),
                )
                for event in exhibition.events.all()
            ),
        )
        return format_html(
            '<ul class="admin-related-list">{}</ul><a class="addlink" href="{}">{}</a>',
            events or format_html("<li>{}</li>", _("No events yet.")),
            f"{add_url}?exhibitions={exhibition.pk}",
            _("Add an event to this exhibition"),
        )


class ExhibitionItemInline(
    SafeAutocompleteMixin, OrderedInlineMixin, EitherLanguageAdminMixin, TranslationStackedInline
):
    """Each object a compact card that fits the curators' window: its thumbnail beside
    the object, its position and the label in both languages side by side."""

    model = ExhibitionItem
    fieldsets = [
        (
            None,
            {
                "classes": ["with-preview"],
                "fields": [
                    "thumbnail",
                    ("item", "position"),
                    ("label_title_vi", "label_title_en"),
                    ("label_text_vi", "label_text_en"),
                ],
            },
        )
    ]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["item"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).for_display()

    @admin.display(description=_("image"))
    def thumbnail(self, exhibition_item):
        return thumbnail_tag(
            exhibition_item.item.primary_image if exhibition_item.item_id else None
        )


@admin.register(Section)
class SectionAdmin(
    LabelsAdminMixin, EitherLanguageAdminMixin, PublicContentAdmin, TranslationAdmin
):
    def content_changed(self, sections):
        update_search_documents(Item.objects.filter(exhibition_items__section__in=sections))
        super().content_changed(sections)

    list_display = ["title", "exhibition", "position"]
    list_filter = ["exhibition"]
    list_select_related = ["exhibition"]
    search_fields = ["title_vi", "title_en", "exhibition__title_vi", "exhibition__title_en"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    fields = [
        ("exhibition", "position"),
        ("title_vi", "title_en"),
        "slug",
        ("introduction_vi", "introduction_en"),
    ]
    inlines = [ExhibitionItemInline]
