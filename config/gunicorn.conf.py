"""gunicorn's configuration, read with ``gunicorn -c config/gunicorn.conf.py``."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
wsgi_app = "config.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Django is imported once in the master and forked, so a recycled worker starts at
# once instead of importing everything again on a busy two-core machine. Django opens
# no database connection at import, so nothing is shared across the fork.
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
# Logs go to stdout and stderr for the container's collector; Django's own logging
# writes key=value lines there too.
accesslog = "-"
errorlog = "-"
access_log_format = (
    'time=%(t)s level=INFO logger=gunicorn.access remote=%(h)s method=%(m)s path="%(U)s" '
    'status=%(s)s bytes=%(B)s duration_us=%(D)s agent="%(a)s"'
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
