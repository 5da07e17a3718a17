"""The collection browser's filters: kind, place, person, subject, years, images, order."""

import datetime

import django_filters
from django import forms
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from collection.models import Creator, Item, ItemPlace, Kind, Person, Place, Subject
from collection.search import with_published_items
from core.cache import remember

# Each sort is a full ordering, ending in the primary key so pages never overlap.
# Catalogue order is by lower(accession_number): the unique index on that expression
# then serves the first page without sorting the whole collection.
SORTS = {
    "number": (Lower("accession_number"), "pk"),
    "date": (F("date_earliest").asc(nulls_last=True), "pk"),
    "-date": (F("date_latest").desc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
}
SORT_CHOICES = [
    ("number", _("Catalogue number")),
    ("date", _("Date, oldest first")),
    ("-date", _("Date, newest first")),
    ("title", _("Title, A–Z")),
]


# The person, place and subject menus offer the most used names; any other one is still
# accepted from a link (a person's page links here), and shown when selected.
MENU_SIZE = 40


def kind_choices():
    """The kinds with how many published objects each has, counted once per change of
    the public content (core.cache.remember), not on every request."""
    return remember("kind-choices", _count_kinds)


def _count_kinds():
    counts = dict(
        Item.objects.published()
        .order_by()
        .values_list("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )
    return [(value, f"{label} ({counts.get(value, 0)})") for value, label in Kind.choices]


def menu_choices(name):
    """The MENU_SIZE names with the most published objects, alphabetically."""

    def compute():
        model = {"person": Person, "place": Place, "subject": Subject}[name]
        top = (
            model.objects.annotate(
                count=Count("items", filter=Q(items__in=Item.objects.published().values("pk")))
            )
            .filter(count__gt=0)
            .order_by("-count", "pk")[:MENU_SIZE]
        )
        return sorted(((record.pk, str(record)) for record in top), key=lambda c: c[1])

    return remember(f"menu:{name}", compute)


class ItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), empty_label=_("All kinds"))
    person = django_filters.ModelChoiceFilter(
        label=_("Person"),
        method="filter_person",
        queryset=with_published_items(Person.objects.all(), "creators"),
        empty_label=_("Anyone"),
    )
    place = django_filters.ModelChoiceFilter(
        label=_("Place"),
        method="filter_place",
        queryset=with_published_items(Place.objects.all(), "places"),
        empty_label=_("Anywhere"),
    )
    subject = django_filters.ModelChoiceFilter(
        label=_("Subject"),
        field_name="subjects",
        queryset=with_published_items(Subject.objects.all(), "subjects"),
        empty_label=_("Any subject"),
    )
    year_from = django_filters.NumberFilter(
        label=_("From year"),
        method="filter_year_from",
        widget=forms.NumberInput(attrs={"min": 1, "max": 9999, "inputmode": "numeric"}),
    )
    year_to = django_filters.NumberFilter(
        label=_("To year"),
        method="filter_year_to",
        widget=forms.NumberInput(attrs={"min": 1, "max": 9999, "inputmode": "numeric"}),
    )
    has_image = django_filters.BooleanFilter(
        label=_("Only objects with images"), method="filter_has_image", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_by", empty_label=None
    )

    class Meta:
        model = Item
        fields = ["kind", "person", "place", "subject"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Counted once here; a callable would be counted again by validation and rendering.
        self.filters["kind"].extra["choices"] = kind_choices()
        for name in ("person", "place", "subject"):
            self.offer_menu(name)

    def offer_menu(self, name):
        field = self.form.fields[name]
        choices = [("", field.empty_label), *menu_choices(name)]
        # The record the form accepted, if any: what a link sent is never trusted to be a
        # number ("²" passes str.isdigit() and then fails int()). Fields that fail stay out
        # of cleaned_data; the filtering reuses this same validation. An unbound form
        # (no query string) has no cleaned_data at all.
        self.form.is_valid()
        selected = getattr(self.form, "cleaned_data", {}).get(name)
        if selected is not None and selected.pk not in {value for value, label in choices}:
            # Chosen by a link from a page, not from the menu: show it as chosen.
            choices.append((selected.pk, str(selected)))
        field.widget.choices = choices

    # An object dated "1970-1975" overlaps every year range touching those years.
    def filter_year_from(self, queryset, name, value):
        if not 1 <= value <= 9999:
            return queryset.none()
        return queryset.filter(date_latest__gte=datetime.date(int(value), 1, 1))

    def filter_year_to(self, queryset, name, value):
        if not 1 <= value <= 9999:
            return queryset.none()
        return queryset.filter(date_earliest__lte=datetime.date(int(value), 12, 31))

    # Through the link tables with EXISTS: a person who is both photographer and donor
    # of an object must not show it twice.
    def filter_person(self, queryset, name, value):
        links = Creator.objects.filter(item=OuterRef("pk"), person=value)
        return queryset.filter(Exists(links))

    def filter_place(self, queryset, name, value):
        return queryset.filter(Exists(ItemPlace.objects.filter(item=OuterRef("pk"), place=value)))

    def filter_has_image(self, queryset, name, value):
        return queryset.with_image() if value else queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["number"]))
