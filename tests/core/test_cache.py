import pytest
from django.contrib.auth.models import User

from core.cache import FolderCache, invalidate_public_pages
from core.models import Status
from tests.collection.factories import ItemFactory

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
