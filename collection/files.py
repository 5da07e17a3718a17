"""Image files as visitors and staff fetch them: every request for a file under MEDIA_URL
is checked against the image it belongs to, so visibility is the same rule as for pages.

- A published object's derivatives (thumbnail, display image) are public. They are
  re-encoded WebP without metadata, so no GPS position or camera serial leaves the museum.
- Originals, kept exactly as uploaded with their metadata, are for staff only.
- A draft's files, or those of an object unpublished since, are for staff only: the
  check is made on every request, so an address that was public stops working the
  moment its object is unpublished, wherever the files are stored.
- Anything else under MEDIA_ROOT (an import waiting for confirmation) belongs to no image
  and is never served.

Refusals are 404s, as for a draft's page. Public answers say ``no-cache``: browsers and
proxies keep the file and ask again each time, with If-Modified-Since, which costs one
indexed query and an empty 304 rather than the file.

With the files in a bucket (``S3_BUCKET``, core.storage), the answer after the check is a
redirect to an address the bucket honours for ``S3_SIGNED_URL_SECONDS``; browsers may keep
the redirect for half that, so a kept one always leads to a live address, and an object
unpublished is out of everyone's reach within that time, at once for any new request.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django.views.static import serve

from collection.models import Image, Item
from core.models import Status
from core.storage import BucketStorage
from core.views import can_preview


def file_owner(name):
    """``(is_original, status of the object)`` of the image stored as ``name``, or None."""
    return (
        Image.objects.filter(Q(original=name) | Q(thumbnail=name) | Q(display=name))
        .values_list("original", "item__status")
        .first()
    )


@require_safe
def image_file(request, path):
    owner = file_owner(path) if "\x00" not in path else None
    if owner is None:
        raise Http404("No such image file.")
    original, status = owner
    is_public = status == Status.PUBLISHED and original != path
    if not is_public and not can_preview(request.user, Item):
        raise Http404("No such image file.")
    response = send_file(request, path, is_public=is_public)
    if is_public:
        patch_cache_control(response, public=True)
    else:
        # Never kept by a shared cache: the same address is a 404 for the next visitor.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def send_file(request, name, *, is_public):
    """The stored file's bytes; or, with ``MEDIA_ACCEL_REDIRECT`` set, an empty answer
    telling the web server in front (nginx's X-Accel-Redirect) to send them itself; or,
    with the files in a bucket, a redirect to a signed address there."""
    if isinstance(default_storage, BucketStorage):
        seconds = default_storage.querystring_expire
        cache_control = f"{'public' if is_public else 'private'}, max-age={seconds // 2}"
        response = HttpResponseRedirect(
            default_storage.signed_url(name, seconds=seconds, cache_control=cache_control)
        )
        patch_cache_control(response, max_age=seconds // 2)
        return response
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse()
        del response["Content-Type"]  # the web server's, from the file's name
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + name
    else:
        response = serve(request, name, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, no_cache=True)
    return response
