"""An admin import over HTTP under gunicorn: ``python -m bench admin_import [--rows N]``.

The archivist's path, end to end, with ``config/gunicorn.conf.py`` as shipped (its 30 s
timeout included) and a real job worker beside it: sign in, upload an N-row CSV
(default 200,000), wait for the check, confirm, and follow the progress page's JSON until
the import is done. Every request is timed; the progress is sampled twice a second, and
the longest stretch without it moving is reported. Targets: the import completes, no
request takes longer than 5 s, progress moves at least every 5 s.
"""

import argparse
import contextlib
import http.cookiejar
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.common import PYTHON, ROOT, django_env, manage, print_table, throwaway_database
from bench.common import write_json as save_json
from bench.importing import write_catalogue
from bench.site.server import gunicorn

DATABASE = "vitrine_bench_admin_import"
REQUEST_TARGET_S = 5
PROGRESS_TARGET_S = 5
PASSWORD = "bench-" + "p" * 20


class TLSProxyCookies(http.cookiejar.DefaultCookiePolicy):
    """The server is told it is behind a TLS proxy (as in production), so its cookies are
    Secure; this client is the proxy's side of the connection and sends them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    """Just enough of one: cookies, CSRF tokens, timed requests."""

    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar(policy=TLSProxyCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.durations = []

    def request(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Referer", self.base.replace("http:", "https:") + path)
        started = time.perf_counter()
        with self.opener.open(request, timeout=120) as response:
            body = response.read()
            url = response.geturl()
        self.durations.append((time.perf_counter() - started, path))
        return url, body

    def csrf(self, body):
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def post_form(self, path, fields, files=None):
        _url, page = self.request(path)
        fields = {"csrfmiddlewaretoken": self.csrf(page), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request(path, b"".join(parts), headers)


def run(argv):
    parser = argparse.ArgumentParser(prog="python -m bench admin_import")
    parser.add_argument("--rows", type=int, default=200_000)
    options, _ = parser.parse_known_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="vitrine-bench-admin-import-") as folder,
        throwaway_database(DATABASE) as database,
    ):
        folder = Path(folder)
        catalogue = folder / "catalogue.csv"
        write_catalogue(catalogue, options.rows, prefix="HTTP", seed=5)
        print(f"  {options.rows:,} rows, {catalogue.stat().st_size / 1e6:.1f} MB of CSV")
        env = django_env(database.url) | {
            "MEDIA_ROOT": str(folder / "media"),
            "WORKER_HEARTBEAT_FILE": str(folder / "heartbeat"),
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
            "DJANGO_BEHIND_TLS_PROXY": "1",
            # The generated rows are long (descriptions in two languages): 200,000 of them
            # make some 120 MB, over the default limit of 100 MiB.
            "IMPORT_MAX_BYTES": str(max(100 * 2**20, 2 * catalogue.stat().st_size)),
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
        manage("migrate", "--no-input", env=env)
        manage("createsuperuser", "--no-input", "--username", "bench", "--email", "b@x.org",
               env=env)  # fmt: skip
        with (
            gunicorn(env, workers=2, log_path=folder / "gunicorn.log") as port,
            worker(env, folder / "worker.log"),
        ):
            figures = follow_an_import(Browser(port), catalogue, options.rows)
    report(figures)


@contextlib.contextmanager
def worker(env, log_path):
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "manage.py", "worker"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(30)


def follow_an_import(browser, catalogue, rows):
    browser.post_form("/admin/login/?next=/admin/", {"username": "bench", "password": PASSWORD})
    started = time.perf_counter()
    url, _ = browser.post_form(
        "/admin/collection/item/import/",
        {},
        {"spreadsheet": ("catalogue.csv", catalogue.read_bytes())},
    )
    job_path = urllib.parse.urlsplit(url).path
    status_path = job_path + "status.json"
    samples = []

    def poll_until(states):
        while True:
            _url, body = browser.request(status_path)
            status = json.loads(body)
            samples.append((time.perf_counter(), status["state"], status["step"], status["done"]))
            if status["state"] in states:
                return status
            if status["state"] in ("failed", "cancelled"):
                raise RuntimeError(f"The import {status['state']}: {status['error']}")
            time.sleep(0.5)

    poll_until({"checked"})
    checked = time.perf_counter()
    _url, page = browser.request(job_path)
    confirm = job_path + "confirm/"
    token = browser.csrf(page)
    browser.request(
        confirm,
        urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    done = poll_until({"done"})
    finished = time.perf_counter()
    return {
        "rows": rows,
        "counts": done["counts"],
        "check_seconds": round(checked - started, 1),
        "write_seconds": round(finished - checked, 1),
        "total_seconds": round(finished - started, 1),
        "slowest_requests": sorted(browser.durations, reverse=True)[:3],
        "longest_progress_gap_seconds": round(longest_gap(samples)[0], 1),
        "longest_progress_gap_at": longest_gap(samples)[1],
        "samples": len(samples),
    }


def longest_gap(samples):
    """The longest stretch of time over which the page showed no change: the same state,
    step and count."""
    longest, since, last, where = 0.0, None, None, None
    for moment, *shown in samples:
        if shown != last:
            if since is not None and moment - since > longest:
                longest, where = moment - since, last
            since, last = moment, shown
    return longest, where


def report(figures):
    slowest = figures["slowest_requests"][0]
    print_table(
        "Admin import over HTTP (gunicorn as configured, one job worker)",
        ["measure", "value", "target"],
        [
            ["rows", figures["rows"], None],
            ["new objects", figures["counts"]["new"], figures["rows"]],
            ["upload and check, s", figures["check_seconds"], None],
            ["confirm to done, s", figures["write_seconds"], None],
            ["slowest request, s", f"{slowest[0]:.2f} ({slowest[1]})", f"< {REQUEST_TARGET_S}"],
            [
                "longest time without progress, s",
                figures["longest_progress_gap_seconds"],
                f"< {PROGRESS_TARGET_S}",
            ],  # fmt: skip
        ],
    )
    save_json("admin_import", figures)


if __name__ == "__main__":
    run(sys.argv[1:])
