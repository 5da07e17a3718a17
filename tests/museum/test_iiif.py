"""Acceptance over the demo museum: every IIIF document the site serves parses as an
iiif_prezi3 model and round-trips, every image service is level 0 with the files it
implies, and drafts give nothing away."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from iiif_prezi3 import Collection, Manifest

from collection.models import Image, Item
from collection.tiles import make_image_tiles
from core.cache import invalidate_public_pages
from core.models import Status
from exhibitions.models import Exhibition
from museum.management.commands import load_demo
from tests.collection.test_image_service import implied_urls
from tests.exhibitions.test_manifests import without_empty_items

pytestmark = pytest.mark.django_db


def served(client, url, model):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert without_empty_items(json.loads(model(**data).json())) == data, url
    return data


@pytest.fixture
def demo_museum(monkeypatch):
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (1200, 800))
    call_command("load_demo", stdout=StringIO())
    for image_id in Image.objects.values_list("pk", flat=True):
        make_image_tiles(image_id)


def test_every_iiif_document_of_the_demo_parses_and_its_files_exist(client, demo_museum):
    top = served(client, "/iiif/collection.json", Collection)
    manifests = []
    for page in top["items"]:
        manifests += [ref["id"] for ref in served(client, page["id"], Collection)["items"]]
    assert len(manifests) == Item.objects.published().count()
    services = set()
    for url in manifests:
        for canvas in served(client, url, Manifest)["items"]:
            services.add(canvas["items"][0]["items"][0]["body"]["service"][0]["id"])
    for exhibition in Exhibition.objects.published():
        data = served(client, f"/iiif/exhibitions/{exhibition.slug}/manifest.json", Manifest)
        assert data["items"]
        assert data["structures"]
    assert services
    for service in services:
        info = client.get(f"{service.removeprefix('http://testserver')}/info.json").json()
        assert info["id"] == service
        assert info["profile"] == "level0"
        for url in implied_urls(info):
            assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_an_unpublished_demo_object_gives_404_for_manifest_info_and_tiles(client, demo_museum):
    item = Item.objects.published().filter(images__isnull=False).first()
    image = item.images.first()
    assert client.get(f"/iiif/image/{image.pk}/info.json").status_code == 200

    Item.objects.filter(pk=item.pk).update(status=Status.DRAFT)
    invalidate_public_pages()  # as the admin's save does: info.json is cached like a page

    assert client.get(f"/iiif/objects/{item.pk}/manifest.json").status_code == 404
    assert client.get(f"/iiif/image/{image.pk}/info.json").status_code == 404
    assert client.get(f"/iiif/image/{image.pk}/full/max/0/default.jpg").status_code == 404
    collection = client.get("/iiif/collection/1.json").json()
    assert f"/iiif/objects/{item.pk}/manifest.json" not in json.dumps(collection)
