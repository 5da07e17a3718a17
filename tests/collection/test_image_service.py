"""Each image's IIIF Image API 3.0 level 0 service follows its object's visibility
(collection.image_service)."""

import math

import pytest
from django.contrib.auth.models import Permission, User

from collection.tiles import make_image_tiles, tiles_folder
from core.models import Status
from tests.collection.factories import ImageFactory

pytestmark = pytest.mark.django_db


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def implied_urls(description):
    """Every image address a level 0 client may ask for, computed as OpenSeadragon's
    IIIF tile source does from info.json alone."""
    base, width, height = description["id"], description["width"], description["height"]
    urls = set()
    for size in description["sizes"]:
        whole = (size["width"], size["height"]) == (width, height)
        label = "max" if whole else f"{size['width']},{size['height']}"
        urls.add(f"{base}/full/{label}/0/default.jpg")
    for tiles in description["tiles"]:
        tile_width = tiles["width"]
        tile_height = tiles.get("height", tile_width)
        for factor in tiles["scaleFactors"]:
            level_width, level_height = math.ceil(width / factor), math.ceil(height / factor)
            for y in range(math.ceil(level_height / tile_height)):
                for x in range(math.ceil(level_width / tile_width)):
                    left, top = x * tile_width * factor, y * tile_height * factor
                    region_width = min(tile_width * factor, width - left)
                    region_height = min(tile_height * factor, height - top)
                    if (left, top, region_width, region_height) == (0, 0, width, height):
                        region = "full"
                    else:
                        region = f"{left},{top},{region_width},{region_height}"
                    size_width = min(tile_width, level_width - x * tile_width)
                    size_height = min(tile_height, level_height - y * tile_height)
                    if (size_width, size_height) == (width, height):
                        size = "max"
                    else:
                        size = f"{size_width},{size_height}"
                    urls.add(f"{base}/{region}/{size}/0/default.jpg")
    return urls


@pytest.fixture
def tiled():
    image = ImageFactory()
    make_image_tiles(image.pk)
    return image


def info_url(image):
    return f"/iiif/image/{image.pk}/info.json"


def test_info_json_is_image_api_3_level_0(client, tiled):
    response = client.get(info_url(tiled))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    description = response.json()
    assert description["@context"] == "http://iiif.io/api/image/3/context.json"
    assert description["id"] == f"http://testserver/iiif/image/{tiled.pk}"
    assert description["type"] == "ImageService3"
    assert description["protocol"] == "http://iiif.io/api/image"
    assert description["profile"] == "level0"
    assert (description["width"], description["height"]) == (1200, 800)
    assert description["tiles"]
    assert description["sizes"]


def test_every_tile_info_json_implies_exists_and_is_public(client, tiled):
    description = client.get(info_url(tiled)).json()

    urls = implied_urls(description)

    assert len(urls) > 5
    for address in urls:
        response = client.get(address.removeprefix("http://testserver"))
        assert response.status_code == 200, address
        assert response["Content-Type"] == "image/jpeg"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"]
        assert content(response)[:2] == b"\xff\xd8"


def test_the_service_address_leads_to_its_info_json(client, tiled):
    response = client.get(f"/iiif/image/{tiled.pk}")

    assert response.status_code == 303
    assert response["Location"] == info_url(tiled)


def test_drafts_info_json_and_tiles_are_404_for_visitors(client, tiled):
    tiled.item.status = Status.DRAFT
    tiled.item.save()

    assert client.get(info_url(tiled)).status_code == 404
    assert client.get(f"/iiif/image/{tiled.pk}/full/max/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/image/{tiled.pk}/full/300,200/0/default.jpg").status_code == 404


def test_staff_who_may_preview_see_a_drafts_tiles_privately(client, tiled):
    tiled.item.status = Status.DRAFT
    tiled.item.save()
    user = User.objects.create_user("curator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)

    response = client.get(f"/iiif/image/{tiled.pk}/full/max/0/default.jpg")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Access-Control-Allow-Origin" not in response


def test_tiles_not_made_yet_are_404(client):
    image = ImageFactory()

    assert client.get(info_url(image)).status_code == 404
    assert client.get(f"/iiif/image/{image.pk}/full/max/0/default.jpg").status_code == 404


def test_tiles_are_not_reachable_as_plain_media_files(client, tiled):
    assert client.get(f"/media/{tiles_folder(tiled.pk)}/info.json").status_code == 404
    assert client.get(f"/media/{tiles_folder(tiled.pk)}/full/max/0/default.jpg").status_code == 404


def test_only_canonical_image_names_reach_the_storage(client, tiled):
    for name in ("../../originals/x.jpg", "full/max/0/default.png", "full/max/0/../info.json"):
        assert client.get(f"/iiif/image/{tiled.pk}/{name}").status_code == 404, name


def test_unknown_image_is_404(client):
    assert client.get("/iiif/image/999999/info.json").status_code == 404
