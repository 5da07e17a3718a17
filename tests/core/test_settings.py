"""Settings are read from the environment, in a fresh interpreter each time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-real-production-secret-" + "s" * 30,
    "DJANGO_ALLOWED_HOSTS": "museum.example.org",
    "DJANGO_STATIC_MANIFEST": "1",
}


def clean_environment():
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}


def run(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean_environment(), "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(**env):
    return run("import django; django.setup(); from django.conf import settings", **env)


def test_production_refuses_a_missing_secret_key():
    result = load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": ""})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_secret_key():
    from config.settings import DEV_SECRET_KEY

    result = load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": DEV_SECRET_KEY})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(**{**PRODUCTION, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode != 0


def test_debug_runs_with_the_development_key():
    result = run(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SECRET_KEY.startswith('django-insecure'))",
        DJANGO_DEBUG="1",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_a_malformed_boolean_fails_loudly():
    result = load_settings(**{**PRODUCTION, "DJANGO_DEBUG": "maybe"})

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_database_url_must_be_postgresql():
    result = load_settings(**PRODUCTION, DATABASE_URL="sqlite:///db.sqlite3")

    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://vitrine:pw@db:5432/museum", ("db", 5432, "museum", "vitrine")),
        (
            "postgresql://vitrine@%2Fvar%2Frun%2Fpostgresql/museum",
            ("/var/run/postgresql", "", "museum", "vitrine"),
        ),
    ],
)
def test_database_url_with_host_or_socket_directory(url, expected):
    from config.database import database_settings

    config = database_settings(url=url, embedded_dir="/unused")

    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == expected
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["CONN_MAX_AGE"] > 0


def test_production_settings_are_secure():
    result = run(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG)",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "False"]


def test_check_deploy_is_clean_under_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_environment(), **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_commands_that_need_no_database_do_not_start_it(tmp_path):
    pgdata = tmp_path / "pg"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean_environment(), **PRODUCTION, "EMBEDDED_PG_DIR": str(pgdata)},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert not pgdata.exists()
