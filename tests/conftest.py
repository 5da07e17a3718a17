import os
import shutil

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_blocker):
    """The page cache lives in a database table that outlives a live-server test's
    flush; every test that uses the database starts with it empty, but for the museum's
    identity. Pages read that from the cache, and from the database once after each
    change (tests/museum/test_identity.py pins it), so the query counts the other tests
    pin are each page's own."""
    uses_database = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_database:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            cache.clear()
            from museum.identity import identity

            identity()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its uploads and derivatives to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright. Missing Chromium skips the browser
    tests loudly, and fails them when REQUIRE_BROWSER=1 (as on CI)."""
    executable = chromium_path()
    if executable is None:
        reason = (
            "BROWSER TESTS NOT RUN: no Chromium found (install Debian's 'chromium' or set "
            "CHROMIUM_PATH)."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " REQUIRE_BROWSER=1 makes this a failure.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def roles(db):
    """The Curator and Archivist groups, as ``migrate`` leaves them. A transactional
    test's flush empties every table; tests that need the groups ask for them here."""
    from museum.roles import sync_roles

    sync_roles()


@pytest.fixture
def no_page_cache(settings):
    """Query counts are the views' own; the page cache is tested in tests/core/test_cache.py."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "core.cache.PublicPageCacheMiddleware"
    ]


@pytest.fixture(scope="session")
def job_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """One real worker per test process, on this process's test database."""
    from django.db import connection

    from tests.jobs import Worker, database_url

    with django_db_blocker.unblock():
        url = database_url(connection.get_connection_params())
    folder = tmp_path_factory.mktemp("worker")
    worker = Worker(url, folder / "media", folder / "worker.log")
    (folder / "media").mkdir()
    yield worker.start()
    worker.stop()


@pytest.fixture
def empty_queue(transactional_db):
    """No job left by an earlier test: the queue's tables are not Django's to flush."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_periodic_defers CASCADE")


@pytest.fixture
def idle_queue(empty_queue):
    """An empty queue no worker takes jobs from: one an earlier test of this process left
    running is stopped (job_worker starts it again)."""
    from tests.jobs import STARTED

    for worker in STARTED:
        worker.stop()


@pytest.fixture
def job_worker(job_worker_process, empty_queue, settings):
    """The running worker, for a test whose rows it must see (committed, not in a test
    transaction) and whose files it must read (the same media folder)."""
    settings.MEDIA_ROOT = job_worker_process.media_root
    if not job_worker_process.responsive():  # a test killed or stopped it
        job_worker_process.stop()
        job_worker_process.start()
    return job_worker_process


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server of this test process's own, on 127.0.0.1. Missing redis-server skips
    the tests that need it loudly, and fails them when REQUIRE_REDIS=1 (as on CI)."""
    from tests.servers import RedisServer

    if RedisServer.binary() is None:
        reason = "SHARED CACHE TESTS NOT RUN: no redis-server (install Debian's 'redis-server')."
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(reason + " REQUIRE_REDIS=1 makes this a failure.", pytrace=False)
        pytest.skip(reason)
    server = RedisServer(tmp_path_factory.mktemp("redis") / "redis.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3-compatible server, a process of its own on 127.0.0.1."""
    from tests.servers import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3") / "moto.log").start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """A new, empty bucket on the S3 server, as this test's default file storage."""
    from tests.servers import Bucket

    return Bucket.create(s3_server, settings)
