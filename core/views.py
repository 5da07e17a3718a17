"""Views every app shares: staff preview of drafts, and the friendly error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


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
    # Rendered without context processors or database access: whatever failed must not
    # fail again while the error page is drawn.
    return HttpResponseServerError(loader.get_template("500.html").render())
