"""Checking curators' uploaded images and making the web derivatives.

Uploads are untrusted bytes, even from staff: an account can be compromised, and a file
can arrive from a donor's e-mail. So the checks read the content and never trust the file
name or the declared content type (an HTML page renamed ``photo.jpg`` must not be served as
an image). A few kilobytes of PNG can declare 20,000 x 20,000 pixels and take gigabytes to
decode (a "decompression bomb"), so the pixel count is read from the header and checked
before any pixel data is decoded. The limit comes from ``settings.IMAGE_MAX_PIXELS``, read
at call time; Pillow's global ``Image.MAX_IMAGE_PIXELS`` is left alone because other
threads share it.
"""

import os
import struct
import uuid
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "TIFF", "WEBP"})
DERIVATIVE_SIZES = {"thumbnail": 400, "display": 1600}
DERIVATIVE_QUALITY = 82

# Pillow format name -> (MIME type, canonical extension).
_FORMAT_DETAILS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "TIFF": ("image/tiff", ".tif"),
    "WEBP": ("image/webp", ".webp"),
}
# Phones save photos as JPEGs with extra frames appended (depth maps, previews). Pillow
# names that "MPO", but browsers and every other program see an ordinary JPEG.
_FORMAT_ALIASES = {"MPO": "JPEG"}
_ACCEPTED_LABEL = "JPEG, PNG, TIFF, WebP"
# EXIF orientations 5 to 8 turn the picture a quarter turn, swapping width and height.
_QUARTER_TURNS = {5, 6, 7, 8}
# What Pillow's decoders raise on damaged data (it has no single exception for it).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ImageInfo:
    format: str  # Pillow's format name, e.g. "JPEG"
    width: int  # as displayed, after the EXIF orientation is applied
    height: int
    mime_type: str  # e.g. "image/jpeg"
    extension: str  # canonical, e.g. ".jpg"


def inspect_image(file) -> ImageInfo:
    """Return an ImageInfo for an uploaded file, or raise ValidationError saying what is wrong.

    The whole image is decoded, so a truncated or damaged file is refused here rather than
    failing later when the derivatives are made. Leaves the file position at 0.
    """
    file.seek(0, os.SEEK_END)  # the real size: an upload's declared size is not trusted
    size = file.tell()
    file.seek(0)
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; the largest file accepted is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    try:
        # Image.open reads only the header: format, size and metadata, no pixels yet.
        with Image.open(file) as image:
            image_format = _FORMAT_ALIASES.get(image.format, image.format)
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("%(format)s images are not accepted. Please upload one of: %(accepted)s."),
                    code="unsupported_format",
                    params={"format": image.format, "accepted": _ACCEPTED_LABEL},
                )
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise _too_many_pixels()
            # JPEGs decode at 1/8 scale: libjpeg still reads every byte of the data, so a
            # truncated file is still caught, with 1/64 of the memory. Other formats ignore it.
            image.draft(None, (1, 1))
            # LOAD_TRUNCATED_IMAGES stays False, so a short file raises instead of being padded.
            image.load()
            orientation = image.getexif().get(ExifTags.Base.Orientation)
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image Vitrine can read. Please upload one of: %(accepted)s."),
            code="not_an_image",
            params={"accepted": _ACCEPTED_LABEL},
        ) from None
    # Pillow raises the error past twice its own limit; the warning only arrives as an
    # exception when warnings are turned into errors, and our own limit has applied anyway.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:
        raise ValidationError(
            _(
                "This image is damaged or incomplete, perhaps cut short during the upload. "
                "Please export it again and upload the new file."
            ),
            code="corrupt",
        ) from None
    finally:
        file.seek(0)
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    mime_type, extension = _FORMAT_DETAILS[image_format]
    return ImageInfo(image_format, width, height, mime_type, extension)


def _too_many_pixels():
    return ValidationError(
        _(
            "This image has more than %(limit)s pixels, too many to process safely. "
            "Please upload a smaller version."
        ),
        code="too_many_pixels",
        params={"limit": number_format(settings.IMAGE_MAX_PIXELS, force_grouping=True)},
    )


