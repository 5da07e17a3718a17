"""The embedded PostgreSQL is shared by every process of the project, and stopped
when the last of them exits. Each test runs real processes on a server of its own."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Connects, runs one statement, prints its first value, and keeps its connection until told to stop.
CLIENT = """
import sys, django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute(sys.argv[1])
    row = cursor.fetchone() if cursor.description else None
print(row[0] if row else "-", flush=True)
sys.stdin.readline()
"""


def start_client(pgdata, sql):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "EMBEDDED_PG_DIR": str(pgdata),
    }
    return subprocess.Popen(
        [sys.executable, "-c", CLIENT, sql],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(process):
    line = process.stdout.readline().strip()
    assert line, process.stderr.read()
    return line


def stop(process):
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.wait(timeout=60) == 0, process.stderr.read()


def server_pid(pgdata):
    pid_file = pgdata / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


def wait_until_stopped(pgdata, timeout=15):
    deadline = time.monotonic() + timeout
    while server_pid(pgdata) is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    return server_pid(pgdata) is None


def test_two_processes_share_one_server_and_data_survives_a_restart(tmp_path):
    pgdata = tmp_path / "pg"

    first = start_client(
        pgdata,
        "CREATE TABLE shared (note text); INSERT INTO shared VALUES ('Khâm Thiên'); "
        "SELECT pg_backend_pid()",
    )
    first_line(first)
    pid_after_first = server_pid(pgdata)
    second = start_client(pgdata, "SELECT note FROM shared")

    assert first_line(second) == "Khâm Thiên"
    assert server_pid(pgdata) == pid_after_first, "the second process started its own server"

    stop(first)
    assert server_pid(pgdata) == pid_after_first, "the server stopped while still in use"
    stop(second)
    assert wait_until_stopped(pgdata), "the server outlived the last process using it"

    third = start_client(pgdata, "SELECT note FROM shared")
    assert first_line(third) == "Khâm Thiên"
    stop(third)
    assert wait_until_stopped(pgdata)


def test_a_killed_process_does_not_keep_the_server_running(tmp_path):
    pgdata = tmp_path / "pg"
    killed = start_client(pgdata, "SELECT 1")
    first_line(killed)
    killed.kill()
    killed.wait()

    survivor = start_client(pgdata, "SELECT 2")
    assert first_line(survivor) == "2"
    stop(survivor)

    assert wait_until_stopped(pgdata)
