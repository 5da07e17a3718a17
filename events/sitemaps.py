"""Events in the sitemap."""

from core.sitemaps import PublishedSitemap
from events.models import Event


class EventSitemap(PublishedSitemap):
    def get_queryset(self):
        return Event.objects.published().only("pk", "slug", "updated_at")


sitemaps = {"events": EventSitemap}
list_pages = ["events:event-list"]
