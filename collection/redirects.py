"""The public addresses of merged people, places and subjects (collection.merging): each
leads, permanently, to the page of the record it was merged into, when that page is
public; otherwise it is the 404 it would be anyway, and names nothing."""

import functools

from django.http import Http404, HttpResponsePermanentRedirect

from collection.search import with_published_items


def follow_merges(view_class):
    """The view of ``view_class`` (an authority page), whose 404 for a merged record is
    a 301 to the kept record's page. Pages that are found cost no query more."""
    view = view_class.as_view()
    model, relation = view_class.model, view_class.relation

    @functools.wraps(view)
    def follow(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            records = model.objects.filter(merged_records__pk=kwargs["pk"], merged_into=None)
            kept = with_published_items(records, relation).first()
            if kept is None:
                raise
            return HttpResponsePermanentRedirect(kept.get_absolute_url())

    return follow
