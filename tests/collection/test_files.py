"""Image files follow their object's visibility, and what visitors fetch carries no
metadata (collection.files)."""

import io
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PillowImage

from core.models import Status
from tests.collection.factories import ImageFactory, ItemFactory
from tests.public import url

pytestmark = pytest.mark.django_db


def files(image):
    return {
        "original": image.original.url,
        "thumbnail": image.thumbnail.url,
        "display": image.display.url,
    }


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def staff(client):
    user = User.objects.create_user("curator", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)
    return user


def test_published_objects_derivatives_are_public_and_revalidated(client):
    image = ImageFactory()

    for name in ("thumbnail", "display"):
        response = client.get(files(image)[name])
        assert response.status_code == 200, name
        assert response["Content-Type"] == "image/webp"
        # Kept by browsers and proxies, but asked for again each time: an unpublished
        # object's file must stop being shown.
        assert "public" in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]
        again = client.get(files(image)[name], HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert again.status_code == 304


def test_originals_are_never_public(client):
    image = ImageFactory()

    assert client.get(image.original.url).status_code == 404


def test_draft_objects_files_are_404_for_visitors(client):
    image = ImageFactory(item=ItemFactory(draft=True))

    assert {name: client.get(path).status_code for name, path in files(image).items()} == {
        "original": 404,
        "thumbnail": 404,
        "display": 404,
    }


def test_unpublishing_an_object_stops_its_public_file_addresses(client):
    image = ImageFactory()
    public = files(image)
    assert client.get(public["display"]).status_code == 200

    type(image.item).objects.filter(pk=image.item.pk).update(status=Status.DRAFT)

    assert client.get(public["display"]).status_code == 404
    assert client.get(public["thumbnail"]).status_code == 404


def test_staff_who_may_view_objects_fetch_drafts_files_and_originals(client, staff):
    image = ImageFactory(item=ItemFactory(draft=True))

    for name, path in files(image).items():
        response = client.get(path)
        assert response.status_code == 200, name
        # Never stored by a shared cache: the next visitor must get the 404.
        assert "private" in response["Cache-Control"]


def test_staff_without_view_permission_get_no_drafts_files(client):
    client.force_login(User.objects.create_user("guest", password="x", is_staff=True))
    image = ImageFactory(item=ItemFactory(draft=True))

    assert client.get(image.display.url).status_code == 404


def test_files_that_belong_to_no_image_are_never_served(client, media_root, staff):
    waiting = media_root / "private" / "imports" / "catalogue.xlsx"
    waiting.parent.mkdir(parents=True)
    waiting.write_bytes(b"PK spreadsheet")

    assert client.get("/media/private/imports/catalogue.xlsx").status_code == 404


def test_a_file_request_costs_one_query(client, django_assert_num_queries):
    image = ImageFactory()

    with django_assert_num_queries(1):  # the image whose file this is, with its status
        assert client.get(image.display.url).status_code == 200


def test_a_web_server_in_front_can_send_the_bytes(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    image = ImageFactory()

    response = client.get(image.display.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{image.display.name}"
    assert response.content == b""
    assert client.get(image.original.url).status_code == 404


def photo_with_private_metadata():
    """A JPEG as a phone writes it: GPS position, camera serial, owner."""
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.Base.BodySerialNumber] = "SN-12345"
    exif[ExifTags.Base.CameraOwnerName] = "Nguyen Van Owner"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    buffer = io.BytesIO()
    PillowImage.new("RGB", (2400, 1600), (90, 80, 70)).save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("phone.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_image_links_on_an_object_page_serve_no_private_metadata(client):
    item = ItemFactory()
    ImageFactory(item=item, original=photo_with_private_metadata(), is_primary=True)
    ImageFactory(item=item, original=photo_with_private_metadata(), is_primary=False)

    page = client.get(url("collection:item-detail", item.pk)).content.decode()

    media = set(re.findall(r'(?:href|src)="(/media/[^"]+)"', page))
    media |= {
        source.split()[0]
        for srcset in re.findall(r'srcset="([^"]+)"', page)
        for source in srcset.split(",")
    }
    assert len(media) >= 3  # the full-size link, the display image, the thumbnails
    for path in media:
        response = client.get(path)
        assert response.status_code == 200, path
        data = content(response)
        assert b"SN-12345" not in data, path
        assert b"Owner" not in data, path
        with PillowImage.open(io.BytesIO(data)) as served:
            assert not served.getexif(), path
            assert "exif" not in served.info, path
