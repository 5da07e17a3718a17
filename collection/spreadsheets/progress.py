"""A running import job's progress and signs of life, for the archivist's page.

The write is one transaction, invisible to everyone else until it commits; its progress
must not be. Progress is written on a connection of its own, in autocommit, at most a
few times a second, and a thread beats the job's heartbeat every few seconds even while
one long statement runs, so a page can tell a slow job from a dead one.
"""

import threading
import time

import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

from collection.models import ImportJob

HEARTBEAT_SECONDS = 2
MIN_INTERVAL_SECONDS = 0.5


class JobProgress:
    """Callable as ``progress(done, total)``; a context manager that beats while open."""

    def __init__(self, job: ImportJob, step: str):
        self.job_id, self.first_step = job.pk, step
        self.table = ImportJob._meta.db_table
        self.last = 0.0
        self.stopped = threading.Event()

    def __enter__(self):
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self.connection = psycopg.connect(**params, autocommit=True)
        self._update("step = %s, done = 0, total = 0", [self.first_step])
        self.thread = threading.Thread(target=self._beat, daemon=True, name="job heartbeat")
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()
        self.connection.close()

    def step(self, step):
        """A new step of the job, its counts from zero."""
        self.last = 0.0
        self._update("step = %s, done = 0, total = 0", [step])

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last >= MIN_INTERVAL_SECONDS or (total and done >= total):
            self.last = now
            self._update("done = %s, total = %s", [done, total])

    def _beat(self):
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            self._update("", [])

    def _update(self, assignments, params):
        sets = ", ".join(filter(None, [assignments, "heartbeat_at = %s"]))
        self.connection.execute(
            f"UPDATE {self.table} SET {sets} WHERE id = %s",
            [*params, timezone.now(), self.job_id],
        )


def is_stalled(job: ImportJob, now=None) -> bool:
    """Running (not just waiting for a worker), and no sign of life for a while: its
    worker was killed or its machine restarted, and PostgreSQL rolled its transaction
    back when the connection died."""
    if job.state not in (job.State.CHECKING, job.State.WRITING) or job.heartbeat_at is None:
        return False
    age = ((now or timezone.now()) - job.heartbeat_at).total_seconds()
    return age > settings.IMPORT_JOB_STALLED_SECONDS
