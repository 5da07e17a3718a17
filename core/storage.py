"""Media in an S3-compatible bucket, so that every web node and worker, on any machine,
reads and writes the same files.

Every object in the bucket is private, whatever it is (originals, derivatives, uploads
waiting for an import, exports): the bucket answers nobody without a signature. Pages
keep the site's own addresses under ``MEDIA_URL``, exactly as with files on disk, and
the view behind them checks each file against its object on every request before it
answers with a redirect to an address signed for a few minutes (``signed_url``). So
the one visibility rule decides who sees a file wherever it is stored, unpublishing
needs no change in the bucket, and the bucket needs neither ACLs nor a public policy,
which many S3-compatible services do not offer.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class BucketStorage(S3Storage):
    """django-storages' S3 storage whose ``url()`` is the site's checked address.

    ``public_url`` is the S3 endpoint as browsers reach it, when that is not the address
    the site uses (a proxy or CDN in front of the bucket that passes each request through
    unchanged, Host and query string included); signed addresses are made for it.
    """

    def __init__(self, *, public_url="", **options):
        super().__init__(**options)
        self.public_url = public_url or self.endpoint_url
        self._signing_client = None

    def __getstate__(self):
        return super().__getstate__() | {"_signing_client": None}

    def url(self, name):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, *, seconds=None, cache_control=""):
        """An address at which the bucket gives ``name`` to whoever has it, for
        ``seconds`` (``querystring_expire`` unless given); ``cache_control`` is the
        Cache-Control header the bucket then answers with."""
        params = {"Bucket": self.bucket_name, "Key": self._normalize_name(clean_name(name))}
        if cache_control:
            params["ResponseCacheControl"] = cache_control
        return self.signing_client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=seconds or self.querystring_expire
        )

    @property
    def signing_client(self):
        # Signing is local arithmetic: this client never connects to public_url itself.
        # botocore's clients are safe to share between threads.
        if self._signing_client is None:
            self._signing_client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                endpoint_url=self.public_url,
                config=self.client_config,
                verify=self.verify,
            )
        return self._signing_client
