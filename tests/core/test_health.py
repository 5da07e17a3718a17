import pytest
from django.db import connection


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_any_host_name(client):
    # A container health check asks http://127.0.0.1:8000/healthz, which is not
    # among the production ALLOWED_HOSTS.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_cannot_be_reached(client, monkeypatch):
    real_params = connection.get_connection_params
    monkeypatch.setattr(
        connection,
        "get_connection_params",
        lambda: {**real_params(), "host": "/nonexistent-socket-dir", "port": 1},
    )
    connection.close()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    monkeypatch.undo()
    connection.close()
