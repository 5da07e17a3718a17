"""The collection browser's filters: kind, place, person, subject, years, images, order.

Each facet (kind, person, place, subject) counts the objects each choice would show
with the other filters as they are; the filters in use are listed as chips that each
remove one (``ItemFilter.applied``).
"""

import datetime
import hashlib

import django_filters
from django import forms
from django.db.models import Count, Exists, F, OuterRef
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from collection.models import (
    Creator,
    Item,
    ItemPlace,
    Kind,
    KindCount,
    LinkCount,
    Person,
    Place,
    Subject,
)
from collection.search import with_published_items
from core.cache import remember
from core.languages import current_language, translated
from core.widgets import QuickSelect

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


FACETS = ("kind", "person", "place", "subject")
AUTHORITIES = {"person": Person, "place": Place, "subject": Subject}


def kind_choices():
    """The kinds with how many published objects each has, read once per change of the
    public content (core.cache.remember), not on every request."""
    counts = remember(
        "kind-counts",
        # Kept by the database (collection.counts): counting took 0.5 s at a million.
        lambda: dict(KindCount.objects.values_list("kind", "items")),
        depends=[Item],
    )
    return [(value, f"{label} ({counts.get(value, 0)})") for value, label in Kind.choices]


def count_kinds(items):
    return dict(
        items.order_by()
        .values_list("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )


def menu_choices(name):
    """The MENU_SIZE names with the most published objects, alphabetically, as
    ``(pk, name, count, language of the name)``."""

    def compute():
        # Kept by the database as objects and links change (collection.counts):
        # counting the links of the published objects took 1.7 s a menu at a million.
        counted = list(
            LinkCount.objects.filter(facet=name, items__gt=0)
            .order_by("-items", "record_id")
            .values_list("record_id", "items")[:MENU_SIZE]
        )
        records = AUTHORITIES[name].objects.in_bulk([pk for pk, _count in counted])
        choices = []
        for pk, count in counted:
            if pk not in records:  # deleted or merged since: it links to nothing now
                continue
            shown = translated(records[pk], "name")
            choices.append((pk, str(shown), count, shown.language))
        return sorted(choices, key=lambda choice: choice[1])

    return remember(f"menu:{name}", compute, depends=[Item, AUTHORITIES[name]])


def link_table(name):
    """The links from objects to the records of facet ``name``, and their field."""
    if name == "person":
        return Creator.objects.all(), "person"
    if name == "place":
        return ItemPlace.objects.all(), "place"
    return Item.subjects.through.objects.all(), "subject"


def count_links(name, items, pks):
    """How many of ``items`` point to each of the records ``pks`` of facet ``name``."""
    links, field = link_table(name)
    return dict(
        links.filter(item__in=items.order_by().values("pk"), **{f"{field}__in": pks})
        .order_by()
        .values_list(field)
        .annotate(count=Count("item", distinct=True))
        .values_list(field, "count")
    )


class LanguageSelect(QuickSelect):
    """A menu whose options may each be in another language than the page (a place
    known only by its Vietnamese name, on /en/): ``languages`` maps values to codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        language = self.languages.get(str(value))
        if language:
            option["attrs"]["lang"] = language
        return option


class ItemFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), empty_label=_("All kinds"), widget=QuickSelect
    )
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
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="sort_by",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Item
        fields = ["kind", "person", "place", "subject"]

    # Whether the facets show counts; the search page's do not, its results being
    # narrowed by the words too.
    counts_choices = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Counted once here; a callable would be counted again by validation and rendering.
        # Choices are set before validation, which checks a kind against them.
        self.filters["kind"].extra["choices"] = Kind.choices
        # The records the form accepted, if any: what a link sent is never trusted to be
        # a number ("²" passes str.isdigit() and then fails int()). Fields that fail stay
        # out of cleaned_data; the filtering reuses this same validation. An unbound form
        # (no query string) has no cleaned_data at all.
        self.form.is_valid()
        self.chosen = {
            name: value
            for name, value in getattr(self.form, "cleaned_data", {}).items()
            if value not in (None, "", False) and name != "sort"
        }
        self.offer_kinds()
        for name in AUTHORITIES:
            self.offer_menu(name)

    def offer_kinds(self):
        if not self.counts_choices:
            choices = list(Kind.choices)
        elif self.is_narrowed("kind"):
            counts = self.facet_counts("kind", None)
            choices = [(v, f"{label} ({counts.get(v, 0)})") for v, label in Kind.choices]
        else:
            choices = kind_choices()
        # The field adds its own empty choice ("All kinds").
        self.form.fields["kind"].choices = choices

    def offer_menu(self, name):
        field = self.form.fields[name]
        menu = menu_choices(name)
        selected = self.chosen.get(name)
        if selected is not None and selected.pk not in {choice[0] for choice in menu}:
            # Chosen by a link from a page, not from the menu: show it as chosen.
            shown = translated(selected, "name")
            menu = [*menu, (selected.pk, str(shown), None, shown.language)]
        if self.counts_choices and self.is_narrowed(name):
            counts = self.facet_counts(name, [choice[0] for choice in menu])
            menu = [(pk, label, counts.get(pk, 0), lang) for pk, label, _count, lang in menu]
        widget = LanguageSelect()
        reader = current_language()
        widget.languages = {
            str(pk): lang for pk, _label, _count, lang in menu if lang and lang != reader
        }
        widget.choices = [("", field.empty_label)] + [
            (pk, f"{label} ({count})" if self.counts_choices and count is not None else label)
            for pk, label, count, _lang in menu
        ]
        widget.attrs = field.widget.attrs
        field.widget = widget

    def is_narrowed(self, facet):
        """Whether a filter other than ``facet`` is in use, so its counts differ from
        the whole collection's."""
        return any(name != facet for name in self.chosen)

    def facet_counts(self, facet, pks):
        """The counts of ``facet``'s choices among the objects the other filters leave,
        remembered per combination of filters until the content changes."""
        others = "&".join(
            f"{name}={getattr(value, 'pk', value)}"
            for name, value in sorted(self.chosen.items())
            if name != facet
        )
        key = hashlib.sha256(f"{facet}|{others}|{pks}".encode()).hexdigest()
        items = self.queryset_without(facet)
        depends = [Item, *AUTHORITIES.values()]
        if facet == "kind":
            return remember(f"facet:{key}", lambda: count_kinds(items), depends)
        return remember(f"facet:{key}", lambda: count_links(facet, items, pks), depends)

    def queryset_without(self, excluded):
        """Published objects as every filter in use but ``excluded`` leaves them."""
        queryset = Item.objects.published()
        for name, value in self.chosen.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def applied(self, query):
        """The filters in use, each with the address of this page without it: the
        removable chips above the results. ``query`` is the request's QueryDict."""
        chips = []
        for name, value in self.chosen.items():
            remaining = query.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            if name == "kind":
                shown = Kind(value).label
            elif name in AUTHORITIES:
                shown = translated(value, "name")
            elif name == "has_image":
                shown = ""
            else:
                shown = str(value).removesuffix(".0")
            chips.append(
                {"label": self.filters[name].label, "value": shown, "query": remaining.urlencode()}
            )
        return chips

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


class SearchFilter(ItemFilter):
    """The browse filters as the search page offers them: no order (results come best
    first) and no counts (the words narrow the results too)."""

    sort = None
    counts_choices = False
