"""The collection's public pages: browse, search, an object, and the people, places and
subjects that objects point to. Every queryset starts from ``published()``."""

from django.db.models import Exists, OuterRef
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from collection.filters import SORTS, ItemFilter
from collection.models import Creator, Item, ItemPlace, Kind, Person, Place, Subject
from collection.search import MAX_RESULTS, matching_names, with_published_items
from core.views import PublishedOrPreviewMixin

PAGE_SIZE = 24
MAX_QUERY_LENGTH = 200


class ItemListView(FilterView):
    """The collection browser (template collection/item_filter.html)."""

    queryset = Item.objects.published().for_gallery().order_by(*SORTS["number"])
    filterset_class = ItemFilter
    paginate_by = PAGE_SIZE


class SearchView(ListView):
    """Search results, best first (template collection/item_search.html)."""

    paginate_by = PAGE_SIZE
    template_name = "collection/item_search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        return Item.objects.published().for_gallery().search(self.query)

    def get_context_data(self, **kwargs):
        people = with_published_items(Person.objects.all(), "creators")
        places = with_published_items(Place.objects.all(), "places")
        return super().get_context_data(
            query=self.query,
            max_results=MAX_RESULTS,
            people=matching_names(people, self.query, "name"),
            places=matching_names(places, self.query, "name_vi", "name_en"),
            **kwargs,
        )


class ItemDetailView(PublishedOrPreviewMixin, DetailView):
    queryset = Item.objects.for_detail()

    def get_context_data(self, **kwargs):
        item = self.object
        images = list(item.images.all())
        primary = next((image for image in images if image.is_primary), None)
        primary = primary or (images[0] if images else None)
        return super().get_context_data(
            primary_image=primary,
            other_images=[image for image in images if image is not primary],
            json_ld=item_json_ld(item, primary, self.request),
            **kwargs,
        )


# schema.org types: photographs are Photograph, documents ArchiveComponent, the rest
# (artifacts, and kinds added later) VisualArtwork.
SCHEMA_TYPES = {Kind.PHOTOGRAPH: "Photograph", Kind.DOCUMENT: "ArchiveComponent"}


def item_json_ld(item, image, request):
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(item.kind, "VisualArtwork"),
        "@id": absolute(item.get_absolute_url()),
        "url": absolute(item.get_absolute_url()),
        "name": item.title,
        "identifier": item.accession_number,
        "description": item.description,
        "dateCreated": item.date_text,
        "creator": [
            {
                "@type": "Person",
                "name": link.person.name,
                "url": absolute(link.person.get_absolute_url()),
            }
            for link in item.creator_links.all()
        ],
        "contentLocation": [
            {
                "@type": "Place",
                "name": link.place.name,
                "url": absolute(link.place.get_absolute_url()),
            }
            for link in item.place_links.all()
        ],
        "about": [subject.name for subject in item.subjects.all()],
        "artMedium": item.medium,
        "creditText": item.credit_line,
        "copyrightNotice": item.rights,
    }
    if image and image.display:
        data["image"] = {
            "@type": "ImageObject",
            "contentUrl": absolute(image.display.url),
            "width": image.display_width,
            "height": image.display_height,
            "caption": image.caption or image.alt_text,
        }
    return {key: value for key, value in data.items() if value not in ("", [], None)}


class AuthorityDetailView(SingleObjectMixin, ListView):
    """A person, place or subject, with the published objects that point to it.

    Only records that a published object points to have a page: a name known only
    from drafts is not shown.
    """

    paginate_by = PAGE_SIZE
    relation = None  # the Item field that points to this model

    def get(self, request, *args, **kwargs):
        records = with_published_items(self.model.objects.all(), self.relation)
        self.object = self.get_object(queryset=records)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [f"collection/{self.model._meta.model_name}_detail.html"]

    def get_queryset(self):
        items = Item.objects.published().filter(self.items_condition())
        return items.for_gallery().order_by(*SORTS["date"])

    def items_condition(self):
        raise NotImplementedError


class PersonDetailView(AuthorityDetailView):
    model = Person
    relation = "creators"

    def items_condition(self):
        return Exists(Creator.objects.filter(item=OuterRef("pk"), person=self.object))


class PlaceDetailView(AuthorityDetailView):
    model = Place
    relation = "places"

    def items_condition(self):
        return Exists(ItemPlace.objects.filter(item=OuterRef("pk"), place=self.object))


class SubjectDetailView(AuthorityDetailView):
    model = Subject
    relation = "subjects"

    def items_condition(self):
        links = Item.subjects.through.objects.filter(item=OuterRef("pk"), subject=self.object)
        return Exists(links)
