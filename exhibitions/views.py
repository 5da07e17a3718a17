"""The exhibitions' public pages: the list, an exhibition and one of its sections. Every
queryset starts from ``published()`` (staff may preview drafts); a draft object inside a
published exhibition is left out by ``ExhibitionItem.objects.published()``."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from collection.date_display import iso_date
from collection.models import Item
from core.cache import depends_on
from core.views import PublishedOrPreviewMixin
from exhibitions.models import Exhibition, Section

PAST_PAGE_SIZE = 12


class ExhibitionListView(ListView):
    """On view now, coming soon, and (paginated) the exhibitions that have closed."""

    paginate_by = PAST_PAGE_SIZE
    query_parameters = frozenset({"page"})

    def get_queryset(self):
        # Hero images are objects' images.
        depends_on(Exhibition, Item)
        # "Today" is read per request: a class attribute would keep the day the server
        # started, and exhibitions closing after it would vanish from the list.
        return Exhibition.objects.published().for_list().past()

    def get_context_data(self, **kwargs):
        exhibitions = Exhibition.objects.published().for_list()
        return super().get_context_data(
            current_exhibitions=exhibitions.current(),
            upcoming_exhibitions=exhibitions.upcoming(),
            **kwargs,
        )


class ExhibitionDetailView(PublishedOrPreviewMixin, DetailView):
    queryset = Exhibition.objects.for_page()

    def get_context_data(self, **kwargs):
        # Its sections' changes reach this page through Section.also_invalidates, its
        # objects' through Section.showing, its events' through Event.also_invalidates;
        # the hero image may be of an object shown elsewhere.
        hero = self.object.published_hero_image
        depends_on(self.object, hero and hero.item)
        return super().get_context_data(
            hero_image=hero,
            json_ld=exhibition_json_ld(self.object, hero, self.request),
            **kwargs,
        )


class SectionDetailView(PublishedOrPreviewMixin, DetailView):
    queryset = Section.objects.with_items()

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_queryset(),
            exhibition__slug=self.kwargs["exhibition_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        # An exhibition has a handful of sections: reading them all in one query is
        # simpler than two "the nearest before/after" queries on (position, pk).
        siblings = list(self.object.exhibition.sections.all())
        index = siblings.index(self.object)
        # Its objects' changes reach it through Section.showing (apps.py).
        depends_on(self.object, self.object.exhibition)
        return super().get_context_data(
            previous_section=siblings[index - 1] if index > 0 else None,
            next_section=siblings[index + 1] if index + 1 < len(siblings) else None,
            section_number=index + 1,
            section_count=len(siblings),
            **kwargs,
        )


def exhibition_json_ld(exhibition, image, request):
    """schema.org ExhibitionEvent; dates, place and organiser only when known."""
    absolute = request.build_absolute_uri
    url = absolute(exhibition.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "ExhibitionEvent",
        "@id": url,
        "url": url,
        "name": exhibition.title,
        "description": exhibition.subtitle or exhibition.introduction,
        # At the precision known: "2022-12" for an exhibition opened in December 2022.
        "startDate": iso_date(exhibition.opening or ()),
        "endDate": iso_date(exhibition.closing or ()),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if exhibition.venue:
        data["location"] = {"@type": "Place", "name": exhibition.venue}
    if exhibition.organisers:
        data["organizer"] = {"@type": "Organization", "name": exhibition.organisers}
    if image:
        data["image"] = absolute(image.display.url)
    return {key: value for key, value in data.items() if value not in ("", None)}
