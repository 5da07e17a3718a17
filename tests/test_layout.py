"""The app boundaries the layout promises (README, Layout): core knows no app, the
collection knows neither exhibitions nor events, open data knows not the site, nothing
knows the site app, and no module outgrows a reader."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "collection", "exhibitions", "events", "opendata", "museum")
# Who may import whom (besides itself, config and Django).
ALLOWED = {
    "core": set(),
    "collection": {"core"},
    "exhibitions": {"core", "collection"},
    "events": {"core", "collection", "exhibitions"},
    "opendata": {"core", "collection", "exhibitions", "events"},
    "museum": {"core", "collection", "exhibitions", "events", "opendata"},
}
MAX_LINES = 500


def python_files(*folders):
    for folder in folders:
        yield from (ROOT / folder).rglob("*.py")


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_what_they_build_on(app):
    crossings = {
        f"{path.relative_to(ROOT)} imports {other}"
        for path in python_files(app)
        for other in imported_apps(path)
        if other != app and other not in ALLOWED[app]
    }
    assert list(python_files(app))
    assert sorted(crossings) == []


@pytest.mark.parametrize("app", ["core", "collection"])
def test_apps_reach_no_other_apps_tables_by_name(app):
    others = [other for other in APPS if other != app and other not in ALLOWED[app]]
    found = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in python_files(app)
        if "migrations" not in path.parts
        for other in others
        for needle in (f"{other}_", f'get_model("{other}"', f"get_model('{other}'")
        if needle in path.read_text()
    ]
    assert found == []


def test_no_module_is_over_500_lines():
    folders = [*APPS, "config", "bench", "tests"]
    long = {
        str(path.relative_to(ROOT)): lines
        for path in python_files(*folders)
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
