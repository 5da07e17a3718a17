from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from collection.files import image_file
from museum.sitemaps import sitemaps
from museum.views import robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Deep-zoom tiles (IIIF Image API), each checked against its object's status.
    path("iiif/image/", include("collection.image_service")),
    # IIIF manifests and collection: language maps, so outside the language prefixes.
    path("iiif/", include("collection.manifests")),
    path("iiif/exhibitions/", include("exhibitions.manifests")),
    # Open data for harvesters and developers: not per language, each record holds both.
    path("oai/", include("opendata.oai.urls")),
    path("api/v1/", include("opendata.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("museum.urls")),
    path("", include("collection.urls")),
    path("", include("exhibitions.urls")),
    path("", include("events.urls")),
    prefix_default_language=True,
)

if "//" not in settings.MEDIA_URL:
    # Image files, each checked against its object's status (collection.files). A
    # MEDIA_URL on another host is that host's to serve.
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", image_file, name="media"),
    ]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
