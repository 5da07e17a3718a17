"""The collection's public pages: browse, search, an object, and the people, places and
subjects that objects point to. Every queryset starts from ``published()``."""

from django.db.models import Exists, OuterRef
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

    queryset = Item.objects.published().for_cards().order_by(*SORTS["number"])
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
    """Other published objects by the object's first person and of its first place (the
    names the groups' headings give), as up to two groups (``person`` or ``place``, and
    ``items``, oldest first), in three queries however many match.

    Each group is the RELATED_COUNT most recently catalogued of that record's objects,
    read from its links' (record, object) index newest first and checked as published
    one by one: a few index entries whether the place has ten objects or half the
    collection. (Sorting the record's objects by date instead walked the dates index
    until eight turned up: 66 ms for a place with 2,000 objects among a million.)"""
    links = item.creator_links.all()
    places = item.place_links.all()
    if not links and not places:
        return []
    of_place = (
        _latest_linked(ItemPlace.objects.filter(place=places[0].place_id), item, [])
        if places
        else []
    )
    by_person = (
        _latest_linked(Creator.objects.filter(person=links[0].person_id), item, of_place)
        if links
        else []
    )
    found = Item.objects.filter(pk__in=of_place + by_person).for_cards().in_bulk()
    groups = []
    if by_person:
        groups.append({"person": links[0].person, "items": _by_date(found, by_person)})
    if of_place:
        groups.append({"place": places[0].place, "items": _by_date(found, of_place)})
    return groups


def _latest_linked(links, item, shown):
    """The ids of the RELATED_COUNT newest published objects of ``links`` other than
    ``item`` and those ``shown`` already."""
    published = Item.objects.published().filter(pk=OuterRef("item_id"))
    newest = (
        links.filter(Exists(published))
        .exclude(item__in=[item.pk, *shown])
        .order_by("-item_id")
        .values_list("item_id", flat=True)
    )
    # An object linked twice to one person (two roles) comes twice, side by side.
    ids = list(dict.fromkeys(newest[: 2 * RELATED_COUNT]))
    return ids[:RELATED_COUNT]


def _by_date(found, ids):
    objects = [found[pk] for pk in ids]
    return sorted(objects, key=lambda obj: (obj.date_earliest is None, obj.date_earliest, obj.pk))


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
        return items.for_cards().order_by(*SORTS["date"])

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
