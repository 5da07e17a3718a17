from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from collection.admin import ADMIN_CSS, thumbnail_tag
from collection.models import Item
from collection.search import update_search_documents
from core.admin import EitherLanguageAdminMixin, PublicContentAdmin, PublishableAdmin
from exhibitions.labels import LabelsAdminMixin
from exhibitions.models import Exhibition, ExhibitionItem, Section

# Up/down buttons that rewrite the position numbers, so curators reorder by moving rows.
ORDERING_JS = "js/admin-ordering.js"


class SectionInline(EitherLanguageAdminMixin, TranslationStackedInline):
    model = Section
    fields = ["position", "title", "slug", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0

    class Media:
        js = [ORDERING_JS]


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
    fieldsets = [
        (None, {"fields": ["title", "slug", "subtitle", "status", "hero_image"]}),
        (
            _("Where and when"),
            {
                "fields": [
                    "venue",
                    "organisers",
                    ("opens_on", "opens_precision"),
                    ("closes_on", "closes_precision"),
                    "is_permanent",
                ]
            },
        ),
        (_("Text"), {"fields": ["introduction", "credits"]}),
    ]


class ExhibitionItemInline(EitherLanguageAdminMixin, TranslationTabularInline):
    model = ExhibitionItem
    fields = ["position", "thumbnail", "item", "label_title", "label_text"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["item"]
    extra = 0

    class Media:
        js = [ORDERING_JS]
        css = {"all": [ADMIN_CSS]}

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
    fields = ["exhibition", "position", "title", "slug", "introduction"]
    inlines = [ExhibitionItemInline]
