"""The home page and robots.txt: the site's own pages, assembled from every app."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from collection.models import Item
from events.models import Event
from exhibitions.models import Exhibition

FEATURED_COUNT = 8
EXHIBITION_COUNT = 3
EVENT_COUNT = 3


class HomeView(TemplateView):
    template_name = "museum/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # On view today: opened (or no date given) and not yet closed (or permanent).
        is_current = (Q(opens_on__lte=today) | Q(opens_on__isnull=True)) & (
            Q(closes_on__gte=today) | Q(closes_on__isnull=True)
        )
        exhibitions = (
            Exhibition.objects.published()
            .for_list()
            .annotate(
                is_current=Case(
                    When(is_current, then=Value(1)), default=Value(0), output_field=IntegerField()
                )
            )
            # Current exhibitions first; when none is on, the most recent ones still
            # lead visitors in.
            .order_by("-is_current", "-opens_on", "pk")[:EXHIBITION_COUNT]
        )
        featured = (
            Item.objects.published()
            .with_image()
            .for_gallery()
            .order_by("-updated_at", "pk")[:FEATURED_COUNT]
        )
        return super().get_context_data(
            exhibitions=exhibitions,
            featured_items=featured,
            events=Event.objects.published().upcoming()[:EVENT_COUNT],
            **kwargs,
        )


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
