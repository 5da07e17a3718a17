"""sitemap.xml: an index of sitemaps listing every published page, once per language.

Each language gets sitemaps of its own rather than Django's ``i18n = True``, which
loads every record of a section into memory to page through it: at 100,000 objects
that took seconds per page. Here a page is one sliced query. The hreflang alternates
are in each page's HTML. Exhibitions and events are listed here too, so the site has
one sitemap index.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from collection.models import Item, Person, Place, Subject
from collection.search import with_published_items
from events.models import Event
from exhibitions.models import Exhibition, Section


class LanguageSitemap(Sitemap):
    limit = 2000  # URLs per sitemap page: about half a second to render one

    def __init__(self, language):
        self.language = language

    def location(self, record):
        with translation.override(self.language):
            return self.url(record)

    def url(self, record):
        return record.get_absolute_url()


class PublishedSitemap(LanguageSitemap):
    def __init__(self, queryset, language):
        super().__init__(language)
        self.queryset = queryset

    def items(self):
        return self.queryset.order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of reading every record.
        return self.queryset.aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(PublishedSitemap):
    """Sections have no dates of their own: an exhibition's edits date its sections."""

    def lastmod(self, section):
        return section.exhibition.updated_at

    def get_latest_lastmod(self):
        return self.queryset.aggregate(latest=Max("exhibition__updated_at"))["latest"]


class PageSitemap(LanguageSitemap):
    def items(self):
        return [
            "core:home",
            "collection:item-list",
            "exhibitions:exhibition-list",
            "events:event-list",
        ]

    def url(self, name):
        return reverse(name)


def public_querysets():
    return {
        "objects": Item.objects.published().only("pk", "updated_at"),
        "exhibitions": Exhibition.objects.published().only("pk", "slug", "updated_at"),
        "events": Event.objects.published().only("pk", "slug", "updated_at"),
        "people": with_published_items(Person.objects.all(), "creators"),
        "places": with_published_items(Place.objects.all(), "places"),
        "subjects": with_published_items(Subject.objects.all(), "subjects"),
    }


sitemaps = {}
for code, _name in settings.LANGUAGES:
    sitemaps[f"pages-{code}"] = PageSitemap(code)
    for section, queryset in public_querysets().items():
        sitemaps[f"{section}-{code}"] = PublishedSitemap(queryset, code)
    sitemaps[f"sections-{code}"] = SectionSitemap(Section.objects.public().for_sitemap(), code)
