"""The files that deploy and check Vitrine: compose, the Dockerfile and CI."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parents[2]


needs_compose = pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose not installed"
)
# Long-running services, each health-checked; `migrate` and `s3-bucket` run once and exit.
SERVICES = {"db", "cache", "web", "worker", "proxy"}


def compose_config(*options):
    env = {
        **os.environ,
        "POSTGRES_PASSWORD": "pw",
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "museum.example.org",
    }
    return subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", *options, "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def compose_services(profile=None):
    """The services `docker compose up` starts, or with ``--profile``."""
    result = compose_config()
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    return {
        name: service
        for name, service in services.items()
        if not service.get("profiles") or profile in service["profiles"]
    }


@needs_compose
def test_compose_file_is_accepted_by_docker_compose():
    result = compose_config()

    assert result.returncode == 0, result.stderr
    assert "postgres:18" in result.stdout
    assert "/healthz" in result.stdout
    assert "migrate" in result.stdout


@needs_compose
def test_compose_scales_web_nodes_and_workers_behind_the_proxy_with_a_shared_cache():
    services = compose_services()

    assert set(services) == SERVICES | {"migrate"}
    assert services["cache"]["image"].startswith("valkey/")
    for name in ("web", "worker"):
        # No host port, no fixed name: `--scale web=3` starts three beside each other.
        assert "ports" not in services[name], name
        assert "container_name" not in services[name], name
        assert services[name]["environment"]["CACHE_URL"] == "redis://cache:6379/0"
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert services["proxy"]["ports"]
    mounted = [volume.split(":")[0] for volume in services["proxy"]["volumes"]]
    assert str(ROOT / "config" / "nginx.conf") in mounted
    assert "proxy_pass $web" in (ROOT / "config" / "nginx.conf").read_text()


@needs_compose
def test_every_long_running_service_is_health_checked():
    services = compose_services(profile="s3")

    for name in SERVICES | {"s3"}:
        check = services[name].get("healthcheck", {})
        assert check.get("test"), name
        assert not check.get("disable"), name


@needs_compose
def test_the_s3_server_comes_only_with_its_profile():
    assert "s3" not in compose_services()
    assert set(compose_services(profile="s3")) == SERVICES | {"migrate", "s3", "s3-bucket"}


def test_dockerfile_copies_only_files_that_exist():
    sources = []
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            sources += [s for s in line.split()[1:-1] if not s.startswith("--")]

    assert sources
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert missing == []


def test_dockerfile_copies_every_app():
    dockerfile = (ROOT / "Dockerfile").read_text()
    apps = [p.parent.name for p in ROOT.glob("*/apps.py")]
    installed = [c.name for c in django_apps.get_app_configs() if Path(c.path).parent == ROOT]

    # Every app on disk is installed and every installed app of ours is on disk.
    assert apps
    assert sorted(apps) == sorted(installed)
    for app in apps:
        assert re.search(rf"^COPY {app} ", dockerfile, re.MULTILINE), app


def test_the_images_collectstatic_step_succeeds_with_hashed_names(tmp_path):
    """The Dockerfile's step as it runs there: production settings, the manifest storage,
    which fails on any file a stylesheet or script points to that is not there (a source
    map a vendored file names, say)."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "collectstatic-only-" + "x" * 40,
        "DJANGO_STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_ci_runs_make_test_and_requires_the_browser_and_redis():
    script = (ROOT / ".ci" / "run").read_text()

    assert "REQUIRE_BROWSER=1" in script
    assert "REQUIRE_REDIS=1" in script
    assert "need+=(redis-server)" in script
    assert "make test" in script
    assert "apt-get install" in script


BROWSER_PROBE = """
import pytest
pytestmark = pytest.mark.browser
def test_probe(browser):
    assert browser.version
"""


def run_probe(tmp_path, **env):
    probe = ROOT / "tests" / "browser" / f"test_probe_{os.getpid()}_{tmp_path.name}.py"
    probe.write_text(BROWSER_PROBE)
    try:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(probe)],
            cwd=ROOT,
            # No Chromium on this PATH.
            env={
                **os.environ,
                "PATH": str(Path(sys.executable).parent),
                "CHROMIUM_PATH": "",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        probe.unlink()


def test_missing_chromium_skips_browser_tests_loudly(tmp_path):
    result = run_probe(tmp_path, REQUIRE_BROWSER="")

    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "BROWSER TESTS NOT RUN" in result.stdout


def test_missing_chromium_fails_browser_tests_when_required(tmp_path):
    result = run_probe(tmp_path, REQUIRE_BROWSER="1")

    assert result.returncode != 0
    assert "REQUIRE_BROWSER=1" in result.stdout


REDIS_PROBE = """
def test_probe(redis_server):
    assert redis_server.port
"""


def run_redis_probe(tmp_path, **env):
    probe = ROOT / "tests" / f"test_redis_probe_{os.getpid()}_{tmp_path.name}.py"
    probe.write_text(REDIS_PROBE)
    try:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(probe)],
            cwd=ROOT,
            # No redis-server on this PATH.
            env={**os.environ, "PATH": str(Path(sys.executable).parent), **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        probe.unlink()


def test_missing_redis_skips_the_shared_cache_tests_loudly(tmp_path):
    result = run_redis_probe(tmp_path, REQUIRE_REDIS="")

    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "SHARED CACHE TESTS NOT RUN" in result.stdout


def test_missing_redis_fails_the_shared_cache_tests_when_required(tmp_path):
    result = run_redis_probe(tmp_path, REQUIRE_REDIS="1")

    assert result.returncode != 0
    assert "REQUIRE_REDIS=1" in result.stdout
