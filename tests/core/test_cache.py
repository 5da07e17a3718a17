import pytest
from django.contrib.auth.models import User

from core.cache import invalidate_public_pages
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
