import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
import redis
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from collection.models import Item
from core.cache import FolderCache, invalidate_public_pages
from core.models import Status
from tests.collection.factories import ItemFactory
from tests.jobs import database_url
from tests.servers import WebNode

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_from_the_cache(client, django_assert_max_num_queries):
    item = ItemFactory(title_en="Cached photograph")
    path = item.get_absolute_url()
    first = client.get(path)

    # 1. the generation  2. the page
    with django_assert_max_num_queries(2):
        second = client.get(path)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_invalidation_makes_the_next_request_render_afresh(client):
    item = ItemFactory(title_en="Old title")
    path = item.get_absolute_url()
    client.get(path)
    item.title_en = "New title"
    item.save()

    assert "Old title" in client.get(path).content.decode()  # still cached
    invalidate_public_pages()
    assert "New title" in client.get(path).content.decode()


def test_languages_and_query_strings_are_cached_apart(client):
    english = client.get("/en/").content
    vietnamese = client.get("/vi/").content

    assert english != vietnamese
    assert client.get("/en/").content == english


def test_signed_in_staff_are_never_served_cached_pages(client):
    item = ItemFactory(title_en="Old title")
    client.get(item.get_absolute_url())
    item.title_en = "New title"
    item.save()
    client.force_login(User.objects.create_user("curator", is_staff=True))

    assert "New title" in client.get(item.get_absolute_url()).content.decode()


def test_errors_and_drafts_are_not_cached(client):
    item = ItemFactory(draft=True)
    path = item.get_absolute_url()
    assert client.get(path).status_code == 404
    item.status = Status.PUBLISHED
    item.save()

    assert client.get(path).status_code == 200


def test_the_folder_cache_lists_its_folder_on_one_write_in_a_hundred_and_still_culls(
    tmp_path, monkeypatch
):
    folder_cache = FolderCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 400}})
    listings = []
    list_files = folder_cache._list_cache_files

    def counted():
        listings.append(1)
        return list_files()

    monkeypatch.setattr(folder_cache, "_list_cache_files", counted)

    for number in range(2000):
        folder_cache.set(f"page-{number}", b"x" * 100)

    assert len(listings) == 20  # Django's own lists the folder on every write: 2,000 times
    assert len(list(tmp_path.glob("*.djcache"))) <= 400 + FolderCache.cull_every
    assert folder_cache.get("page-1999") == b"x" * 100


# Several machines: two web nodes, each with a cache folder of its own, share one Redis
# (CACHE_URL). Both are gunicorn processes on the test database.


def fetch(node, path, data=None, cookies=None):
    """(status, text) of a request to ``node``, as the reverse proxy in front of the nodes
    passes it on: with the site's host name, whichever node it reaches."""
    request = urllib.request.Request(f"{node.url}{path}", data=data, headers={"Host": "localhost"})
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def web_nodes(redis_server, transactional_db, tmp_path):
    from django.db import connection

    redis.Redis.from_url(redis_server.url).flushall()
    url = database_url(connection.get_connection_params())
    nodes = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        env = {
            "DATABASE_URL": url,
            "CACHE_URL": redis_server.url,
            "DJANGO_CACHE_DIR": str(folder / "cache"),
        }
        nodes.append(WebNode(folder / "gunicorn.log", env).launch())
    try:
        # Two Djangos booting side by side on a busy two-core machine: be patient.
        yield [node.wait_until_ready(timeout=90) for node in nodes]
    finally:
        for node in nodes:
            node.stop()
            print(node.output())  # shown when the test fails


def test_an_edit_through_one_web_node_is_seen_at_once_through_the_other(web_nodes, tmp_path):
    a, b = web_nodes
    item = ItemFactory(title_en="Shared photograph")
    with translation.override("en"):
        path = item.get_absolute_url()
    assert "Shared photograph" in fetch(b, path)[1]

    # Changed behind the cache's back: node a is served the page node b cached.
    Item.objects.filter(pk=item.pk).update(title_en="Changed without invalidating")
    assert "Shared photograph" in fetch(a, path)[1]

    # A curator unpublishes the object through node a.
    curator = Client()
    curator.force_login(User.objects.create_superuser("curator"))
    token = "c" * 32
    status, _text = fetch(
        a,
        "/admin/collection/item/",
        data=urlencode(
            {"action": "unpublish", "_selected_action": item.pk, "csrfmiddlewaretoken": token}
        ).encode(),
        cookies={"sessionid": curator.cookies["sessionid"].value, "csrftoken": token},
    )
    assert status == 200
    item.refresh_from_db()
    assert item.status == Status.DRAFT

    assert fetch(b, path)[0] == 404
    # Neither node kept anything in its own folder.
    assert list(tmp_path.glob("*/cache/*")) == []
