"""Helpers shared by the benchmarks. Standard library, psycopg and the project only.

For a benchmark ``bench/<name>.py`` (or a package ``bench/<name>/``):

- ``run(argv)`` parses its options with ``parse_known_args``: ``python -m bench`` hands
  the same options to every benchmark it runs, and each takes only those it knows.
- ``throwaway_database(name, keep=False)``: a context manager that creates an empty
  database on the project's PostgreSQL server (the embedded one, or ``DATABASE_URL``'s),
  yields a ``BenchDatabase`` (``.name``, ``.url``, ``.connect()``), and drops it on exit
  unless ``keep``. The development database is never touched.
- ``django_env(database_url, **extra)``: the environment for a ``manage.py`` or gunicorn
  child process with production settings pointed at that database.
- ``manage(*args, env=...)``: run ``manage.py`` in a child process; returns its stdout,
  raises ``CommandFailed`` with its output when it fails. ``run_module(name, *args,
  env=...)`` does the same for ``python -m name``: code that runs in a child process is
  a module of its own (linted and importable by tests), never a string.
- ``setup_django()``: the project's apps in this process, on its settings. The benchmark
  reads the models' ``_meta`` (tables, columns, defaults) and never queries through
  Django; its child modules (``python -m bench.site.profiling``...) set up Django with it.
- ``print_table(title, headers, rows)`` and ``write_json(name, data)``: every benchmark
  prints its figures as a table and writes them to ``bench/out/<name>.json``.
- ``percentiles(values)`` and ``timed()``: small measuring aids.
"""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
PYTHON = sys.executable
# A fresh one per run: the children refuse to start without a real-looking key.
THROWAWAY_SECRET_KEY = secrets.token_urlsafe(38)[:50]


class CommandFailed(RuntimeError):
    pass


def project_settings():
    """The project's settings, loaded in this process only to find the database server."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The settings refuse to load without a key when DEBUG is off; this process never
    # serves a request, so a throwaway key is enough.
    os.environ.setdefault("DJANGO_SECRET_KEY", THROWAWAY_SECRET_KEY)
    from django.conf import settings

    return settings


def setup_django():
    """Load the project's apps in this process: its models, and their ``_meta``."""
    project_settings()
    import django

    django.setup()


@dataclass
class BenchDatabase:
    name: str
    url: str  # DATABASE_URL for child processes
    params: dict  # psycopg.connect() keywords

    def connect(self, **kwargs):
        import psycopg

        return psycopg.connect(**self.params, dbname=self.name, **kwargs)


def _server():
    """(psycopg keywords, URL builder, maintenance database) for the project's server."""
    default = project_settings().DATABASES["default"]
    if default["ENGINE"] == "config.embedded":
        from config.database import embedded_server

        # Joining the embedded server also keeps it running until this process exits.
        socket_dir = embedded_server(default["EMBEDDED_DIR"])
        params = {"host": socket_dir, "user": default.get("USER") or "postgres"}

        def url(name):
            return f"postgresql://{params['user']}@/{name}?host={quote(socket_dir)}"

        return params, url, default["NAME"]

    source = urlsplit(os.environ["DATABASE_URL"])
    params = {
        key: value
        for key, value in {
            "host": default.get("HOST") or None,
            "port": default.get("PORT") or None,
            "user": default.get("USER") or None,
            "password": default.get("PASSWORD") or None,
            **default.get("OPTIONS", {}),
        }.items()
        if value is not None
    }

    def url(name):
        return urlunsplit(source._replace(path=f"/{name}"))

    return params, url, default["NAME"]


@contextlib.contextmanager
def throwaway_database(name, keep=False):
    """Create database ``name`` (dropping a leftover of a previous run first), yield a
    BenchDatabase, and drop it afterwards unless ``keep``."""
    import psycopg

    if not name.startswith("vitrine_bench_"):
        raise ValueError("Benchmark databases are named vitrine_bench_*, never anything else.")
    params, url, maintenance_db = _server()

    def admin(sql):
        with psycopg.connect(**params, dbname=maintenance_db, autocommit=True) as connection:
            connection.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    try:
        yield BenchDatabase(name=name, url=url(name), params=params)
    finally:
        if keep:
            print(f"Kept database {name}: DATABASE_URL='{url(name)}'")
        else:
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(database_url, **extra):
    """Production settings (DEBUG off, real secret) on the bench database, plain HTTP."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=THROWAWAY_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_MANIFEST="0",
        # A page cache of the bench's own, never the development site's.
        DJANGO_CACHE_DIR=tempfile.mkdtemp(prefix="vitrine-bench-cache-"),
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args, env):
    return _child([PYTHON, "manage.py", *args], f"manage.py {' '.join(args[:1])}", env)


def run_module(name, *args, env):
    """``python -m name args`` from the project's folder; its stdout."""
    return _child([PYTHON, "-m", name, *args], name, env)


def _child(command, label, env):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandFailed(
            f"{label} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentiles(values, points=(50, 95, 99)):
    """Nearest-rank percentiles of ``values``, by point: {50: ..., 95: ..., 99: ...}."""
    ordered = sorted(values)
    if not ordered:
        return dict.fromkeys(points)
    return {
        point: ordered[min(len(ordered) - 1, max(0, -(-point * len(ordered) // 100) - 1))]
        for point in points
    }


@contextlib.contextmanager
def timed(label, timings):
    """Record the seconds the block took in ``timings[label]`` and say so."""
    print(f"  {label} ...", end="", flush=True)
    start = time.perf_counter()
    yield
    timings[label] = round(time.perf_counter() - start, 2)
    print(f" {timings[label]:.1f} s", flush=True)


def print_table(title, headers, rows):
    """Print rows under headers, the first column left-aligned and the figures right."""
    cells = [[str(h) for h in headers]] + [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        first, *rest = zip(row, widths, strict=True)
        print("  ".join([first[0].ljust(first[1]), *(c.rjust(w) for c, w in rest)]))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        digits = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def write_json(name, data):
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nFigures written to {path.relative_to(ROOT)}")
    return path
