"""IIIF Presentation 3.0 manifests and the collection (collection.manifests)."""

import json

import pytest
from iiif_prezi3 import Collection, Manifest

from collection.tiles import make_image_tiles
from core.models import Status
from tests.collection.factories import ImageFactory, ItemFactory

pytestmark = pytest.mark.django_db


def parsed(response, model):
    """The answer as an iiif_prezi3 model, checked to give back the same JSON."""
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "presentation/3/context.json" in response["Content-Type"]
    data = response.json()
    resource = model(**data)
    assert json.loads(resource.json()) == data
    return data


def tiled_image(item, **kwargs):
    image = ImageFactory(item=item, **kwargs)
    make_image_tiles(image.pk)
    return image


@pytest.fixture
def item():
    return ItemFactory(
        title_vi="Phố Khâm Thiên",
        title_en="Khâm Thiên Street",
        description_vi="Sau trận bom.",
        description_en="After the bombing.",
        medium="Gelatin silver print",
        credit_line="Gift of the photographer",
        rights="CC BY 4.0 https://creativecommons.org/licenses/by/4.0/",
    )


def test_object_manifest_has_every_tiled_image_as_a_canvas_in_order(client, item):
    second = tiled_image(item, position=2, is_primary=False, caption_en="Second")
    first = tiled_image(item, position=1, is_primary=False, caption_en="First")
    ImageFactory(item=item, position=3, is_primary=False)  # its tiles not made yet: left out

    data = parsed(client.get(f"/iiif/objects/{item.pk}/manifest.json"), Manifest)

    assert data["id"] == f"http://testserver/iiif/objects/{item.pk}/manifest.json"
    services = [canvas["items"][0]["items"][0]["body"]["service"][0] for canvas in data["items"]]
    assert [service["id"] for service in services] == [
        f"http://testserver/iiif/image/{first.pk}",
        f"http://testserver/iiif/image/{second.pk}",
    ]
    assert services[0]["type"] == "ImageService3"
    assert services[0]["profile"] == "level0"
    canvas = data["items"][0]
    assert (canvas["width"], canvas["height"]) == (1200, 800)
    assert canvas["items"][0]["items"][0]["target"] == canvas["id"]


def test_object_manifest_texts_are_language_maps_in_both_languages(client, item):
    data = parsed(client.get(f"/iiif/objects/{item.pk}/manifest.json"), Manifest)

    assert data["label"] == {"vi": ["Phố Khâm Thiên"], "en": ["Khâm Thiên Street"]}
    assert data["summary"] == {"vi": ["Sau trận bom."], "en": ["After the bombing."]}
    labels = [entry["label"]["en"][0] for entry in data["metadata"]]
    assert "Date" in labels
    assert "accession number" in labels
    for entry in data["metadata"]:
        assert set(entry["label"]) == set(entry["value"]) == {"vi", "en"}
    number = next(e for e in data["metadata"] if e["label"]["en"] == ["accession number"])
    assert number["value"]["en"] == [item.accession_number]
    assert data["requiredStatement"]["value"]["en"] == ["Gift of the photographer"]
    assert data["rights"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["provider"][0]["type"] == "Agent"
    assert set(data["provider"][0]["label"]) == {"vi", "en"}
    assert data["homepage"][0]["id"] == f"http://testserver{item.get_absolute_url()}"


def test_a_rights_statement_without_a_known_uri_gives_no_rights(client):
    item = ItemFactory(rights="All rights reserved by the family")

    data = parsed(client.get(f"/iiif/objects/{item.pk}/manifest.json"), Manifest)

    assert "rights" not in data


def test_drafts_manifest_is_404(client, item):
    item.status = Status.DRAFT
    item.save()

    assert client.get(f"/iiif/objects/{item.pk}/manifest.json").status_code == 404


def test_the_collection_lists_published_objects_in_pages(client, settings, item):
    ItemFactory(status=Status.DRAFT)
    other = ItemFactory()

    top = parsed(client.get("/iiif/collection.json"), Collection)
    assert [page["id"] for page in top["items"]] == ["http://testserver/iiif/collection/1.json"]
    page = parsed(client.get("/iiif/collection/1.json"), Collection)

    assert [ref["id"] for ref in page["items"]] == [
        f"http://testserver/iiif/objects/{item.pk}/manifest.json",
        f"http://testserver/iiif/objects/{other.pk}/manifest.json",
    ]
    assert all(ref["type"] == "Manifest" for ref in page["items"])
    assert client.get("/iiif/collection/2.json").status_code == 404


def test_object_page_links_its_manifest(client, item):
    page = client.get(item.get_absolute_url()).text
    manifest = f"/iiif/objects/{item.pk}/manifest.json"

    assert (
        '<link rel="alternate" type="application/ld+json;profile=&quot;'
        f'http://iiif.io/api/presentation/3/context.json&quot;" href="{manifest}">'
    ) in page
    assert f'<a href="{manifest}" type="application/ld+json">Tệp manifest IIIF</a>' in page
    english = client.get(f"/en{item.get_absolute_url()[3:]}").text
    assert f'<a href="{manifest}" type="application/ld+json">IIIF manifest</a>' in english


def test_object_manifest_query_count_is_constant(client, item, django_assert_num_queries):
    for position in range(3):
        tiled_image(item, position=position, is_primary=position == 0)
    client.get(f"/iiif/objects/{item.pk}/manifest.json")  # the museum's identity, cached

    # The object; its images, people, places and subjects (for_detail's prefetches).
    with django_assert_num_queries(5):
        response = client.get(f"/iiif/objects/{item.pk}/manifest.json?again")
    assert len(response.json()["items"]) == 3
