"""The production settings, with the thin baseline's URLs and model, and a page cache
that the bench can defeat per request (bench.site.thin)."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, MIDDLEWARE

ROOT_URLCONF = "bench.site.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.site.apps.BenchSiteConfig"]
MIDDLEWARE = [
    "bench.site.thin.BenchPageCacheMiddleware"
    if name == "core.cache.PublicPageCacheMiddleware"
    else name
    for name in MIDDLEWARE
]
