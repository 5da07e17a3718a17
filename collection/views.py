"""The collection's public pages: browse, search, an object, and the people, places and
subjects that objects point to. Every queryset starts from ``published()``."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from collection.date_display import display_date
from collection.dates import DAY, Span
from collection.filters import SORTS, ItemFilter
from collection.models import Creator, Item, ItemPlace, Kind, Person, Place, Subject
from collection.pagination import CollectionPaginator
from collection.search import with_published_items
from core.cache import depends_on
from core.identity import museum
from core.views import PublishedOrPreviewMixin

PAGE_SIZE = 24
MAX_QUERY_LENGTH = 200


class ItemListView(FilterView):
    """The collection browser (template collection/item_filter.html)."""

    queryset = Item.objects.published().for_gallery().order_by(*SORTS["number"])
    filterset_class = ItemFilter
    paginate_by = PAGE_SIZE
    paginator_class = CollectionPaginator
    query_parameters = frozenset({*ItemFilter.base_filters, "page"})

    def get_context_data(self, **kwargs):
        # The filters list people, places and subjects by name.
        depends_on(Item, Person, Place, Subject)
        return super().get_context_data(
            applied_filters=self.filterset.applied(self.request.GET), **kwargs
        )


class ItemDetailView(PublishedOrPreviewMixin, DetailView):
    queryset = Item.objects.for_detail()
    # The section the visitor came from (exhibitions.templatetags).
    query_parameters = frozenset({"section"})

    def get_context_data(self, **kwargs):
        item = self.object
        # Its people, places and subjects by name; the other objects of the same person
        # or place (related_groups) change those records' pages too (Item.also_invalidates).
        depends_on(
            item,
            *(link.person for link in item.creator_links.all()),
            *(link.place for link in item.place_links.all()),
            *item.subjects.all(),
        )
        images = list(item.images.all())
        primary = next((image for image in images if image.is_primary), None)
        primary = primary or (images[0] if images else None)
        today = timezone.localdate()
        return super().get_context_data(
            primary_image=primary,
            other_images=[image for image in images if image is not primary],
            related=related_groups(item),
            accessed_on=display_date(Span(today, today, DAY)),
            json_ld=item_json_ld(item, primary, self.request),
            **kwargs,
        )


# Each group is read twice as long as it is shown: the page leaves out the objects its
# section already shows.
RELATED_COUNT = 8


def related_groups(item):
    """Other published objects by the same person and of the same place, as up to two
    groups (``person`` or ``place``, and ``items``), in two queries however many match:
    the candidates, then their images."""
    links = item.creator_links.all()
    places = item.place_links.all()
    if not links and not places:
        return []
    people_ids = [link.person_id for link in links]
    place_ids = [link.place_id for link in places]
    candidates = list(
        Item.objects.published()
        .exclude(pk=item.pk)
        .annotate(
            by_person=Exists(Creator.objects.filter(item=OuterRef("pk"), person__in=people_ids)),
            of_place=Exists(ItemPlace.objects.filter(item=OuterRef("pk"), place__in=place_ids)),
        )
        .filter(Q(by_person=True) | Q(of_place=True))
        # Those of the same place first: fewer, and closer to this one.
        .order_by("-of_place", *SORTS["date"])
        .for_gallery()[: 3 * RELATED_COUNT]
    )
    groups = []
    of_place = [other for other in candidates if other.of_place][:RELATED_COUNT]
    if of_place:
        groups.append({"place": places[0].place, "items": of_place})
    shown = {other.pk for other in of_place}
    by_person = [o for o in candidates if o.by_person and o.pk not in shown][:RELATED_COUNT]
    if by_person:
        groups.insert(0, {"person": links[0].person, "items": by_person})
    return groups


# schema.org types: photographs are Photograph, documents ArchiveComponent, the rest
# (artifacts, and kinds added later) VisualArtwork.
SCHEMA_TYPES = {Kind.PHOTOGRAPH: "Photograph", Kind.DOCUMENT: "ArchiveComponent"}


def item_json_ld(item, image, request):
    absolute = request.build_absolute_uri
    identity = museum()
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(item.kind, "VisualArtwork"),
        "@id": absolute(item.get_absolute_url()),
        "url": absolute(item.get_absolute_url()),
        "name": item.title,
        "identifier": item.accession_number,
        "description": item.description,
        "dateCreated": item.iso_date,
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
        "creditText": item.credit_line or str(identity.credit_line),
        "copyrightNotice": item.rights or str(identity.rights),
        "publisher": identity.json_ld(absolute("/")),
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
    paginator_class = CollectionPaginator
    relation = None  # the Item field that points to this model
    query_parameters = frozenset({"page"})

    def get(self, request, *args, **kwargs):
        records = with_published_items(self.model.objects.all(), self.relation)
        self.object = self.get_object(queryset=records)
        # Its objects' changes reach this page through Item.also_invalidates.
        depends_on(self.object)
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
