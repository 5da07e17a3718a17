"""Sitemap building blocks: every sitemap comes once per language.

Each language gets sitemaps of its own rather than Django's ``i18n = True``, which loads
every record of a section into memory to page through it: at 100,000 objects that took
seconds per page. Here a page is one sliced query. The hreflang alternates are in each
page's HTML. Apps declare their sitemaps in their own ``sitemaps.py``; the site app
composes them into one index with ``by_language()``.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation


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
    """The records of ``get_queryset()``, which starts from ``published()``."""

    def get_queryset(self):
        raise NotImplementedError

    def items(self):
        return self.get_queryset().order_by("pk")

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default of reading every record.
        return self.get_queryset().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(LanguageSitemap):
    """Pages that are not records, by URL name."""

    def __init__(self, language, names):
        super().__init__(language)
        self.names = names

    def items(self):
        return self.names

    def url(self, name):
        return reverse(name)


def by_language(factories):
    """``{"objects": ItemSitemap, ...}`` as ``{"objects-vi": ItemSitemap("vi"), ...}``."""
    return {
        f"{name}-{code}": factory(code)
        for code, _name in settings.LANGUAGES
        for name, factory in factories.items()
    }
