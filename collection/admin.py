"""The curators' product: cataloguing objects, their images and authority records."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from collection.admin_search import (
    DecadeFilter,
    ItemSearchAdminMixin,
    LinkedPersonFilter,
    LinkedPlaceFilter,
    LinkedSubjectFilter,
)
from collection.bulk_edit import BulkEditAdminMixin
from collection.duplicates_admin import DuplicatesAdminMixin
from collection.gap_filters import MissingFilter
from collection.models import (
    Creator,
    Image,
    ImportJob,
    ImportRecord,
    Item,
    ItemPlace,
    Person,
    Place,
    Subject,
)
from collection.search import update_search_documents
from collection.spreadsheets.admin import ImportJobAdmin, ImportViews
from collection.undo_admin import UndoableImportRecordAdmin
from core.admin import PublicContentAdmin, PublishableAdmin, SafeAutocompleteMixin

# Thumbnails are sized by a stylesheet: the Content-Security-Policy allows no inline style.
ADMIN_CSS = "css/admin.css"


def thumbnail_tag(image, large=False):
    if image is None or not image.thumbnail:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="admin-thumbnail{}">',
        image.thumbnail.url,
        image.alt_text or "",
        " admin-thumbnail--large" if large else "",
    )


class HasImageFilter(admin.SimpleListFilter):
    title = _("has image")
    parameter_name = "has_image"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        has_image = Exists(Image.objects.filter(item=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has_image)
        if self.value() == "no":
            return queryset.filter(~has_image)
        return queryset


# Fieldsets of the object form that inlines stand before: the form follows the order
# cataloguers work in, so its template (templates/admin/collection/item/change_form.html)
# puts each inline before the fieldset its ``before_fieldset`` names.
SUBJECTS = _("Subjects")
RIGHTS = _("Rights, credit and provenance")


class LabelledInlineFormSet(BaseInlineFormSet):
    """For tabular inlines: a column's heading is not the label of the inputs below it,
    so each input is named for screen readers by its field's label."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)


class CreatorInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Creator
    formset = LabelledInlineFormSet
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position"]
    extra = 0
    before_fieldset = SUBJECTS


class ItemPlaceInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ItemPlace
    formset = LabelledInlineFormSet
    autocomplete_fields = ["place"]
    extra = 0
    before_fieldset = SUBJECTS


class ImageInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        primaries = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_primary") and not form.cleaned_data.get("DELETE")
        ]
        if len(primaries) > 1:
            raise ValidationError(_("Mark only one image as the primary image."))


class ImageInline(TranslationStackedInline):
    model = Image
    formset = ImageInlineFormSet
    # The preview beside the fields ("with-preview", static/css/admin-forms.css), each
    # text's two languages side by side.
    fieldsets = [
        (
            None,
            {
                "classes": ["with-preview"],
                "fields": [
                    "preview",
                    "original",
                    ("caption_vi", "caption_en"),
                    ("alt_text_vi", "alt_text_en"),
                    ("credit", "position", "is_primary"),
                ],
            },
        )
    ]
    readonly_fields = ["preview"]
    extra = 0
    before_fieldset = RIGHTS

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail_tag(image, large=True)


