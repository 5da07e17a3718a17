"""Real servers for tests, each in a process of its own on 127.0.0.1 and a free port:
redis-server (the shared cache), moto's S3 server (the bucket) and Vitrine itself under
gunicorn (a web node). No mock inside the test process."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A process that answers once ``ready()`` is true, stopped with SIGTERM."""

    name = "server"

    def __init__(self, log_path):
        self.log_path = log_path
        self.port = free_port()
        self.process = None

    def command(self):
        raise NotImplementedError

    def environment(self):
        return os.environ

    def ready(self):
        raise NotImplementedError

    def start(self, timeout=30):
        return self.launch().wait_until_ready(timeout)

    def launch(self):
        """Start the process without waiting for it (several start side by side)."""
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        return self

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while not self.ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not start:\n{self.output()}")
            time.sleep(0.1)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process:
            self.log.close()

    def output(self):
        return self.log_path.read_text(errors="replace")

    def answers(self, path):
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


class RedisServer(Server):
    """Debian's redis-server, keeping nothing on disk."""

    name = "redis-server"

    @staticmethod
    def binary():
        return shutil.which("redis-server")

    def command(self):
        return [
            self.binary(),
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.log_path.parent),
        ]  # fmt: skip

    def ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class S3Server(Server):
    """moto's standalone S3-compatible server (``moto[server]``, a dev dependency)."""

    name = "moto S3 server"
    access_key, secret_key, region = "vitrine-test", "vitrine-test-secret", "us-east-1"

    def command(self):
        return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]

    def ready(self):
        return self.answers("/moto-api/data.json")

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def environment_for(self, bucket):
        """The variables that put a Vitrine process's media in ``bucket``."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": self.region,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
        }


class WebNode(Server):
    """One web node: gunicorn with one worker, on the test database."""

    name = "web node"

    def __init__(self, log_path, env):
        super().__init__(log_path)
        self.env = env

    def command(self):
        return [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]

    def environment(self):
        return {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "1",
            **self.env,
        }

    def ready(self):
        return self.answers("/healthz")


class Bucket:
    """A bucket on the S3 server, as a test's default file storage, and what anyone
    without its keys gets from it."""

    def __init__(self, server, name):
        self.server, self.name = server, name
        self.client = server.client()

    @classmethod
    def create(cls, server, settings, name=None):
        """A new bucket, or ``name`` emptied; the default storage while the test runs."""
        from config.storage import media_storage

        bucket = cls(server, name or f"vitrine-{uuid.uuid4().hex[:16]}")
        if name and name in {b["Name"] for b in bucket.client.list_buckets()["Buckets"]}:
            for key in bucket.names():
                bucket.client.delete_object(Bucket=bucket.name, Key=key)
        else:
            bucket.client.create_bucket(Bucket=bucket.name)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": media_storage(
                bucket=bucket.name,
                endpoint_url=server.url,
                region=server.region,
                access_key=server.access_key,
                secret_key=server.secret_key,
            ),
        }
        return bucket

    def names(self):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def fetch(self, url):
        """(status, body, headers) of a plain GET, as a browser without keys makes it."""
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def anonymous_get(self, key):
        """The status of a plain, unsigned GET of ``key``."""
        return self.fetch(f"{self.server.url}/{self.name}/{key}")[0]
