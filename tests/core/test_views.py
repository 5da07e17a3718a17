"""The friendly error pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_friendly_404_in_the_visitors_language(client):
    response = client.get("/vi/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'role="search"' in html
    assert 'href="/en/no-such-page/"' in html  # the language switch still works


def test_500_page_renders_without_a_database(client):
    from core.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"Vitrine" in response.content


def test_visitors_get_a_bilingual_503_with_retry_after_while_the_database_is_down(
    client, monkeypatch
):
    from django.db import OperationalError, connection

    def unreachable():
        raise OperationalError("connection to server failed: Connection refused")

    client.raise_request_exception = False
    monkeypatch.setattr(connection, "ensure_connection", unreachable)

    response = client.get("/en/collection/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode().split("<body", 1)[1]
    # Vietnamese first, English beside it, whatever the address's language.
    assert body.index('lang="vi"') < body.index("Trang web tạm thời") < body.index('lang="en"')
    assert "The website is briefly unavailable" in body

    monkeypatch.undo()  # the database is back: the site recovers by itself
    assert client.get("/en/collection/").status_code == 200


def test_other_server_errors_are_still_the_500_page(client, monkeypatch):
    from collection import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    client.raise_request_exception = False
    monkeypatch.setattr(views.ItemListView, "get", broken)

    assert client.get("/en/collection/").status_code == 500


def test_pages_in_the_page_cache_are_still_served_while_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError, connection

    def unreachable():
        raise OperationalError("connection to server failed: Connection refused")

    assert client.get("/en/").status_code == 200  # now in the page cache
    client.raise_request_exception = False
    monkeypatch.setattr(connection, "ensure_connection", unreachable)

    assert client.get("/en/").status_code == 200
    assert client.get("/en/collection/").status_code == 503
