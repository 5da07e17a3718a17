"""An IIIF Presentation 3.0 manifest per published exhibition: its objects' canvases in
the order of its sections and items, each section a Range with its title. The canvases
are the collection's own (collection.manifests), so an object shown in two sections is
one canvas that both Ranges point to."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_safe
from iiif_prezi3 import CanvasRef, Homepage, Manifest, Range

from collection.manifests import image_canvases, json_ld_response, language_map, provider
from exhibitions.models import Exhibition, ExhibitionItem


def exhibition_manifest(exhibition, absolute):
    manifest_id = absolute(reverse("iiif-exhibition-manifest", args=[exhibition.slug]))
    canvases, seen, ranges = [], set(), []
    for section in exhibition.sections.all():
        references = []
        for entry in section.items.all():
            for canvas in image_canvases(entry.item, entry.item.images.all(), absolute):
                canvas_id = str(canvas.id)
                if canvas_id not in seen:
                    seen.add(canvas_id)
                    canvases.append(canvas)
                references.append(CanvasRef(id=canvas_id, type="Canvas"))
        if references:
            ranges.append(
                Range(
                    id=f"{manifest_id}/range/{section.slug}",
                    label=language_map(lambda section=section: section.title),
                    items=references,
                )
            )
    manifest = Manifest(
        id=manifest_id,
        label=language_map(lambda: exhibition.title),
        items=canvases,
        structures=ranges or None,
        provider=[provider(absolute)],
        homepage=[
            Homepage(
                id=absolute(exhibition.get_absolute_url()),
                type="Text",
                format="text/html",
                label=language_map(lambda: exhibition.title),
            )
        ],
    )
    if summary := language_map(lambda: exhibition.introduction or exhibition.subtitle):
        manifest.summary = summary
    return manifest


@require_safe
def exhibition_manifest_view(request, slug):
    queryset = Exhibition.objects.published().prefetch_related(
        "sections",
        Prefetch(
            "sections__items",
            queryset=ExhibitionItem.objects.published().select_related("item"),
        ),
        "sections__items__item__images",
    )
    exhibition = get_object_or_404(queryset, slug=slug)
    return json_ld_response(exhibition_manifest(exhibition, request.build_absolute_uri))


urlpatterns = [
    path("<slug:slug>/manifest.json", exhibition_manifest_view, name="iiif-exhibition-manifest"),
]
