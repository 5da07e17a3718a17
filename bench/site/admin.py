"""The curators' change list at scale: ``python -m bench.site.admin`` in a child process
on the bench database, signed in as a superuser through Django's test client. Each page
is requested once to warm up, then timed five times; the median counts. Target: every
one under 300 ms."""

import json
import statistics
import time

from bench.common import CommandFailed, run_module, setup_django

TARGET_MS = 300
CHANGELIST = "/admin/collection/item/"
# Four words of titles in both languages, an accession number's beginning, a person, a
# place typed without its accents, a word in almost half the collection.
SEARCHES = ["kham thien bach mai", "BTHN.1972.0001", "chu chi thanh", "hang day", "hanoi"]


def measure(env):
    try:
        return json.loads(run_module(__name__, env=env).strip().splitlines()[-1])
    except (CommandFailed, ValueError, IndexError) as error:
        print(f"\n  admin timings failed: {error}")
        return {"error": str(error)}


def timed(client, path, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    runs = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, params)
            runs.append((time.perf_counter() - start) * 1000)
    return {
        "ms": round(statistics.median(runs), 1),
        "queries": len(queries.captured_queries),
        "results": response.context["cl"].result_count,
    }


def main():
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the response's context, for the number of results

    from collection.models import Creator

    user, _ = User.objects.get_or_create(
        username="bench-curator", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    person = Creator.objects.values_list("person", flat=True).first()
    pages = {"change list": {}, "filtered by a person": {"creators__id__exact": person}}
    pages.update({f"search {term!r}": {"q": term} for term in SEARCHES})
    result = {name: timed(client, CHANGELIST, params) for name, params in pages.items()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
