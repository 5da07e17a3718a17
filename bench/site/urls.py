"""The site's URLs, and the thin baseline beside them (bench.site.thin)."""

from django.urls import path

from bench.site import thin
from config.urls import handler404, handler500
from config.urls import urlpatterns as site

urlpatterns = [
    path("bench/thin/objects/<int:pk>/", thin.thin_object),
    path("bench/thin/collection/", thin.NaiveListView.as_view()),
    *site,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
