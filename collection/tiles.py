"""Deep zoom without an image server: each image's IIIF Image API 3.0 level 0 files.

A job worker writes, under ``iiif/<image id>/`` in the default file storage, a pyramid of
512-pixel JPEG tiles at scale factors 1, 2, 4 ... down to one tile for the whole image,
a few whole-image sizes, and an ``info.json`` describing them, last, so that its presence
means the set is complete. Every file is re-encoded from the decoded pixels, upright and
in sRGB, without the original's metadata (EXIF can hold GPS positions): the full size
visitors get (``full/max/0/default.jpg``) is such a copy, never the original.

Files are named as the Image API's canonical URLs name them, and as OpenSeadragon asks
for them: region ``full`` or ``x,y,w,h``, size ``max`` or ``w,h``. They are made for
drafts too, and served by collection.image_service, which checks the object's status on
every request: publishing shows them at once, unpublishing hides them at once.
"""

import contextlib
import json
import logging
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PillowImage
from procrastinate import exceptions
from procrastinate.contrib.django import app

from collection.images import open_upright
from collection.models import Image
from core.cache import invalidate

logger = logging.getLogger(__name__)

TILE_SIZE = 512
TILE_QUALITY = 85
# Whole-image sizes listed in info.json (besides the full size) for viewers that want one
# picture: every pyramid level whose longer side is at most this.
LARGEST_LISTED_SIZE = 2048


def tiles_folder(image_id):
    return f"iiif/{image_id}"


def info_name(image_id):
    return f"{tiles_folder(image_id)}/info.json"


def has_tiles(image_id):
    return default_storage.exists(info_name(image_id))


def file_name(region, size):
    """The canonical Image API path of one image file, below the image's folder."""
    region = "full" if region == "full" else ",".join(map(str, region))
    size = "max" if size == "max" else ",".join(map(str, size))
    return f"{region}/{size}/0/default.jpg"


def scale_factors(width, height, tile=TILE_SIZE):
    """1, 2, 4 ... up to the first factor at which the whole image fits in one tile."""
    factors = [1]
    while -(-width // factors[-1]) > tile or -(-height // factors[-1]) > tile:
        factors.append(factors[-1] * 2)
    return factors


def level_size(width, height, factor):
    return -(-width // factor), -(-height // factor)


def listed_sizes(width, height, tile=TILE_SIZE):
    sizes = [level_size(width, height, factor) for factor in scale_factors(width, height, tile)]
    return [(w, h) for w, h in sizes[1:] if max(w, h) <= LARGEST_LISTED_SIZE][::-1] + [
        (width, height)
    ]


def tile_files(width, height, tile=TILE_SIZE):
    """``(scale factor, box in that level, name)`` of every tile the pyramid holds."""
    for factor in scale_factors(width, height, tile):
        level_width, level_height = level_size(width, height, factor)
        for top in range(0, level_height, tile):
            for left in range(0, level_width, tile):
                region = (left * factor, top * factor)
                region += (min(tile * factor, width - region[0]),)
                region += (min(tile * factor, height - region[1]),)
                size = (min(tile, level_width - left), min(tile, level_height - top))
                name = file_name(
                    "full" if region == (0, 0, width, height) else region,
                    "max" if size == (width, height) else size,
                )
                yield factor, (left, top, left + size[0], top + size[1]), name


def size_files(width, height, tile=TILE_SIZE):
    """``(size, name)`` of every whole-image size info.json lists."""
    for size in listed_sizes(width, height, tile):
        yield size, file_name("full", "max" if size == (width, height) else size)


def info(width, height, tile=TILE_SIZE):
    """The stored info.json, without its ``id``: that is the address it is served at,
    which only the request knows (collection.image_service adds it)."""
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": width,
        "height": height,
        "sizes": [{"width": w, "height": h} for w, h in listed_sizes(width, height, tile)],
        "tiles": [{"width": tile, "scaleFactors": scale_factors(width, height, tile)}],
    }


def write_tiles(image_id, file):
    """Write the image's tiles, sizes and info.json (last), replacing any earlier set."""
    remove_tiles(image_id)
    folder = tiles_folder(image_id)
    picture = _flattened(open_upright(file))
    width, height = picture.size
    levels = {1: picture}
    for factor in scale_factors(width, height)[1:]:
        levels[factor] = levels[factor // 2].reduce(2)
    for factor, box, name in tile_files(width, height):
        _save_jpeg(levels[factor].crop(box), f"{folder}/{name}")
    by_size = {level.size: level for level in levels.values()}
    for size, name in size_files(width, height):
        _save_jpeg(by_size[size], f"{folder}/{name}")
    content = json.dumps(info(width, height), indent=2).encode()
    default_storage.save(info_name(image_id), ContentFile(content))


def remove_tiles(image_id):
    """Delete the image's folder of tiles, info.json first so that no half set is served."""
    if has_tiles(image_id):
        default_storage.delete(info_name(image_id))
    _remove_folder(tiles_folder(image_id))


def _remove_folder(folder):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for name in folders:
        _remove_folder(f"{folder}/{name}")


def _flattened(picture):
    """JPEG has no transparency: transparent parts are shown on white."""
    if picture.mode == "RGB":
        return picture
    background = PillowImage.new("RGB", picture.size, "white")
    background.paste(picture, mask=picture.getchannel("A"))
    return background


def _save_jpeg(picture, name):
    buffer = BytesIO()
    # Only metadata passed as arguments is written, and none is passed.
    picture.save(buffer, "JPEG", quality=TILE_QUALITY, optimize=True)
    default_storage.save(name, ContentFile(buffer.getvalue()))


def enqueue_tiles(image_id):
    """Queue the image's tiles; asking again while they are queued adds nothing."""
    with contextlib.suppress(exceptions.AlreadyEnqueued):
        make_image_tiles.configure(queueing_lock=f"tiles-{image_id}").defer(image_id=image_id)


@app.task(name="collection.make_image_tiles", queue="default")
def make_image_tiles(image_id):
    """The deep-zoom tiles of an image whose original has just been stored."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return
    with image.original.open("rb") as original:
        write_tiles(image_id, original)
    if not Image.objects.filter(pk=image_id).exists():  # deleted meanwhile
        remove_tiles(image_id)
        return
    logger.info("Made the deep-zoom tiles of image %s", image_id)
    invalidate([image])
