"""Run a background job worker: ``python manage.py worker`` (``make worker``).

Jobs live in PostgreSQL (Procrastinate): workers on any number of machines share one
queue through the database, with no broker. While the worker's event loop is alive it
touches a heartbeat file every few seconds; ``worker --check`` (the compose health
check) exits non-zero when that file is stale or missing.
"""

import asyncio
import contextlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from procrastinate.contrib.django import app

HEARTBEAT_SECONDS = 5
STALE_AFTER_SECONDS = 30


def heartbeat_path():
    return Path(settings.WORKER_HEARTBEAT_FILE)


class Command(BaseCommand):
    help = "Run a background job worker in the foreground (Ctrl-C stops it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            default=1,
            help="Jobs run at once by this worker (default 1; start more workers instead).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit 0 if this machine's worker is alive (its heartbeat is recent), else 1.",
        )
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Stop once the queue is empty instead of waiting for new jobs.",
        )

    def handle(self, *args, concurrency=1, check=False, burst=False, **options):
        if check:
            self.check_alive()
            return
        # Start (or join) the embedded PostgreSQL before the worker's own connections.
        connection.ensure_connection()
        connection.close()
        self.stdout.write(f"Job worker running (pid {os.getpid()}); Ctrl-C stops it.")
        with app.replace_connector(app.connector.get_worker_connector()):
            asyncio.run(self.run(concurrency=concurrency, wait=not burst))

    async def run(self, **options):
        beating = asyncio.create_task(self.beat())
        try:
            async with app.open_async():
                await app.run_worker_async(**options)
        finally:
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
            heartbeat_path().unlink(missing_ok=True)

    async def beat(self):
        path = heartbeat_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            path.write_text(str(os.getpid()))
            await asyncio.sleep(HEARTBEAT_SECONDS)

    def check_alive(self):
        path = heartbeat_path()
        try:
            age = time.time() - path.stat().st_mtime
        except FileNotFoundError:
            raise CommandError("No worker is running on this machine.") from None
        if age > STALE_AFTER_SECONDS:
            raise CommandError(f"The worker's last heartbeat was {age:.0f} s ago.")
        self.stdout.write(f"Worker alive (heartbeat {age:.0f} s ago).")