@admin.register(Item)
class ItemAdmin(ItemSearchAdminMixin, BulkEditAdminMixin, PublishableAdmin, TranslationAdmin):
    list_display = ["thumbnail", "accession_number", "title", "kind", "date_text", "status"]
    list_display_links = ["thumbnail", "accession_number", "title"]
    list_filter = [
        "kind",
        "status",
        # The most linked records, and the one chosen (collection.admin_search).
        LinkedPlaceFilter,
        LinkedPersonFilter,
        LinkedSubjectFilter,
        DecadeFilter,
        HasImageFilter,
        # The cataloguing gaps the dashboard links to.
        MissingFilter,
    ]
    # unaccent: "kham thien" finds "Khâm Thiên".
    search_fields = [
        "accession_number__unaccent__icontains",
        "title_vi__unaccent__icontains",
        "title_en__unaccent__icontains",
        "creators__name__unaccent__icontains",
        "places__name_vi__unaccent__icontains",
        "places__name_en__unaccent__icontains",
    ]
    search_help_text = _("Accession number, title, person or place; accents are optional.")
    autocomplete_fields = ["subjects"]
    inlines = [ImageInline, CreatorInline, ItemPlaceInline]
    readonly_fields = [
        "date_earliest",
        "date_latest",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    save_on_top = True
    fieldsets = [
        (_("Identification"), {"fields": [("accession_number", "kind", "status")]}),
        (
            _("Title and description"),
            {"fields": [("title_vi", "title_en"), ("description_vi", "description_en")]},
        ),
        (_("Date"), {"fields": ["date_text", ("date_earliest", "date_latest")]}),
        # The people and places inlines come first, then the subjects.
        (SUBJECTS, {"fields": ["subjects"]}),
        # The images inline comes here.
        (
            RIGHTS,
            {
                "fields": [
                    "credit_line",
                    "rights",
                    "provenance",
                    ("acquisition_method", "acquisition_source", "acquisition_date"),
                ]
            },
        ),
        (_("Physical description"), {"fields": [("medium", "dimensions"), "inscription"]}),
        (
            _("Location and condition"),
            {"fields": ["current_location", "condition", "condition_note"]},
        ),
        (_("For staff only"), {"fields": ["internal_notes"]}),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
            },
        ),
    ]
    list_per_page = 50

    class Media:
        css = {"all": [ADMIN_CSS]}

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin_list()

    @admin.display(description=_("image"))
    def thumbnail(self, item):
        return thumbnail_tag(item.primary_image)

    def content_changed(self, items):
        for item in items:
            item.ensure_primary_image()
        update_search_documents(Item.objects.filter(pk__in=[item.pk for item in items]))
        super().content_changed(items)

    def get_urls(self):
        # Import, export and the blank template (collection.spreadsheets.admin), before the
        # default URLs, whose "<path:object_id>/" would otherwise take them.
        return ImportViews(self).urls() + super().get_urls()


class AuthorityAdmin(DuplicatesAdminMixin, PublicContentAdmin, TranslationAdmin):
    list_display = ["name", "item_count"]
    search_fields = ["name__unaccent__icontains"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items", distinct=True))

    def content_changed(self, authorities):
        # A renamed person, place or subject changes what finds its objects.
        update_search_documents(Item.objects.filter(**{f"{self.item_link}__in": authorities}))
        super().content_changed(authorities)

    @admin.display(description=_("objects"), ordering="item_count")
    def item_count(self, authority):
        return authority.item_count


@admin.register(Person)
class PersonAdmin(AuthorityAdmin):
    item_link = "creators"
    list_display = ["name", "birth_year", "death_year", "item_count"]
    save_on_top = True
    fields = [
        "name",
        "variant_names",
        ("birth_year", "death_year"),
        ("biography_vi", "biography_en"),
    ]


@admin.register(Place)
class PlaceAdmin(AuthorityAdmin):
    item_link = "places"
    search_fields = ["name_vi__unaccent__icontains", "name_en__unaccent__icontains"]
    save_on_top = True
    fields = [
        ("name_vi", "name_en"),
        "variant_names",
        ("description_vi", "description_en"),
        ("latitude", "longitude"),
    ]


@admin.register(Subject)
class SubjectAdmin(AuthorityAdmin):
    item_link = "subjects"
    search_fields = ["name_vi__unaccent__icontains", "name_en__unaccent__icontains"]
    save_on_top = True
    fields = [("name_vi", "name_en"), "variant_names", ("description_vi", "description_en")]


@admin.register(Image)
class ImageAdmin(PublicContentAdmin, TranslationAdmin):
    """Images are edited with their object; this list lets other records pick one."""

    list_display = ["preview", "item", "caption", "is_primary"]
    list_select_related = ["item"]
    search_fields = [
        "item__accession_number__unaccent__icontains",
        "item__title_vi__unaccent__icontains",
        "item__title_en__unaccent__icontains",
        "caption_vi__unaccent__icontains",
        "caption_en__unaccent__icontains",
    ]
    autocomplete_fields = ["item"]
    fields = [
        "item",
        "original",
        ("caption_vi", "caption_en"),
        ("alt_text_vi", "alt_text_en"),
        ("credit", "position", "is_primary"),
    ]

    class Media:
        css = {"all": [ADMIN_CSS]}

    def content_changed(self, images):
        # Captions are part of their objects' search documents.
        update_search_documents(Item.objects.filter(images__in=images))
        super().content_changed(images)

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail_tag(image)


admin.site.register(ImportRecord, UndoableImportRecordAdmin)
admin.site.register(ImportJob, ImportJobAdmin)
