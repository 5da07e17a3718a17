from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from exhibitions.models import Exhibition, Section


class ExhibitionDetailView(DetailView):
    queryset = Exhibition.objects.published().with_layout()


class SectionDetailView(DetailView):
    def get_object(self, queryset=None):
        sections = Section.objects.public().with_items()
        return get_object_or_404(
            sections, exhibition__slug=self.kwargs["exhibition_slug"], slug=self.kwargs["slug"]
        )
