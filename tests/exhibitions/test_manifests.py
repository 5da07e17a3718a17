"""An IIIF Presentation 3.0 manifest per published exhibition (exhibitions.manifests)."""

import json

import pytest
from iiif_prezi3 import Manifest

from collection.tiles import make_image_tiles
from core.models import Status
from tests.collection.factories import ImageFactory, ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def without_empty_items(data):
    """iiif_prezi3 reads a Range's canvas reference as a Canvas, which it gives an empty
    ``items``; nothing else is added."""
    if isinstance(data, list):
        return [without_empty_items(value) for value in data]
    if isinstance(data, dict):
        return {k: without_empty_items(v) for k, v in data.items() if (k, v) != ("items", [])}
    return data


def tiled_item(**kwargs):
    image = ImageFactory(item=ItemFactory(**kwargs))
    make_image_tiles(image.pk)
    return image


def manifest_url(exhibition):
    return f"/iiif/exhibitions/{exhibition.slug}/manifest.json"


@pytest.fixture
def exhibition():
    return ExhibitionFactory(title_vi="Hà Nội 1972", title_en="Hanoi 1972")


def test_exhibition_manifest_has_its_items_canvases_in_order_and_sections_as_ranges(
    client, exhibition
):
    streets = SectionFactory(exhibition=exhibition, title_en="Streets", title_vi="Phố")
    skies = SectionFactory(exhibition=exhibition, title_en="Skies", title_vi="Bầu trời")
    first, second, third = tiled_item(), tiled_item(), tiled_item()
    ExhibitionItemFactory(section=streets, item=first.item)
    ExhibitionItemFactory(section=streets, item=second.item)
    ExhibitionItemFactory(section=skies, item=third.item)
    ExhibitionItemFactory(section=skies, item=first.item)  # shown twice: one canvas
    hidden = tiled_item(status=Status.DRAFT)
    ExhibitionItemFactory(section=skies, item=hidden.item)

    response = client.get(manifest_url(exhibition))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    model = Manifest(**data)
    assert without_empty_items(json.loads(model.json())) == data
    assert Manifest(**json.loads(model.json())).json() == model.json()
    assert data["label"] == {"vi": ["Hà Nội 1972"], "en": ["Hanoi 1972"]}
    services = [c["items"][0]["items"][0]["body"]["service"][0]["id"] for c in data["items"]]
    assert services == [
        f"http://testserver/iiif/image/{image.pk}" for image in (first, second, third)
    ]
    assert [r["label"] for r in data["structures"]] == [
        {"vi": ["Phố"], "en": ["Streets"]},
        {"vi": ["Bầu trời"], "en": ["Skies"]},
    ]
    canvas_ids = [canvas["id"] for canvas in data["items"]]
    assert [ref["id"] for ref in data["structures"][1]["items"]] == [
        canvas_ids[2],
        canvas_ids[0],
    ]


def test_draft_exhibitions_manifest_is_404(client):
    draft = ExhibitionFactory(status=Status.DRAFT)

    assert client.get(manifest_url(draft)).status_code == 404


def test_exhibition_page_links_its_manifest(client, exhibition):
    page = client.get(exhibition.get_absolute_url()).text

    assert '<link rel="alternate" type="application/ld+json;profile=&quot;' in page
    link = f'href="{manifest_url(exhibition)}" type="application/ld+json">'
    assert f"{link}Tệp manifest IIIF</a>" in page
    english = client.get(f"/en{exhibition.get_absolute_url()[3:]}").text
    assert f"{link}IIIF manifest</a>" in english


def test_exhibition_manifest_query_count_is_constant(client, exhibition, django_assert_num_queries):
    section = SectionFactory(exhibition=exhibition)
    for _ in range(3):
        ExhibitionItemFactory(section=section, item=tiled_item().item)
    client.get(manifest_url(exhibition))  # the museum's identity, cached

    # The exhibition; its sections; their visible items with their objects; the images.
    with django_assert_num_queries(4):
        response = client.get(manifest_url(exhibition) + "?again")
    assert len(response.json()["items"]) == 3
