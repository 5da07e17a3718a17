"""The server under load: gunicorn as configured for production, on 127.0.0.1."""

import contextlib
import http.client
import signal
import subprocess
import time

from bench.common import ROOT, free_port


@contextlib.contextmanager
def gunicorn(env, workers, log_path, max_requests=None):
    """Serve the bench database with ``config/gunicorn.conf.py`` on a free port, yield
    the port, and stop the server afterwards; its output goes to ``log_path``."""
    port = free_port()
    server = start_gunicorn(env, port, workers, log_path, max_requests)
    try:
        yield port
    finally:
        stop_gunicorn(server)


def log_summary(log_path):
    """The server's own account of the run: worker (re)boots and its last lines."""
    log = log_path.read_text(errors="replace")
    return {"worker_boots": log.count("Booting worker"), "log_tail": log.splitlines()[-5:]}


def start_gunicorn(env, port, workers, log_path, max_requests=None):
    """gunicorn as configured for production, on 127.0.0.1:port."""
    env = {**env, "HOST": "127.0.0.1", "PORT": port, "WEB_CONCURRENCY": workers}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py"]
    if max_requests is not None:
        command += ["--max-requests", str(max_requests)]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={k: str(v) for k, v in env.items()},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{log_path.read_text()}")


def stop_gunicorn(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    server.log.close()


def fetch(port, path, connection=None):
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.will_close:
        connection.close()
    return response.status, body
