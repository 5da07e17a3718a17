"""The sitemap index: the site's own pages, then each app's sitemaps, once per language."""

import functools

from collection import sitemaps as collection
from core.sitemaps import PageSitemap, by_language
from events import sitemaps as events
from exhibitions import sitemaps as exhibitions

APPS = (collection, exhibitions, events)

pages = ["museum:home", *(name for app in APPS for name in app.list_pages)]
sitemaps = by_language(
    {
        "pages": functools.partial(PageSitemap, names=pages),
        **{name: sitemap for app in APPS for name, sitemap in app.sitemaps.items()},
    }
)
