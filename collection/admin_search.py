"""The objects' change list at a million objects: its search, order and filters answered
through indexes, and filters that do not list a million choices.

Django's own search runs ``unaccent(column) ILIKE '%word%'`` over every search field
joined together (people, places), which no index can answer: 9.8 s for four words at
160,000 objects. Here the words are matched against the objects' search documents (the
public search's, collection.search: titles, descriptions, people, places and subjects in
both languages, accents folded) through their GIN index, and an accession number by its
prefix, through an index of its lower case.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast, Lower
from django.utils.translation import gettext_lazy as _

from collection.models import Creator, Item, ItemPlace, Person, Place, Subject
from collection.search import document_matches
from core.languages import translated
from core.text import normalise

# Choices that need a scan of the collection are counted at most this often.
CHOICES_SECONDS = 300
TOP_LINKED = 15
MAX_COUNTED = 1000  # as the public search: past it, curators refine


def search_matches(queryset, term):
    """The objects of ``queryset`` whose words or number match ``term`` (normalised):
    one table, no join, so the results need no DISTINCT."""
    words = Q(document_matches(term))
    number = Q(number__startswith=term.lower())
    return queryset.alias(number=Lower("accession_number")).filter(words | number)


class ItemSearchAdminMixin:
    """For the objects' admin."""

    # The order of the index on lower(accession_number); Django adds "-pk" after it.
    ordering = [Lower("accession_number")]
    # Otherwise every search also counts the whole table, for "(N total)".
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        term = normalise(search_term)
        if not term:
            return queryset, False
        matches = search_matches(queryset, term)
        # The first MAX_COUNTED + 1 found, by the index, in one query: what the list then
        # counts and orders by number. Counting half a million matches of "hanoi" took a
        # second at a million objects, and ordering them by number, walking the number
        # index past 500,000 objects to find a page of "photograph 1972", four.
        found = list(matches.order_by().values_list("pk", flat=True)[: MAX_COUNTED + 1])
        request.search_capped = len(found) > MAX_COUNTED
        return queryset.filter(pk__in=found[:MAX_COUNTED]), False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Read by templates/admin/collection/item/ (the pagination, the search bar and
        # the actions), which say "more than" and how many are listed.
        changelist.search_capped = getattr(request, "search_capped", False)
        return changelist


class LinkedRecordFilter(admin.SimpleListFilter):
    """The people (places, subjects) most linked to objects, and the one chosen, instead
    of every record any object links to: at a million objects that list is thousands
    long and its query scans every link. Any record can still be chosen from its own
    change list (the number of its objects links here)."""

    model = None
    links = None  # the link model
    field = None  # its field pointing to ``model``

    def lookups(self, request, model_admin):
        def top():
            counted = (
                self.links.objects.values(self.field)
                .annotate(count=Count("pk"))
                .order_by("-count", self.field)[:TOP_LINKED]
            )
            return [row[self.field] for row in counted]

        key = f"admin:top-linked:{self.parameter_name}"
        pks = cache.get_or_set(key, top, CHOICES_SECONDS)
        chosen = self.chosen_pk()
        if chosen is not None and chosen not in pks:
            pks = [chosen, *pks]
        records = self.model.objects.in_bulk(pks)
        choices = [(str(pk), str(translated(records[pk], "name"))) for pk in pks if pk in records]
        return sorted(choices, key=lambda choice: choice[1])

    def chosen_pk(self):
        value = self.value()
        if value is None:
            return None
        if not (value.isascii() and value.isdecimal() and len(value) < 19):
            raise IncorrectLookupParameters(f"Not a record number: {value!r}")
        return int(value)

    def queryset(self, request, queryset):
        pk = self.chosen_pk()
        if pk is None:
            return queryset
        linked = self.links.objects.filter(item=OuterRef("pk"), **{self.field: pk})
        return queryset.filter(Exists(linked))


class LinkedPersonFilter(LinkedRecordFilter):
    title = _("people")
    parameter_name = "creators__id__exact"
    model, links, field = Person, Creator, "person"


class LinkedPlaceFilter(LinkedRecordFilter):
    title = _("places")
    parameter_name = "places__id__exact"
    model, links, field = Place, ItemPlace, "place"


class LinkedSubjectFilter(LinkedRecordFilter):
    title = _("subjects")
    parameter_name = "subjects__id__exact"
    model, links, field = Subject, Item.subjects.through, "subject"


class DecadeFilter(admin.SimpleListFilter):
    """The decades objects' dates touch, found every few minutes rather than by a scan of
    the collection on every list page."""

    title = _("decade")
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        def decades():
            return list(
                Item.objects.exclude(date_earliest=None)
                # Integer division: EXTRACT gives a numeric, which would keep 197.2.
                .annotate(decade=Cast("date_earliest__year", IntegerField()) / 10 * 10)
                .order_by("decade")
                .values_list("decade", flat=True)
                .distinct()
            )

        found = cache.get_or_set("admin:decades", decades, CHOICES_SECONDS)
        return [(str(decade), f"{decade}s") for decade in found]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        value = self.value()
        # The admin's answer to a value no link offers: back to the unfiltered list.
        if not (value.isascii() and value.isdecimal() and 0 < int(value) <= 9990):
            raise IncorrectLookupParameters(f"Not a decade: {value!r}")
        start = int(value)
        # An object belongs to every decade its date range touches.
        return queryset.filter(date_earliest__year__lte=start + 9, date_latest__year__gte=start)
