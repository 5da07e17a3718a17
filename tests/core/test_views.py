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
