"""Exhibitions: the published ones, each with its sections and their objects in order,
with the labels written for the exhibition. A draft object in a published exhibition is
left out, as on its page (``ExhibitionItem.objects.published()``)."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from exhibitions.models import Exhibition
from opendata.api.errors import Error
from opendata.api.objects import summary as object_summary
from opendata.api.pagination import Key, Order, PageQuery, keyset_page
from opendata.api.schemas import ExhibitionDetail, ExhibitionPage
from opendata.api.shaping import Links, language_map, period

router = Router(tags=["exhibitions"])

BY_ID = Order("id", (Key("pk"),))
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_HELP = "As in its address on the site"


def exhibition_summary(exhibition, links):
    return {
        "slug": exhibition.slug,
        "title": language_map(exhibition, "title"),
        "subtitle": language_map(exhibition, "subtitle"),
        "venue": language_map(exhibition, "venue"),
        "opening": period(exhibition.opening),
        "closing": period(exhibition.closing),
        "is_permanent": exhibition.is_permanent,
        "hero_image": links.thumbnail(exhibition.published_hero_image),
        "updated_at": exhibition.updated_at,
        "url": links.address("api-v1:exhibition-detail", exhibition.slug),
        "permalink": links.permalink("exhibitions:exhibition-detail", exhibition.slug),
        "iiif_manifest": links.address("iiif-exhibition-manifest", exhibition.slug),
    }


def section_out(exhibition, section, links):
    return {
        "slug": section.slug,
        "title": language_map(section, "title"),
        "introduction": language_map(section, "introduction"),
        "permalink": links.permalink("exhibitions:section-detail", exhibition.slug, section.slug),
        "items": [
            {
                "position": shown.position,
                "label": {
                    "title": language_map(shown, "label_title"),
                    "text": language_map(shown, "label_text"),
                },
                "object": object_summary(shown.item, links),
            }
            for shown in section.items.all()
        ],
    }


@router.get(
    "/exhibitions",
    response={200: ExhibitionPage, 400: Error, 429: Error},
    operation_id="listExhibitions",
    url_name="exhibition-list",
    summary="Published exhibitions",
)
def list_exhibitions(request, params: Query[PageQuery]):
    """Published exhibitions, by id."""
    links = Links(request)
    exhibitions = Exhibition.objects.published().for_list()
    rows, following = keyset_page(request, links, "exhibitions", exhibitions, BY_ID, params)
    return {"results": [exhibition_summary(row, links) for row in rows], "next": following}


@router.get(
    "/exhibitions/{slug:slug}",
    response={200: ExhibitionDetail, 400: Error, 404: Error, 429: Error},
    operation_id="getExhibition",
    url_name="exhibition-detail",
    summary="A published exhibition",
)
def get_exhibition(
    request,
    slug: str = Path(..., max_length=255, pattern=SLUG_PATTERN, description=SLUG_HELP),
):
    """A published exhibition with its sections in order, and in each its published
    objects in order with their labels. A draft is a 404."""
    links = Links(request)
    exhibition = get_object_or_404(Exhibition.objects.published().for_page(), slug=slug)
    sections = [section_out(exhibition, section, links) for section in exhibition.sections.all()]
    return exhibition_summary(exhibition, links) | {
        "organisers": language_map(exhibition, "organisers"),
        "introduction": language_map(exhibition, "introduction"),
        "credits": language_map(exhibition, "credits"),
        "sections": sections,
    }
