"""Where uploaded files live: a folder on this machine (``MEDIA_ROOT``), or, with
``S3_BUCKET`` set, a bucket of any S3-compatible service shared by every machine
(core.storage explains why every object in it is private)."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def media_storage(
    *,
    bucket,
    endpoint_url="",
    region="",
    access_key="",
    secret_key="",
    public_url="",
    signed_url_seconds=600,
):
    """Return ``STORAGES["default"]``."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    for name, url in (("S3_ENDPOINT_URL", endpoint_url), ("S3_PUBLIC_URL", public_url)):
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"{name} must be an http:// or https:// URL, not {url!r}.")
    if signed_url_seconds < 60:
        raise ImproperlyConfigured("S3_SIGNED_URL_SECONDS must be at least 60.")
    return {
        "BACKEND": "core.storage.BucketStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # Unset: boto3's own search (AWS_* variables, an instance role).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "public_url": public_url,
            # Another service than AWS: bucket names in the path, as they all accept.
            "addressing_style": "path" if endpoint_url else "virtual",
            "signature_version": "s3v4",
            "querystring_expire": signed_url_seconds,
            # No ACL is sent: objects take the bucket's default, private. (Buckets with
            # ACLs disabled, AWS's default, refuse any other.)
            "default_acl": None,
            # As on disk: a name already taken gets a suffix rather than replacing a file.
            "file_overwrite": False,
            # A file read from the bucket (an original for its derivatives, a staged
            # import) is kept in memory up to this size, on the local disk beyond.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }


def signed_url_origin(*, bucket, endpoint_url="", region="", public_url=""):
    """The scheme and host the signed addresses point at, for the Content-Security-Policy
    (a redirected image must be allowed where it lands), or "" without a bucket."""
    if not bucket:
        return ""
    if public_url or endpoint_url:
        parts = urlsplit(public_url or endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    return (
        f"https://{bucket}.s3.{region}.amazonaws.com"
        if region
        else f"https://{bucket}.s3.amazonaws.com"
    )
