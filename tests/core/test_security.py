"""Sign-in throttling, the security headers every page carries, and malformed query
strings (core.security, django-axes, django-csp)."""

import datetime
import logging

import pytest
from django.contrib.auth.models import User

from tests.core.test_settings import PRODUCTION, run
from tests.public import url

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def curator():
    return User.objects.create_user("curator", password="right-password-1972", is_staff=True)


def sign_in(client, password, address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": "curator", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_wrong_passwords_lock_the_account_out_even_for_the_right_one(
    client, curator, settings, caplog
):
    settings.AXES_FAILURE_LIMIT = 5
    caplog.set_level(logging.WARNING, logger="axes")

    answers = [sign_in(client, f"guess-{n}").status_code for n in range(30)]
    right = sign_in(client, "right-password-1972")

    assert answers[:4] == [200] * 4  # the form again, with its error
    assert set(answers[4:]) == {429}
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    failures = [record for record in caplog.records if "login failure" in record.getMessage()]
    assert len(failures) >= 5
    assert any("Locking out" in record.getMessage() for record in caplog.records)


def test_the_lockout_page_speaks_vietnamese_first_then_english(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    sign_in(client, "wrong")

    response = sign_in(client, "wrong again")

    assert response.status_code == 429
    html = response.content.decode()
    body = html[html.index("<body") :]
    assert body.index('lang="vi"') < body.index("Tạm dừng đăng nhập") < body.index('lang="en"')
    assert "Signing in is paused" in body
    assert "15 minutes" in body
    assert "15 phút" in body


def test_a_lockout_holds_one_account_from_one_address_only(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "wrong")

    assert sign_in(client, "right-password-1972").status_code == 429
    # Another address is not locked out, and the right password works there.
    assert sign_in(client, "right-password-1972", address="203.0.113.9").status_code == 302


def test_the_right_password_before_the_limit_resets_the_count(client, curator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    sign_in(client, "wrong")
    sign_in(client, "wrong")
    assert sign_in(client, "right-password-1972").status_code == 302
    client.logout()

    sign_in(client, "wrong")
    sign_in(client, "wrong")
    assert sign_in(client, "right-password-1972").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, rf):
    from core.security import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_address(request) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_address(request) == "198.51.100.7"


def test_throttling_is_configured_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_ENABLED, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds())"
    )
    result = run(
        code,
        **PRODUCTION,
        DJANGO_LOGIN_THROTTLING="0",
        DJANGO_LOGIN_FAILURE_LIMIT="8",
        DJANGO_LOGIN_LOCKOUT_MINUTES="45",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "8", "2700.0"]


@pytest.mark.parametrize(
    "address",
    [url("museum:home"), url("museum:search", query="?q=x"), "/admin/login/", "/robots.txt"],
)
def test_every_answer_carries_a_strict_content_security_policy(client, address):
    response = client.get(address)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_cached_pages_carry_the_headers_too(client):
    first = client.get(url("museum:home"))
    second = client.get(url("museum:home"))

    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Permissions-Policy"] == first["Permissions-Policy"]
