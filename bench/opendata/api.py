"""The JSON API's object list, paged through from the first object to the last:
``python -m bench opendata [--objects N] [--limit L] [--keep]`` (its ``api`` part),
in pages of the largest ``limit`` the API allows unless told.

The collection is the site benchmark's (bench.site.dataset: N published objects, drafts,
people, places, subjects, images, written with COPY) in a throwaway database. A child
process on that database (``python -m bench.opendata.api --child LIMIT``, production
settings, the page cache on) then, in the same run:

1. reads the rows a page of the list reads, for every published object, with one plain
   SELECT in the list's order (psycopg through Django's connection): the baseline;
2. follows ``next`` from ``/api/v1/objects?limit=L`` to the last page through Django's
   test client, in-process: every page a cache miss, rendered, checked and stored;
3. does it again: the first page now from the page cache, the others written again
   (a page asked for by its cursor is not kept there; each is asked for once).

Reported: objects per second of each, and the first as a share of the baseline (target
at least 0.3). No timing is asserted anywhere; tests/opendata/test_api_bench.py checks
that the passes see every published object.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import (
    django_env,
    manage,
    print_table,
    run_module,
    setup_django,
    throwaway_database,
    timed,
    write_json,
)

DATABASE = "vitrine_bench_api"
TARGET = 0.3


def run(argv):
    setup_django()
    from bench.site import dataset
    from opendata.api.pagination import MAX_LIMIT

    parser = argparse.ArgumentParser(prog="python -m bench opendata", description=__doc__)
    parser.add_argument("--objects", type=int, default=100_000, help="published objects")
    parser.add_argument(
        "--limit", type=int, default=MAX_LIMIT, help=f"objects per page (1-{MAX_LIMIT})"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options, _ = parser.parse_known_args(argv)

    figures = {"options": vars(options), "timings_s": {}}
    print(f"JSON API benchmark: {options.objects:,} objects, pages of {options.limit}")
    with (
        tempfile.TemporaryDirectory(prefix="vitrine-bench-") as scratch,
        throwaway_database(DATABASE, keep=options.keep) as database,
    ):
        media_root = Path(scratch) / "media"
        # One client asks for every page: the rate limit is not what is measured.
        env = django_env(database.url, MEDIA_ROOT=media_root, API_RATE="1000000/s")
        with timed("migrate", figures["timings_s"]):
            manage("migrate", "--no-input", env=env)
        with (
            timed(f"generate {options.objects:,} objects", figures["timings_s"]),
            database.connect() as connection,
            connection.cursor() as cursor,
        ):
            figures["data"] = dataset.generate(cursor, options.objects, media_root)
        with (
            timed("vacuum analyze", figures["timings_s"]),
            database.connect(autocommit=True) as connection,
        ):
            connection.execute("VACUUM ANALYZE")
        with timed("page through the API", figures["timings_s"]):
            out = run_module("bench.opendata.api", "--child", str(options.limit), env=env)
        figures["passes"] = json.loads(out.strip().splitlines()[-1])
    summarise(figures)
    write_json("opendata-api", figures)
    return figures


def summarise(figures):
    passes = figures["passes"]
    baseline = passes["select"]["objects_per_s"]
    rows = [
        (
            name,
            figures_["objects"],
            figures_["pages"],
            figures_["seconds"],
            figures_["objects_per_s"],
            figures_["objects_per_s"] / baseline,
        )
        for name, figures_ in passes.items()
    ]
    print_table(
        "Every published object, first to last",
        ["pass", "objects", "pages", "s", "objects/s", "x SELECT"],
        rows,
    )
    ratio = passes["api"]["objects_per_s"] / baseline
    met = "met" if ratio >= TARGET else "missed"
    print(f"\nTarget: API (uncached) >= {TARGET} x SELECT: {ratio:.2f}, {met}")
    if passes["api"]["objects"] != figures["data"]["published_objects"]:
        print("WARNING: the API did not give every published object")


# --- the child process, on the bench database -----------------------------------------


def select_baseline():
    """Every published object's row as a list page reads it, in the list's order, with
    one plain SELECT: (objects, seconds)."""
    from django.db import connection

    from opendata.api.objects import ORDERS, list_queryset

    queryset = ORDERS["number"].apply(list_queryset())
    sql, params = queryset.query.sql_with_params()
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        count = len(cursor.fetchall())
    return count, time.perf_counter() - start


def page_through(client, limit):
    """Follow ``next`` from the first page of the object list to the last: (objects,
    pages, seconds). Every answer must be a 200."""
    address, objects, pages = f"/api/v1/objects?limit={limit}", 0, 0
    start = time.perf_counter()
    while address:
        response = client.get(address)
        if response.status_code != 200:
            raise RuntimeError(f"{address}: {response.status_code} {response.content[:300]!r}")
        page = json.loads(response.content)
        objects += len(page["results"])
        pages += 1
        address = page["next"]
    return objects, pages, time.perf_counter() - start


def figures_of(objects, pages, seconds):
    return {
        "objects": objects,
        "pages": pages,
        "seconds": round(seconds, 3),
        "objects_per_s": round(objects / seconds, 1),
    }


def child(limit):
    setup_django()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/api/v1/objects?limit=1")  # opens the connection, loads the code
    objects, seconds = select_baseline()
    passes = {"select": figures_of(objects, 1, seconds)}
    passes["api"] = figures_of(*page_through(client, limit))
    passes["api, page cache"] = figures_of(*page_through(client, limit))
    print(json.dumps(passes))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        run(sys.argv[1:])
