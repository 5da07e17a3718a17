"""The public site under load: ``python -m bench site [--objects N] [--duration S] ...``.

Builds a throwaway database of N published objects (plus drafts, people, places,
subjects, images and one exhibition) with COPY, serves it with gunicorn as in
production, and measures requests per second of each public page as a ratio to
``/healthz`` on the same server in the same run, with latency percentiles. Search is
also timed one request at a time with the page cache defeated: that is the search work
itself, which the target (p95 < 50 ms) is about. See bench/README.md.

One module per step: ``dataset`` (with ``copying`` and ``words``) writes the database,
``search_documents`` and ``profiling`` run in child processes on it, ``server`` serves
it, ``load`` requests it, ``report`` prints the tables.
"""

import argparse
import tempfile
from pathlib import Path

from bench.common import (
    OUT_DIR,
    django_env,
    manage,
    setup_django,
    throwaway_database,
    timed,
    write_json,
)

DATABASE = "vitrine_bench_site"


def run(argv):
    parser = argparse.ArgumentParser(prog="python -m bench site", description=__doc__)
    parser.add_argument("--objects", type=int, default=100_000, help="published objects")
    parser.add_argument("--duration", type=float, default=5, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before measuring")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="override gunicorn's max_requests (0: never recycle workers)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options, _ = parser.parse_known_args(argv)

    setup_django()
    # Imported once Django is set up (the dataset is written in the models' columns), and
    # not by the package itself: `python -m bench.site.profiling`, a child process,
    # imports this package first and must not find its own module imported already.
    from bench.site import admin, dataset, load, profiling, report, search_documents, server

    figures = {"options": vars(options), "timings_s": {}}
    timings = figures["timings_s"]
    print(
        f"Site benchmark: {options.objects:,} objects, {options.workers} gunicorn workers, "
        f"{options.concurrency} clients, {options.duration:g} s per page"
    )
    with (
        tempfile.TemporaryDirectory(prefix="vitrine-bench-") as scratch,
        throwaway_database(DATABASE, keep=options.keep) as database,
    ):
        media_root = Path(scratch) / "media"
        env = django_env(database.url, MEDIA_ROOT=media_root)
        with timed("migrate", timings):
            manage("migrate", "--no-input", env=env)
            manage("createcachetable", env=env)
        with (
            timed(f"generate {options.objects:,} objects", timings),
            database.connect() as connection,
            connection.cursor() as cursor,
        ):
            data = figures["data"] = dataset.generate(cursor, options.objects, media_root)
        with timed("search documents", timings):
            last_id = data["published_objects"] + data["draft_objects"]
            data["search_documents"] = search_documents.fill(env, database, last_id)
        with timed("vacuum analyze", timings), database.connect(autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        # The site's settings with the thin baseline beside it (bench.site.thin).
        env["DJANGO_SETTINGS_MODULE"] = "bench.site.settings"
        with timed("profile queries (EXPLAIN ANALYZE)", timings):
            figures["profile"] = profiling.profile(env, data)
        with timed("admin change list", timings):
            figures["admin"] = admin.measure(env)
        # Kept beside the figures: the server's own account of any non-200 answer.
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        log_path = OUT_DIR / "site-gunicorn.log"
        with server.gunicorn(env, options.workers, log_path, options.max_requests) as port:
            figures["load"] = load.measure(port, data, options)
            figures["search_serial"] = load.measure_search_serially(port)
        figures["gunicorn"] = server.log_summary(log_path)
    report.summarise(figures)
    write_json("site", figures)
    return figures
