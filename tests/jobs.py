"""A real job worker for tests: ``manage.py worker`` in a process of its own, on the
test database, sharing the test process's media folder. No eager or in-memory mode."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def database_url(params):
    """A postgresql:// URL for the connection parameters of Django's connection."""
    user = quote(params.get("user") or "")
    password = params.get("password")
    auth = f"{user}:{quote(password)}@" if password else f"{user}@"
    host, port, name = params.get("host") or "", params.get("port"), params["dbname"]
    if host.startswith("/"):  # a socket directory (the embedded server)
        return f"postgresql://{auth}/{quote(name)}?host={quote(host)}"
    return f"postgresql://{auth}{host}:{port or 5432}/{quote(name)}"


# Every worker this test process has started, so that a test which needs none running
# can stop them (tests/conftest.py, idle_queue).
STARTED = []


class Worker:
    """Start, kill and restart one worker process."""

    def __init__(self, url, media_root, log_path, env=None):
        self.url, self.media_root, self.log_path = url, media_root, log_path
        self.env = env or {}  # more variables, e.g. the S3 bucket's (tests/servers.py)
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media_root),
            "WORKER_HEARTBEAT_FILE": str(self.log_path.with_suffix(".heartbeat")),
            **self.env,
        }
        if self not in STARTED:
            STARTED.append(self)
        # The log is appended to by every start: only what this start writes counts.
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        # Procrastinate's own line: the worker is connected and listening for jobs.
        while b"Starting worker" not in self.log_path.read_bytes()[offset:]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The worker did not start:\n{self.output()}")
            time.sleep(0.1)
        return self

    def responsive(self):
        """Running, and its event loop has touched the heartbeat file lately."""
        from core.management.commands.worker import HEARTBEAT_SECONDS

        if self.process is None or self.process.poll() is not None:
            return False
        heartbeat = self.log_path.with_suffix(".heartbeat")
        try:
            return time.time() - heartbeat.stat().st_mtime < 3 * HEARTBEAT_SECONDS
        except FileNotFoundError:
            return False

    def kill(self):
        """As a crash or an out-of-memory killer would: no chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process:
            self.log.close()

    def output(self):
        return self.log_path.read_text(errors="replace")


def wait_for(condition, timeout=30, interval=0.1, what="the job"):
    """Poll ``condition()`` until it is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.\n{diagnosis()}")


def queue_drained():
    """True once no job is waiting or running: the jobs a job deferred are done too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")
        return cursor.fetchone() is None


def diagnosis():
    """What the queue and the workers were doing, for a test that timed out waiting."""
    from django.db import connection

    lines = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, status, attempts, scheduled_at FROM procrastinate_jobs"
            " ORDER BY id"
        )
        lines += [f"job {row}" for row in cursor.fetchall()]
        cursor.execute(
            "SELECT pid, state, wait_event_type, wait_event, left(query, 200)"
            " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        lines += [f"connection {row}" for row in cursor.fetchall()]
    for worker in STARTED:
        alive = worker.process is not None and worker.process.poll() is None
        tail = worker.output().splitlines()[-40:]
        lines += [f"worker {worker.log_path} alive={alive}:", *tail]
    return "\n".join(lines)
