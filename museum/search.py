"""The site's search page: objects, and the exhibitions, sections and events whose words
match, grouped; people and places whose names come close; the browse filters for the
objects; and, when nothing matched, the nearest spelling from the site's own words
(core.vocabulary), searched at once."""

from urllib.parse import urlencode

from django.urls import reverse
from django.views.generic import ListView

import collection.search
from collection.filters import SearchFilter
from collection.models import Item, Person, Place, Subject
from collection.search import matching_names, with_published_items
from collection.views import PAGE_SIZE
from core import vocabulary
from core.cache import depends_on
from events.models import Event
from exhibitions.models import Exhibition, Section

MAX_QUERY_LENGTH = 200
# Exhibitions, sections and events are few; a handful of each leads to the rest.
GROUP_SIZE = 6


class SearchView(ListView):
    """Search results, best first (template museum/search.html). The objects are
    paginated; the other groups are shown on the first page."""

    paginate_by = PAGE_SIZE
    template_name = "museum/search.html"
    query_parameters = frozenset({"q", "page", *SearchFilter.base_filters})

    def get(self, request, *args, **kwargs):
        depends_on(Item, Person, Place, Subject, Exhibition, Event)
        self.query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.suggestion = None
        self.filterset = None
        self.groups = {}
        if self.query:
            items = Item.objects.published().for_cards()
            self.filterset = SearchFilter(request.GET, queryset=items)
            self.objects, self.groups = self.search(self.query)
            if not self.objects and not any(self.groups.values()):
                self.offer_suggestion()
        return super().get(request, *args, **kwargs)

    def search(self, query):
        """The objects matching ``query`` (within the filters) and, on the first page,
        the exhibitions, sections and events."""
        objects = self.filterset.qs.search(query)
        if self.request.GET.get("page", "1") != "1":
            return objects, {}
        return objects, {
            "exhibitions": list(
                Exhibition.objects.published().for_list().search(query)[:GROUP_SIZE]
            ),
            "sections": list(
                Section.objects.published().select_related("exhibition").search(query)[:GROUP_SIZE]
            ),
            "events": list(Event.objects.published().search(query)[:GROUP_SIZE]),
        }

    def offer_suggestion(self):
        """Nothing matched: search the nearest spelling instead, if it finds anything."""
        suggestion = vocabulary.suggestion(self.query)
        if suggestion:
            objects, groups = self.search(suggestion)
            if objects or any(groups.values()):
                self.suggestion, self.objects, self.groups = suggestion, objects, groups

    def get_queryset(self):
        return self.objects if self.query else Item.objects.none()

    def get_context_data(self, **kwargs):
        context = {"query": self.query, "suggestion": self.suggestion, **self.groups}
        if self.suggestion:
            address = reverse("museum:search")
            context["suggestion_url"] = f"{address}?{urlencode({'q': self.suggestion})}"
        if self.query:
            searched = self.suggestion or self.query
            people = with_published_items(Person.objects.all(), "creators")
            places = with_published_items(Place.objects.all(), "places")
            context |= {
                "clear_url": f"{reverse('museum:search')}?{urlencode({'q': self.query})}",
                # Read here, not imported: the bound is the search module's, as it stands.
                "max_results": collection.search.MAX_RESULTS,
                "filter": self.filterset,
                "applied_filters": self.filterset.applied(self.request.GET),
                "people": matching_names(people, searched, "name"),
                "places": matching_names(places, searched, "name_vi", "name_en"),
            }
        return super().get_context_data(**context, **kwargs)
