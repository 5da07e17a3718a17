"""Deep-zoom tiles as static IIIF Image API 3.0 level 0 files (collection.tiles)."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import ExifTags
from PIL import Image as PillowImage

from collection.models import Image
from collection.tiles import (
    has_tiles,
    info,
    info_name,
    make_image_tiles,
    scale_factors,
    tile_files,
    tiles_folder,
)
from tests.collection.factories import ImageFactory
from tests.jobs import wait_for


def stored(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def test_scale_factors_go_down_to_one_tile_for_the_whole_image():
    assert scale_factors(512, 512) == [1]
    assert scale_factors(513, 100) == [1, 2]
    assert scale_factors(6000, 4000) == [1, 2, 4, 8, 16]


def test_tiles_cover_every_level_with_canonical_names():
    names = [name for _, _, name in tile_files(1200, 800)]

    assert names[:3] == [
        "0,0,512,512/512,512/0/default.jpg",
        "512,0,512,512/512,512/0/default.jpg",
        "1024,0,176,512/176,512/0/default.jpg",
    ]
    assert "1024,512,176,288/176,288/0/default.jpg" in names
    assert "0,0,1024,800/512,400/0/default.jpg" in names  # scale factor 2
    assert names[-1] == "full/300,200/0/default.jpg"  # the whole image in one tile
    assert len(names) == 6 + 2 + 1


def test_info_is_level0_with_tiles_and_sizes():
    description = info(1200, 800)

    assert description["type"] == "ImageService3"
    assert description["profile"] == "level0"
    assert description["protocol"] == "http://iiif.io/api/image"
    assert description["tiles"] == [{"width": 512, "scaleFactors": [1, 2, 4]}]
    assert description["sizes"][-1] == {"width": 1200, "height": 800}
    assert {"width": 300, "height": 200} in description["sizes"]


@pytest.mark.django_db
def test_the_job_writes_every_tile_and_a_full_size_copy_without_metadata():
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "Secret Camera"
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800), (10, 200, 30)).save(buffer, "JPEG", exif=exif)
    image = ImageFactory(original=SimpleUploadedFile("photo.jpg", buffer.getvalue()))

    make_image_tiles(image.pk)

    assert has_tiles(image.pk)
    description = json.loads(stored(info_name(image.pk)))
    assert (description["width"], description["height"]) == (1200, 800)
    for _, box, name in tile_files(1200, 800):
        with PillowImage.open(io.BytesIO(stored(f"{tiles_folder(image.pk)}/{name}"))) as tile:
            assert tile.size == (box[2] - box[0], box[3] - box[1]), name
    full = stored(f"{tiles_folder(image.pk)}/full/max/0/default.jpg")
    assert b"Secret Camera" not in full
    with PillowImage.open(io.BytesIO(full)) as picture:
        assert picture.size == (1200, 800)
        assert not picture.getexif()


@pytest.mark.django_db
def test_tiles_are_upright_when_the_camera_was_turned():
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # a quarter turn
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 800)).save(buffer, "JPEG", exif=exif)
    image = ImageFactory(original=SimpleUploadedFile("photo.jpg", buffer.getvalue()))

    make_image_tiles(image.pk)

    description = json.loads(stored(info_name(image.pk)))
    assert (description["width"], description["height"]) == (800, 1200)


@pytest.mark.django_db
def test_transparent_images_are_tiled_on_white():
    buffer = io.BytesIO()
    PillowImage.new("RGBA", (600, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    image = ImageFactory(original=SimpleUploadedFile("logo.png", buffer.getvalue()))

    make_image_tiles(image.pk)

    full = stored(f"{tiles_folder(image.pk)}/full/max/0/default.jpg")
    with PillowImage.open(io.BytesIO(full)) as picture:
        assert picture.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.django_db(transaction=True)
def test_deleting_an_image_removes_its_tiles():
    image = ImageFactory()
    make_image_tiles(image.pk)
    folder = default_storage.path(tiles_folder(image.pk))

    image.delete()

    assert not has_tiles(image.pk)
    assert not any(path.is_file() for path in Path(folder).rglob("*"))


@pytest.mark.worker
def test_a_worker_makes_the_tiles_of_every_upload(job_worker):
    image = ImageFactory()

    wait_for(lambda: has_tiles(image.pk), what="the tiles")
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.worker
def test_make_tiles_queues_the_images_that_have_none(job_worker):
    image = ImageFactory()
    wait_for(lambda: has_tiles(image.pk), what="the tiles")
    default_storage.delete(info_name(image.pk))
    output = io.StringIO()

    call_command("make_tiles", stdout=output)

    assert "Queued the deep-zoom tiles of 1 images." in output.getvalue()
    wait_for(lambda: has_tiles(image.pk), what="the tiles again")
