"""The baseline each page is measured against, served by the same gunicorn on the same
database: the thinnest Django view of the same rows (an unmanaged model over the objects'
table and a one-line template), and a naive paginated ListView of the browse page's rows.
Under /bench/thin/ in the bench's URLs only (bench.site.urls)."""

from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.views.generic import ListView

from bench.site.models import ThinItem
from core.cache import PublicPageCacheMiddleware

OBJECT = engines["django"].from_string("<h1>{{ item.accession_number }} {{ item.title_en }}</h1>")
LIST = engines["django"].from_string(
    "<ul>{% for item in object_list %}<li>{{ item.title_en }}</li>{% endfor %}</ul>"
    "<p>{{ page_obj.number }} / {{ paginator.num_pages }}</p>"
)


def thin_object(request, pk):
    item = get_object_or_404(ThinItem, pk=pk, status="published")
    return HttpResponse(OBJECT.render({"item": item}))


class NaiveListView(ListView):
    """Django's ListView as a tutorial writes it: COUNT, then LIMIT/OFFSET."""

    queryset = ThinItem.objects.filter(status="published").order_by(Lower("accession_number"), "pk")
    paginate_by = 24

    def render_to_response(self, context, **kwargs):
        return HttpResponse(LIST.render(context))


class BenchPageCacheMiddleware(PublicPageCacheMiddleware):
    """The site's page cache, but for requests carrying ``_bench``: the bench's way of
    asking for a page rendered afresh, since the site itself drops parameters no page
    reads before looking the page up. The thin baseline is never cached either."""

    def is_cacheable_request(self, request):
        return (
            "_bench" not in request.GET
            and not request.path.startswith("/bench/")
            and super().is_cacheable_request(request)
        )
