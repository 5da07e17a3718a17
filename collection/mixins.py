"""What visitors may see, decided in one place for every public view of the collection."""


class PublishedOrPreviewMixin:
    """Visitors get ``published()`` records only; signed-in staff who may view the model
    also get drafts, to preview a page before publishing it.

    Staff requests carry a session cookie, so their pages never enter the page cache
    (see core.cache) and a preview is never served to a visitor.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        opts = queryset.model._meta
        user = self.request.user
        if user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return queryset
        return queryset.published()
