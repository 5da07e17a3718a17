"""The files that deploy and check Vitrine: compose, the Dockerfile and CI."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps as django_apps

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_compose_file_is_accepted_by_docker_compose():
    env = {
        **os.environ,
        "POSTGRES_PASSWORD": "pw",
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "museum.example.org",
    }
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "postgres:18" in result.stdout
    assert "/healthz" in result.stdout
    assert "migrate" in result.stdout


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


def test_ci_runs_make_test_and_requires_the_browser():
    script = (ROOT / ".ci" / "run").read_text()

    assert "REQUIRE_BROWSER=1" in script
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
