"""The home page, robots.txt and the museum's logo: the site's own pages, assembled from
every app."""

from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import TemplateView

from collection.models import Item
from core.cache import depends_on
from events.models import Event
from exhibitions.models import Exhibition
from museum.identity import identity
from museum.models import Museum

FEATURED_COUNT = 8
EXHIBITION_COUNT = 3
EVENT_COUNT = 3


class HomeView(TemplateView):
    template_name = "museum/home.html"
    query_parameters = frozenset()

    def get_context_data(self, **kwargs):
        depends_on(Exhibition, Item, Event)
        exhibitions = (
            Exhibition.objects.published()
            .for_list()
            .with_is_current()
            # Current exhibitions first; when none is on, the most recent ones still
            # lead visitors in, shown with the dates they have.
            .order_by("-is_current", F("opens_on").desc(nulls_last=True), "pk")[:EXHIBITION_COUNT]
        )
        featured = featured_items()[:FEATURED_COUNT]
        return super().get_context_data(
            exhibitions=exhibitions,
            featured_items=featured,
            events=Event.objects.published().upcoming()[:EVENT_COUNT],
            json_ld=website_json_ld(self.request),
            **kwargs,
        )


def website_json_ld(request):
    """schema.org WebSite, published by the museum, searchable from search engines."""
    home = request.build_absolute_uri(reverse("museum:home"))
    search = request.build_absolute_uri(reverse("museum:search"))
    museum = identity()
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": str(museum.name),
        "url": home,
        "publisher": museum.json_ld(home),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def logo(request):
    """The museum's logo. Its address carries the record's last change (museum.models),
    so browsers may keep it for a year."""
    record = Museum.objects.filter(pk=1).only("logo").first()
    if record is None or not record.logo:
        raise Http404("The museum has no logo.")
    response = FileResponse(record.logo.open("rb"))
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response


def featured_items():
    """Published objects with images, the latest changed first: read backwards along the
    index of published objects by last change (opendata's, which harvests by it), and
    stopped after a few. Ordered "-updated_at, pk", the two directions made PostgreSQL
    sort every published object: 0.9 s at a million."""
    return Item.objects.published().with_image().for_cards().order_by("-updated_at", "-pk")
