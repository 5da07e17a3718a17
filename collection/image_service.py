"""The IIIF Image API 3.0 level 0 service of each image: its info.json and the tiles a job
wrote (collection.tiles), at ``/iiif/image/<image id>/``.

Visibility is the rule of every image file (collection.files): a published object's
tiles are public, with ``Access-Control-Allow-Origin: *`` so that viewers on other sites
can show them; a draft's, or those of an object unpublished since, are a 404 but for
staff who may preview. The check is made on each request for a tile, so unpublishing
hides the tiles at once; info.json is kept in the page cache like a page, until the
content next changes (the admin's save). Tiles are sent as collection.files sends every
file (by Django, by nginx, or from the bucket by a signed redirect).
"""

import json

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.urls import re_path, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from collection.files import send_file
from collection.models import Image, Item
from collection.tiles import info_name, tiles_folder
from core.views import can_preview

INFO_CONTENT_TYPE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'


def is_public(image_id, request):
    """Whether the image's service is public; a 404 when no one here may see it."""
    if Image.objects.filter(pk=image_id, item__in=Item.objects.published()).exists():
        return True
    if can_preview(request.user, Item) and Image.objects.filter(pk=image_id).exists():
        return False
    raise Http404("No such image.")


def service_url(request, image_id):
    return request.build_absolute_uri(reverse("iiif-image", args=[image_id]))


@require_safe
def info_json(request, image_id):
    public = is_public(image_id, request)
    try:
        with default_storage.open(info_name(image_id), "rb") as stored:
            info = json.load(stored)
    except FileNotFoundError:
        raise Http404("This image's tiles are not made yet.") from None
    info = {"@context": info.pop("@context"), "id": service_url(request, image_id), **info}
    response = HttpResponse(json.dumps(info, indent=2), content_type=INFO_CONTENT_TYPE)
    return with_visibility(response, public)


@require_safe
def service(request, image_id):
    """The service's own address leads to its description, as the Image API recommends."""
    is_public(image_id, request)
    response = HttpResponse(status=303)
    response["Location"] = reverse("iiif-image-info", args=[image_id])
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def tile(request, image_id, name):
    public = is_public(image_id, request)
    stored = f"{tiles_folder(image_id)}/{name}"
    if not default_storage.exists(stored):
        raise Http404("No such tile.")
    response = send_file(request, stored, is_public=public)
    return with_visibility(response, public)


def with_visibility(response, public):
    if public:
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True)
    else:
        # Never kept by a shared cache: the same address is a 404 for the next visitor.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


# Only names the Image API's canonical form gives the stored files: no other path reaches
# the storage.
urlpatterns = [
    re_path(r"^(?P<image_id>[0-9]+)$", service, name="iiif-image"),
    re_path(r"^(?P<image_id>[0-9]+)/info\.json$", info_json, name="iiif-image-info"),
    re_path(
        r"^(?P<image_id>[0-9]+)/(?P<name>(?:full|[0-9]+,[0-9]+,[0-9]+,[0-9]+)/"
        r"(?:max|[0-9]+,[0-9]+)/0/default\.jpg)$",
        tile,
        name="iiif-image-tile",
    ),
]
