"""Loaded by pytest before Django's settings (``-p tests.environment`` in pyproject.toml):
the environment the test suite runs in, production-like unless a variable says otherwise."""

import os
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "k" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP; redirecting it to HTTPS would hide every page.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="vitrine-test-media-"))
# Static files come from the source folders; hashed names need `collectstatic`.
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
# Playwright's synchronous API runs an event loop in the test's thread; the database
# calls the tests make beside it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# A page cache per process, always: xdist workers inherit the controller's environment,
# and workers sharing a folder would serve each other's pages (same host, same paths).
os.environ["DJANGO_CACHE_DIR"] = tempfile.mkdtemp(prefix="vitrine-test-cache-")