def make_derivatives(file) -> dict[str, ContentFile]:
    """Return {size name: WebP ContentFile} for an image that inspect_image has accepted.

    Derivatives are upright (EXIF orientation applied), in sRGB, never larger than the
    original, and carry no metadata: EXIF can hold GPS positions and camera serial numbers.

    Memory: the decoded original (at most 4 bytes a pixel, so bounded by IMAGE_MAX_PIXELS,
    which inspect_image checks from the header) and images of at most twice the largest
    derivative. The original is shrunk first, band by band, and only then turned upright
    and converted: converting a 1-bit scan of 120 megapixels to RGB first took 1.1 GB.
    """
    largest = max(DERIVATIVE_SIZES.values())
    file.seek(0)
    try:
        with Image.open(file) as original:
            # A large JPEG can be decoded at a reduced scale, keeping at least twice the
            # largest derivative's size so the resampling below still has detail to work from.
            original.draft(None, (2 * largest, 2 * largest))
            orientation = original.getexif().get(ExifTags.Base.Orientation)
            image = _shrink(original, 2 * largest)
    finally:
        file.seek(0)
    if method := _ORIENTATIONS.get(orientation):
        image = image.transpose(method)
    image = _to_web_mode(image)
    derivatives = {}
    # Largest first, so each smaller size is resampled from the previous one, which is faster.
    for name, longest_side in sorted(DERIVATIVE_SIZES.items(), key=lambda item: -item[1]):
        image = image.copy()
        image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        # Only metadata passed as arguments is written to WebP, and none is passed.
        image.save(buffer, "WEBP", quality=DERIVATIVE_QUALITY, method=4)
        derivatives[name] = ContentFile(buffer.getvalue(), name=f"{name}.webp")
    return {name: derivatives[name] for name in DERIVATIVE_SIZES}


def open_upright(file) -> Image.Image:
    """The whole image at full size, upright and in 8-bit sRGB (RGB, or RGBA with
    transparency), detached from the file and its metadata: for the deep-zoom tiles
    (collection.tiles). Holds the decoded original and one converted copy."""
    file.seek(0)
    try:
        with Image.open(file) as original:
            orientation = original.getexif().get(ExifTags.Base.Orientation)
            original.load()
            image = _reducible(original)
            if image is original:
                image = original.copy()
    finally:
        file.seek(0)
    if method := _ORIENTATIONS.get(orientation):
        image = image.transpose(method)
    return _to_web_mode(image)


# What ImageOps.exif_transpose does for each EXIF orientation, applied to the shrunk copy.
_ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Rows of the original converted at a time when shrinking: a band's copy is small beside
# the decoded original, whatever its mode.
_BAND_ROWS = 512


def _shrink(image, longest):
    """A copy of ``image`` reduced by the smallest whole factor (averaging each square of
    pixels) that brings its longer side to ``longest`` or less. Made band by band, so no
    full-size copy or conversion of the original is ever held. Palette, 1-bit and 16-bit
    images come back in a mode that can be averaged; the colour profile is kept for
    _to_web_mode."""
    image.load()
    factor = -(-max(image.size) // longest)  # ceiling division
    if factor <= 1:
        converted = _reducible(image)
        # A copy in any case: the original is closed, and its pixels freed, on return.
        return converted if converted is not image else image.copy()
    width, height = image.size
    band = max(factor, _BAND_ROWS // factor * factor)
    parts = [
        _reducible(image.crop((0, top, width, min(top + band, height)))).reduce(factor)
        for top in range(0, height, band)
    ]
    shrunk = Image.new(parts[0].mode, (parts[0].width, sum(part.height for part in parts)))
    offset = 0
    for part in parts:
        shrunk.paste(part, (0, offset))
        offset += part.height
    if "icc_profile" in image.info:
        shrunk.info["icc_profile"] = image.info["icc_profile"]
    return shrunk


def _reducible(image):
    """``image`` in a mode Image.reduce() and the colour conversion can work on."""
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("P", "PA"):
        has_alpha = image.mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        # Plain conversion clips 16-bit values at 255, turning most of the image white.
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("L", "RGB") and "transparency" in image.info:
        # One colour marked transparent (PNG's tRNS): an alpha band, which survives.
        return image.convert("LA" if image.mode == "L" else "RGBA")
    return image


def _to_web_mode(image):
    """Convert to 8-bit sRGB, RGB or RGBA (when the image has transparency), as WebP needs."""
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # Plain conversion clips 16-bit values at 255, turning most of the image white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    output_mode = "RGBA" if has_alpha else "RGB"
    profile = image.info.get("icc_profile")
    try:
        # Scanners and photographers often use wide-gamut (Adobe RGB) or CMYK profiles;
        # stripping the profile without converting would leave the colours dull or wrong.
        if profile and image.mode in ("RGB", "RGBA", "CMYK"):
            source = ImageCms.ImageCmsProfile(BytesIO(profile))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
        if image.mode == "LAB":
            lab = ImageCms.createProfile("LAB")
            return ImageCms.profileToProfile(image, lab, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError):
        pass  # A broken profile should not block the upload: fall back to plain conversion.
    return image.convert(output_mode)


def safe_upload_name(extension: str) -> str:
    """Return a fresh relative storage name such as "3f/3f2a...9c.jpg".

    Nothing comes from the uploaded file's name, so no path tricks or personal names end up
    on disk. The two-character folder keeps any one directory from growing too large.
    """
    if not (extension.startswith(".") and extension[1:].isalnum() and extension.isascii()):
        raise ValueError(f"Not a file extension: {extension!r}")
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name}{extension.lower()}"
