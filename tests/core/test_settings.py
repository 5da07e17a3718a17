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


def printed(expression, **env):
    result = run(
        f"import django; django.setup(); from django.conf import settings; print({expression})",
        **{**PRODUCTION, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


S3 = {
    "S3_BUCKET": "museum-media",
    "S3_ENDPOINT_URL": "http://s3:9000",
    "S3_PUBLIC_URL": "https://media.museum.example.org",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def test_s3_bucket_puts_the_media_in_the_bucket_and_lets_pages_show_its_images():
    backend = printed("settings.STORAGES['default']['BACKEND']", **S3)
    options = printed("sorted(settings.STORAGES['default']['OPTIONS'].items())", **S3)
    images = printed("settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']", **S3)

    assert backend == "core.storage.BucketStorage"
    assert "('bucket_name', 'museum-media')" in options
    assert "('endpoint_url', 'http://s3:9000')" in options
    assert "('public_url', 'https://media.museum.example.org')" in options
    assert "('default_acl', None)" in options
    # The redirects from /media/ land there: the policy must allow images from it.
    assert "https://media.museum.example.org" in images


def test_without_s3_bucket_the_media_stay_on_disk():
    assert printed("settings.STORAGES['default']['BACKEND']") == (
        "django.core.files.storage.FileSystemStorage"
    )


@pytest.mark.parametrize(
    "extra",
    [{"MEDIA_URL": "https://media.museum.example.org/"}, {"DJANGO_MEDIA_ACCEL_REDIRECT": "/p/"}],
)
def test_s3_bucket_refuses_settings_that_would_skip_the_check(extra):
    result = load_settings(**PRODUCTION, **S3, **extra)

    assert result.returncode != 0
    assert "MEDIA_URL must be a path of this site" in result.stderr


def test_cache_url_shares_one_redis_cache_and_refuses_anything_else():
    assert printed("settings.CACHES['default']['BACKEND']", CACHE_URL="redis://cache:6379/0") == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert printed("settings.CACHES['default']['BACKEND']") == "core.cache.FolderCache"
    result = load_settings(**PRODUCTION, CACHE_URL="memcached://cache:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a redis://" in result.stderr


def test_transaction_pooling_turns_off_server_side_cursors_and_prepared_statements():
    database = "settings.DATABASES['default']"
    expression = f"{database}['DISABLE_SERVER_SIDE_CURSORS'], {database}['OPTIONS']"
    env = {"DATABASE_URL": "postgresql://vitrine@pgbouncer:6432/vitrine"}

    assert printed(expression, **env, DATABASE_TRANSACTION_POOLING="1") == (
        "True {'prepare_threshold': None}"
    )
    assert printed(f"{database}['DISABLE_SERVER_SIDE_CURSORS']", **env) == "False"
