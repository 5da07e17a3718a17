import random
import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms

from collection.images import (
    DERIVATIVE_SIZES,
    ImageInfo,
    inspect_image,
    make_derivatives,
    safe_upload_name,
)

RED = (255, 0, 0)
WHITE = (255, 255, 255)


@pytest.fixture(autouse=True)
def english():
    """Messages and their numbers are checked in English; the site's default is Vietnamese."""
    with translation.override("en"):
        yield


def image_bytes(image_format="JPEG", size=(300, 200), mode="RGB", color="teal", **options):
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **options)
    return buffer.getvalue()


def noisy_jpeg(size=(300, 200)):
    """A JPEG whose data cannot be compressed away, so cutting it loses real scan data."""
    noise = random.Random(0).randbytes(size[0] * size[1] * 3)
    buffer = BytesIO()
    Image.frombytes("RGB", size, noise).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def rotated_jpeg():
    """300x100 stored, with EXIF Orientation 6: displayed 100x300, turned a quarter clockwise.
    The stored top-left corner is red, so after turning it must be at the top right."""
    image = Image.new("RGB", (300, 100), WHITE)
    image.paste(RED, (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_bomb(width=20_000, height=20_000):
    """A real 1-bit PNG of width x height: rows of zeros compress to a few tens of kilobytes,
    but decoding them would take hundreds of megabytes."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = bytes(1 + (width + 7) // 8)  # filter byte + packed pixels
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(row * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(file):
    with pytest.raises(ValidationError) as raised:
        inspect_image(file)
    assert file.tell() == 0
    return raised.value


def assert_readable(error):
    [message] = error.messages
    assert "%(" not in message
    assert len(message) > 20
    return message


def open_derivative(content_file):
    image = Image.open(BytesIO(content_file.read()))
    assert image.format == "WEBP"
    return image


@pytest.mark.parametrize(
    ("image_format", "name", "mime_type", "extension"),
    [
        ("JPEG", "photo.jpg", "image/jpeg", ".jpg"),
        ("PNG", "scan.png", "image/png", ".png"),
        ("TIFF", "master.tiff", "image/tiff", ".tif"),
        ("WEBP", "web.webp", "image/webp", ".webp"),
    ],
)
def test_accepted_formats_report_size_type_and_extension(image_format, name, mime_type, extension):
    file = upload(image_bytes(image_format, size=(320, 240)), name=name)

    info = inspect_image(file)

    assert info == ImageInfo(image_format, 320, 240, mime_type, extension)
    assert file.tell() == 0


def test_content_decides_the_type_not_the_name_or_declared_type():
    file = upload(image_bytes("PNG"), name="photo.jpg", content_type="image/jpeg")

    assert inspect_image(file).mime_type == "image/png"


def test_phone_multi_picture_jpeg_counts_as_jpeg():
    buffer = BytesIO()
    first, depth_map = Image.new("RGB", (300, 200), "teal"), Image.new("RGB", (300, 200))
    first.save(buffer, "MPO", save_all=True, append_images=[depth_map])

    info = inspect_image(upload(buffer.getvalue()))

    assert (info.format, info.mime_type, info.extension) == ("JPEG", "image/jpeg", ".jpg")


def test_plain_binary_file_object_is_accepted():
    file = BytesIO(image_bytes("PNG"))
    file.seek(10)

    assert inspect_image(file).width == 300
    assert file.tell() == 0


def test_exif_orientation_swaps_reported_width_and_height():
    info = inspect_image(upload(rotated_jpeg()))

    assert (info.width, info.height) == (100, 300)


def test_derivatives_are_turned_upright_by_exif_orientation():
    derivatives = make_derivatives(upload(rotated_jpeg()))

    for content_file in derivatives.values():
        image = open_derivative(content_file).convert("RGB")
        assert image.size == (100, 300)
        red, green, blue = image.getpixel((90, 10))  # top right: where the red corner lands
        assert red > 200
        assert max(green, blue) < 80
        assert image.getpixel((10, 10)) > (200, 200, 200)  # top left stays white
        assert image.getpixel((90, 290)) > (200, 200, 200)


def test_derivatives_of_a_large_image_fit_their_longest_side():
    file = upload(image_bytes("JPEG", size=(3000, 2000)))

    derivatives = make_derivatives(file)

    assert list(derivatives) == list(DERIVATIVE_SIZES)
    assert derivatives["thumbnail"].name == "thumbnail.webp"
    thumbnail = open_derivative(derivatives["thumbnail"])
    display = open_derivative(derivatives["display"])
    assert thumbnail.width == 400
    assert abs(thumbnail.height - 267) <= 1
    assert display.width == 1600
    assert abs(display.height - 1067) <= 1
    assert file.tell() == 0


def test_derivatives_of_a_small_image_are_not_upscaled():
    derivatives = make_derivatives(upload(image_bytes("PNG", size=(300, 200))))

    for content_file in derivatives.values():
        assert open_derivative(content_file).size == (300, 200)


def test_derivatives_carry_no_metadata():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera maker"
    exif[ExifTags.Base.BodySerialNumber] = "SN-12345"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    file = upload(image_bytes("JPEG", size=(800, 600), exif=exif, icc_profile=srgb))

    derivatives = make_derivatives(file)
    assert derivatives
    for content_file in derivatives.values():
        image = open_derivative(content_file)
        assert image.size[0] > 0
        assert not image.getexif()
        assert "icc_profile" not in image.info
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("mode", "color", "image_format", "expected_mode"),
    [
        ("I;16", 32768, "PNG", "RGB"),
        ("I;16", 32768, "TIFF", "RGB"),
        ("CMYK", (0, 0, 0, 127), "TIFF", "RGB"),
        ("CMYK", (0, 0, 0, 127), "JPEG", "RGB"),
        ("P", 3, "PNG", "RGB"),
        ("LA", (128, 128), "PNG", "RGBA"),
        ("LA", (128, 128), "TIFF", "RGBA"),
        ("RGBA", (128, 128, 128, 128), "WEBP", "RGBA"),
        ("1", 1, "TIFF", "RGB"),
    ],
)
def test_derivatives_convert_unusual_modes_for_the_web(mode, color, image_format, expected_mode):
    file = upload(image_bytes(image_format, mode=mode, color=color))
    inspect_image(file)

    image = open_derivative(make_derivatives(file)["thumbnail"])

    assert image.mode == expected_mode
    assert image.size == (300, 200)


def test_sixteen_bit_grey_is_scaled_not_clipped_to_white():
    file = upload(image_bytes("PNG", mode="I;16", color=32768))

    image = open_derivative(make_derivatives(file)["display"]).convert("L")

    assert 120 <= image.getpixel((150, 100)) <= 136


def test_palette_transparency_is_kept():
    buffer = BytesIO()
    Image.new("P", (300, 200), 0).save(buffer, "PNG", transparency=0)

    image = open_derivative(make_derivatives(upload(buffer.getvalue()))["thumbnail"])

    assert image.mode == "RGBA"
    assert image.getpixel((10, 10))[3] == 0


def test_broken_colour_profile_does_not_block_derivatives():
    file = upload(image_bytes("PNG", icc_profile=b"not really a profile"))

    assert open_derivative(make_derivatives(file)["thumbnail"]).size == (300, 200)


def test_decompression_bomb_is_refused_before_decoding():
    data = png_bomb()
    assert len(data) < 200_000

    error = refusal(upload(data, name="poster.png"))

    assert error.code == "too_many_pixels"
    assert "pixels" in assert_readable(error)


def test_image_just_above_the_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    assert inspect_image(upload(image_bytes("PNG", size=(100, 100)))).width == 100

    error = refusal(upload(image_bytes("PNG", size=(101, 100))))

    assert error.code == "too_many_pixels"
    assert "10,000" in assert_readable(error)


def test_truncated_jpeg_is_refused():
    data = noisy_jpeg()

    error = refusal(upload(data[: len(data) // 2]))

    assert error.code == "corrupt"
    assert "damaged" in assert_readable(error)


def test_truncated_png_is_refused():
    noise = random.Random(0).randbytes(300 * 200 * 3)
    buffer = BytesIO()
    Image.frombytes("RGB", (300, 200), noise).save(buffer, "PNG")

    error = refusal(upload(buffer.getvalue()[:-50_000], name="scan.png"))

    assert error.code == "corrupt"


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "photo.jpg", "image/jpeg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<rect width="10" height="10"/></svg>',
            "logo.svg",
            "image/svg+xml",
        ),
        (b"Accession register, 1923", "notes.png", "image/png"),
        (b"", "empty.jpg", "image/jpeg"),
    ],
    ids=["html-named-jpg", "svg", "text", "empty"],
)
def test_files_that_are_not_images_are_refused(data, name, content_type):
    error = refusal(upload(data, name=name, content_type=content_type))

    assert error.code == "not_an_image"
    assert "JPEG, PNG, TIFF, WebP" in assert_readable(error)


def test_gif_is_refused_with_the_accepted_formats_named():
    error = refusal(upload(image_bytes("GIF"), name="animation.gif", content_type="image/gif"))

    assert error.code == "unsupported_format"
    message = assert_readable(error)
    assert "GIF" in message
    assert "JPEG, PNG, TIFF, WebP" in message


def test_file_above_the_upload_limit_is_refused_before_decoding(settings):
    settings.UPLOAD_MAX_BYTES = 2048

    error = refusal(upload(b"x" * 4096))

    assert error.code == "too_large"
    message = assert_readable(error).replace("\xa0", " ")
    assert "4.0 KB" in message
    assert "2.0 KB" in message


def test_file_at_the_upload_limit_is_accepted(settings):
    data = image_bytes("PNG")
    settings.UPLOAD_MAX_BYTES = len(data)

    assert inspect_image(upload(data)).format == "PNG"


def test_safe_upload_name_ignores_user_names_and_is_fresh_each_time():
    first, second = safe_upload_name(".jpg"), safe_upload_name(".jpg")

    assert first != second
    for name in (first, second):
        assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{32}\.jpg", name)
        assert name[:2] == name[3:5]
        assert ".." not in name
        assert not name.startswith("/")


@pytest.mark.parametrize("extension", ["../../etc/passwd", "/x.jpg", "jpg", ".j/pg", ""])
def test_safe_upload_name_rejects_anything_but_an_extension(extension):
    with pytest.raises(ValueError, match="Not a file extension"):
        safe_upload_name(extension)


# A tiny PNG that decodes to tens of megapixels within the pixel limit, checked and turned
# into derivatives in a fresh interpreter, whose peak memory is then read.
MEMORY_PROBE = """
import resource, sys
from io import BytesIO
import django
django.setup()
from collection.images import inspect_image, make_derivatives
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
file = BytesIO(data)
inspect_image(file)
make_derivatives(file)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""


@pytest.mark.parametrize("mode", ["1", "P", "I;16"])
def test_checking_a_small_png_of_many_pixels_takes_memory_in_proportion(tmp_path, mode):
    """A 14 KB one-bit PNG of 120 megapixels took 1.1 GB to check and shrink: converted to
    RGB (4 bytes a pixel) and copied at full size before being made smaller. The decoded
    image itself is all that may be held at full size now (1 byte a pixel here, 2 for
    16-bit grey); everything else is at most twice the largest derivative."""
    import os
    import subprocess
    import sys

    side = 6000  # 36 megapixels
    path = tmp_path / "poster.png"
    Image.new(mode, (side, side), 0).save(path)
    assert path.stat().st_size < 200_000
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.returncode == 0, result.stderr
    grown = int(result.stdout.split()[-1])
    decoded = side * side * (2 if mode == "I;16" else 1)
    assert grown < decoded + 60 * 1024 * 1024, f"{grown / 2**20:.0f} MiB"
