"""IIIF Presentation API 3.0 for the collection, built with iiif-prezi3: a manifest per
published object (each image with tiles a canvas, in order, with its image service) and
a collection of every published object, in pages, at ``/iiif/``.

Texts are language maps holding both Vietnamese and English (an empty one falls back to
the other, as pages do). Answers are JSON-LD with ``Access-Control-Allow-Origin: *``,
and, like pages, kept in the page cache until the content next changes.
"""

import re

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Collection,
    CollectionRef,
    Homepage,
    KeyValueString,
    Manifest,
    ManifestRef,
    Provider,
    ServiceV3,
)

from collection.models import Image, Item
from collection.tiles import has_tiles
from core.identity import museum

CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
LANGUAGES = ("vi", "en")
OBJECTS_PER_PAGE = 100
# Rights statements IIIF viewers understand as a URI: Creative Commons and
# RightsStatements.org, found in the statement's text.
KNOWN_RIGHTS = re.compile(
    r"https?://(?:creativecommons\.org/(?:licenses|publicdomain)|rightsstatements\.org/vocab)"
    r"/[A-Za-z0-9./-]+"
)


def language_map(value):
    """``{"vi": [...], "en": [...]}`` of ``value()`` read in each language, or None when
    both are empty."""
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(value() or "").strip()
    if not any(texts.values()):
        return None
    return {
        language: [text or texts[other]]
        for (language, text), other in zip(texts.items(), reversed(LANGUAGES), strict=True)
    }


def label_value(label, value):
    value = language_map(value)
    return value and KeyValueString(label=language_map(lambda: label), value=value)


def rights_uri(*statements):
    for statement in statements:
        if match := KNOWN_RIGHTS.search(str(statement or "")):
            uri = match.group(0).rstrip("./")
            # RightsStatements.org's URIs are http and end without a slash; Creative
            # Commons' end with one.
            if "rightsstatements.org" in uri:
                return uri.replace("https://", "http://")
            return uri + "/"
    return None


def provider(absolute):
    identity = museum()
    homepage = identity.website or absolute("/")
    return Provider(
        id=homepage,
        type="Agent",
        label=language_map(lambda: identity.name),
        homepage=[Homepage(id=homepage, type="Text", label=language_map(lambda: identity.name))],
    )


def image_canvases(item, images, absolute):
    """A canvas per image with tiles, in order, each painted with the full-size copy and
    its level 0 image service (collection.image_service)."""
    canvases = []
    for image in images:
        if not (image.width and has_tiles(image.pk)):
            continue
        service = absolute(reverse("iiif-image", args=[image.pk]))
        canvas_id = absolute(reverse("iiif-canvas", args=[item.pk, image.pk]))
        canvas = Canvas(id=canvas_id, width=image.width, height=image.height)
        if label := language_map(lambda image=image: image.caption or image.alt_text):
            canvas.label = label
        body = AnnotationBody(
            id=f"{service}/full/max/0/default.jpg",
            type="Image",
            format="image/jpeg",
            width=image.width,
            height=image.height,
            service=[ServiceV3(id=service, type="ImageService3", profile="level0")],
        )
        annotation = Annotation(
            id=f"{canvas_id}/painting", motivation="painting", body=body, target=canvas_id
        )
        canvas.items = [AnnotationPage(id=f"{canvas_id}/page", items=[annotation])]
        canvases.append(canvas)
    return canvases


def item_metadata(item):
    people = lambda: ", ".join(link.person.name for link in item.creator_links.all())  # noqa: E731
    places = lambda: ", ".join(link.place.name for link in item.place_links.all())  # noqa: E731
    fields = [
        (Item._meta.get_field("accession_number").verbose_name, lambda: item.accession_number),
        (translation.gettext_lazy("Date"), lambda: item.display_date),
        (translation.gettext_lazy("People"), people),
        (translation.gettext_lazy("Places"), places),
        (Item._meta.get_field("kind").verbose_name, item.get_kind_display),
        (Item._meta.get_field("medium").verbose_name, lambda: item.medium),
        (Item._meta.get_field("dimensions").verbose_name, lambda: item.dimensions),
    ]
    return [entry for label, value in fields if (entry := label_value(label, value))]


def item_manifest(item, absolute):
    identity = museum()
    manifest = Manifest(
        id=absolute(reverse("iiif-item-manifest", args=[item.pk])),
        label=language_map(lambda: item.title or item.accession_number),
        items=image_canvases(item, item.images.all(), absolute),
        metadata=item_metadata(item),
        provider=[provider(absolute)],
        homepage=[
            Homepage(
                id=absolute(item.get_absolute_url()),
                type="Text",
                format="text/html",
                label=language_map(lambda: item.title or item.accession_number),
            )
        ],
    )
    if summary := language_map(lambda: item.description):
        manifest.summary = summary
    credit = label_value(
        Item._meta.get_field("credit_line").verbose_name,
        lambda: item.credit_line or identity.credit_line,
    )
    if credit:
        manifest.requiredStatement = credit
    if uri := rights_uri(item.rights, identity.rights):
        manifest.rights = uri
    return manifest


def json_ld_response(resource):
    response = HttpResponse(resource.json(indent=2), content_type=CONTENT_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def item_manifest_view(request, pk):
    item = get_object_or_404(Item.objects.published().for_detail(), pk=pk)
    return json_ld_response(item_manifest(item, request.build_absolute_uri))


@require_safe
def canvas_view(request, pk, image_id):
    """A canvas's id answers with its manifest, where the canvas is described."""
    get_object_or_404(Image, pk=image_id, item__in=Item.objects.published(), item_id=pk)
    return item_manifest_view(request, pk)


def collection_label(absolute):
    return language_map(lambda: museum().name)


@require_safe
def collection_view(request):
    """Every published object, as nested collections of OBJECTS_PER_PAGE each."""
    absolute = request.build_absolute_uri
    pages = Paginator(Item.objects.published().order_by("pk").only("pk"), OBJECTS_PER_PAGE)
    collection = Collection(
        id=absolute(reverse("iiif-collection")),
        label=collection_label(absolute),
        provider=[provider(absolute)],
        items=[
            CollectionRef(
                id=absolute(reverse("iiif-collection-page", args=[number])),
                type="Collection",
                label={"none": [str(number)]},
            )
            for number in pages.page_range
            if pages.count
        ],
    )
    return json_ld_response(collection)


@require_safe
def collection_page_view(request, number):
    absolute = request.build_absolute_uri
    queryset = Item.objects.published().order_by("pk").only("pk", "title", "accession_number")
    try:
        page = Paginator(queryset, OBJECTS_PER_PAGE, allow_empty_first_page=False).page(number)
    except EmptyPage:
        raise Http404("No such page.") from None
    collection = Collection(
        id=absolute(reverse("iiif-collection-page", args=[number])),
        label=collection_label(absolute),
        partOf=[{"id": absolute(reverse("iiif-collection")), "type": "Collection"}],
        items=[
            ManifestRef(
                id=absolute(reverse("iiif-item-manifest", args=[item.pk])),
                type="Manifest",
                label=language_map(lambda item=item: item.title or item.accession_number),
            )
            for item in page
        ],
    )
    return json_ld_response(collection)


urlpatterns = [
    path("collection.json", collection_view, name="iiif-collection"),
    path("collection/<int:number>.json", collection_page_view, name="iiif-collection-page"),
    path("objects/<int:pk>/manifest.json", item_manifest_view, name="iiif-item-manifest"),
    path("objects/<int:pk>/canvas/<int:image_id>", canvas_view, name="iiif-canvas"),
]
