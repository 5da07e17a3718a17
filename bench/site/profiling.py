"""Where the time goes: one uncached request to each page, timed query by query.

``profile(env, data)`` runs in the benchmark. It runs
``python -m bench.site.profiling OBJECT_ID EXHIBITION_SLUG`` in a child process on the
bench database, with production settings (DEBUG off): each page is requested once
through Django's test client, its queries are timed, the slowest is run again under
``EXPLAIN (ANALYZE, BUFFERS)``, and the figures, with the number of objects each search
term matches, are printed as JSON.
"""

import json
import sys
import time

from django.db import connection

from bench.common import CommandFailed, run_module, setup_django
from bench.site.load import SEARCH_TERMS, exhibition_path, object_path, search_path


def profile(env, data):
    """The child's figures, or ``{"error": ...}`` when it failed (the load still runs)."""
    object_id = data["published_objects"] // 2
    try:
        out = run_module(__name__, str(object_id), data["exhibition_slug"], env=env)
        return json.loads(out.strip().splitlines()[-1])
    except (CommandFailed, ValueError, IndexError) as error:
        print(f"\n  profile failed: {error}")
        return {"error": str(error)}


def pages(object_id, exhibition_slug):
    """(name, path) of each page profiled."""
    return [
        ("home", "/en/"),
        ("browse", "/en/collection/"),
        ("browse page 3 photographs", "/en/collection/?kind=photograph&page=3"),
        ("object", object_path(object_id)),
        ("exhibition", exhibition_path(exhibition_slug)),
        *((f"search {term!r}", search_path(term)) for term in SEARCH_TERMS),
    ]


def profile_page(client, path, number):
    """One uncached request to ``path``: its time, size, queries and the slowest's plan;
    then the same URL again, a page cache hit."""
    # ``_bench`` asks the bench's page cache for a page rendered afresh (bench.site.thin).
    busted = path + ("&" if "?" in path else "?") + f"_bench={number}"
    client.get(busted)  # a first request loads templates and opens the connection
    log = []
    with connection.execute_wrapper(timing(log)):
        start = time.perf_counter()
        response = client.get(busted)
        elapsed = time.perf_counter() - start
    client.get(path)
    start = time.perf_counter()
    client.get(path)
    hit = time.perf_counter() - start
    timed = sorted(log, reverse=True)
    return {
        "path": path,
        "status": response.status_code,
        "ms": round(elapsed * 1000, 1),
        "hit_ms": round(hit * 1000, 1),
        "kb": round(len(response.content) / 1024, 1),
        "queries": len(timed),
        "sql_ms": round(sum(ms for ms, _ in timed), 1),
        "slowest": [{"ms": round(ms, 1), "sql": sql[:3000]} for ms, sql in timed[:3]],
        "slowest_plan": plan(timed[0][1]) if timed else None,
    }


def timing(log):
    """An execute wrapper appending (milliseconds, SQL with its parameters) to ``log``."""

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            log.append((ms, connection.ops.last_executed_query(context["cursor"], sql, params)))

    return wrapper


def plan(sql):
    """EXPLAIN (ANALYZE, BUFFERS) of a SELECT, as lines; None for any other statement."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [line for (line,) in cursor.fetchall()]


def search_matches(terms):
    # Imported here: the child process imports this module before it sets Django up.
    from collection.models import Item

    try:
        return {term: len(Item.objects.published().search(term)) for term in terms}
    except Exception as error:  # a search that fails is reported with the figures
        return {"error": repr(error)}


def main(argv):
    setup_django()
    from django.test import Client

    object_id, exhibition_slug = int(argv[0]), argv[1]
    client = Client(HTTP_HOST="127.0.0.1")
    result = {
        name: profile_page(client, path, number)
        for number, (name, path) in enumerate(pages(object_id, exhibition_slug))
    }
    print(json.dumps({"pages": result, "search_matches": search_matches(SEARCH_TERMS)}))


if __name__ == "__main__":
    main(sys.argv[1:])
