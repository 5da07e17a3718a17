"""Exhibitions and their sections in the sitemap."""

from django.db.models import Max

from core.sitemaps import PublishedSitemap
from exhibitions.models import Exhibition, Section


class ExhibitionSitemap(PublishedSitemap):
    def get_queryset(self):
        return Exhibition.objects.published().only("pk", "slug", "updated_at")


class SectionSitemap(PublishedSitemap):
    """Sections have no dates of their own: an exhibition's edits date its sections."""

    def get_queryset(self):
        return Section.objects.published().for_sitemap()

    def lastmod(self, section):
        return section.exhibition.updated_at

    def get_latest_lastmod(self):
        return self.get_queryset().aggregate(latest=Max("exhibition__updated_at"))["latest"]


sitemaps = {"exhibitions": ExhibitionSitemap, "sections": SectionSitemap}
list_pages = ["exhibitions:exhibition-list"]
