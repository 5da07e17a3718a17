"""Views every app shares: staff preview of drafts, and the friendly error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# How long a visitor (or a crawler, or a load balancer) is asked to wait when the
# database cannot be reached: about what a PostgreSQL restart or failover takes.
RETRY_AFTER_SECONDS = 30


class PublishedOrPreviewMixin:
    """Visitors get ``published()`` records only; signed-in staff who may view the model
    also get drafts, to preview a page before publishing it.

    Staff requests carry a session cookie, so their pages never enter the page cache
    (see core.cache) and a preview is never served to a visitor.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        if can_preview(self.request.user, queryset.model):
            return queryset
        return queryset.published()


def can_preview(user, model):
    """Whether ``user`` may see ``model``'s drafts on the public site."""
    opts = model._meta
    return user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page; or, when what failed is reaching the database (down, restarting,
    refusing connections), a 503 that says so and when to try again.

    Django calls this while handling the exception, so ``sys.exc_info()`` holds it.
    Rendered without context processors or database access: whatever failed must not
    fail again while the error page is drawn.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())


def service_unavailable():
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
