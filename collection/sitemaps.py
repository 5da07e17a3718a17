"""The collection's pages in the sitemap: objects, and the people, places and subjects
that published objects point to."""

from collection.models import Item, Person, Place, Subject
from collection.search import with_published_items
from core.sitemaps import PublishedSitemap


class ItemSitemap(PublishedSitemap):
    def get_queryset(self):
        return Item.objects.published().only("pk", "updated_at")


class PersonSitemap(PublishedSitemap):
    def get_queryset(self):
        return with_published_items(Person.objects.all(), "creators")


class PlaceSitemap(PublishedSitemap):
    def get_queryset(self):
        return with_published_items(Place.objects.all(), "places")


class SubjectSitemap(PublishedSitemap):
    def get_queryset(self):
        return with_published_items(Subject.objects.all(), "subjects")


sitemaps = {
    "objects": ItemSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
    "subjects": SubjectSitemap,
}
list_pages = ["collection:item-list"]
