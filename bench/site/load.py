"""The load: which pages are requested, by how many clients, and what is measured.

Each scenario is a page type requested back to back by C clients (threads) for the
warm-up and then the measured duration; search is also requested one request at a time
with the page cache defeated, which is the search work itself.
"""

import http.client
import itertools
import random
import threading
import time
from collections import Counter
from urllib.parse import quote_plus

from bench.common import percentiles
from bench.site.server import fetch

# A place, a hospital, a stadium, a phrase with a year, a person, a rare word, a word
# in almost half the collection, and a place typed with its diacritics.
SEARCH_TERMS = [
    "kham thien",
    "bach mai",
    "hang day",
    "photograph 1972",
    "chu chi thanh",
    "coracle",
    "hanoi",
    "Khâm Thiên",
]
BROWSE_PATHS = [
    "/en/collection/",
    "/en/collection/?page=3",
    "/en/collection/?kind=photograph",
    "/vi/collection/?kind=document&page=2",
    "/en/collection/?sort=-date",
    "/vi/collection/",
]


def search_path(term):
    return f"/en/search/?q={quote_plus(term)}"


def object_path(pk):
    return f"/en/collection/objects/{pk}/"


def exhibition_path(slug):
    return f"/en/exhibitions/{slug}/"


def scenarios(data):
    """(name, how each request's path is chosen, cached?) in the order they are run."""
    counter = itertools.count()
    rng = random.Random(12)
    published = data["published_objects"]
    hot_objects = [rng.randint(1, published) for _ in range(24)]
    exhibition = exhibition_path(data["exhibition_slug"])
    searches = [search_path(term) for term in SEARCH_TERMS]

    def cycle(paths):
        return lambda: paths[next(counter) % len(paths)]

    def busted(paths):
        # A parameter no page reads makes every URL new to the page cache.
        def path():
            n = next(counter)
            chosen = paths[n % len(paths)]
            return f"{chosen}{'&' if '?' in chosen else '?'}_bench={n}"

        return path

    pages = max(1, published // 24)

    def random_object():
        return rng.randint(1, published)

    def random_page(path):
        return lambda: f"{path}?page={rng.randint(1, pages)}&_bench={next(counter)}"

    return [
        ("healthz", cycle(["/healthz"]), None),
        # The thin baseline (bench.site.thin), then the same rows through the site, uncached.
        ("thin object, random", lambda: f"/bench/thin/objects/{random_object()}/", None),
        ("object, random uncached", lambda: f"{object_path(random_object())}?_bench=1", False),
        ("naive list, page 1", cycle(["/bench/thin/collection/"]), None),
        ("browse page 1, uncached", busted(["/en/collection/"]), False),
        ("naive list, random page", random_page("/bench/thin/collection/"), None),
        ("browse, random page uncached", random_page("/en/collection/"), False),
        ("browse", cycle(BROWSE_PATHS), True),
        ("browse, uncached", busted(BROWSE_PATHS), False),
        ("object, 24 hot", cycle([object_path(pk) for pk in hot_objects]), True),
        ("object, random of all", lambda: object_path(rng.randint(1, published)), False),
        ("search", cycle(searches), True),
        ("search, uncached", busted(searches), False),
        ("exhibition", cycle([exhibition]), True),
        ("exhibition, uncached", busted([exhibition]), False),
        ("home", cycle(["/vi/", "/en/"]), True),
        ("home, uncached", busted(["/vi/", "/en/"]), False),
        ("healthz, again", cycle(["/healthz"]), None),
    ]


def hammer(port, next_path, concurrency, duration, warmup):
    """``concurrency`` clients request ``next_path()`` back to back; what completes in the
    ``duration`` after ``warmup`` is measured."""
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + duration
    samples = []  # (seconds, status, bytes); list.append is atomic

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (began := time.perf_counter()) < stop_at:
            try:
                status, body = fetch(port, next_path(), connection)
            except (OSError, http.client.HTTPException) as error:
                status, body = type(error).__name__, b""
                connection.close()
            ended = time.perf_counter()
            if measure_from <= ended <= stop_at:
                samples.append((ended - began, status, len(body)))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise_samples(samples, duration)


def summarise_samples(samples, duration):
    latencies = [seconds * 1000 for seconds, _, _ in samples]
    points = percentiles(latencies)
    errors = Counter(str(status) for _, status, _ in samples if status != 200)
    return {
        "requests": len(samples),
        "kb": sum(size for _, _, size in samples) / len(samples) / 1024 if samples else None,
        "rps": len(samples) / duration if duration else None,
        "p50_ms": points[50],
        "p95_ms": points[95],
        "p99_ms": points[99],
        "errors": dict(errors),
    }


def measure(port, data, options):
    """Every scenario in turn; each page's figures with its ratio to /healthz."""
    results = {}
    print()
    # Every worker loads each page's code once before anything is measured.
    for _name, next_path, _cached in scenarios(data):
        for _ in range(2 * options.workers):
            fetch(port, next_path())
    for name, next_path, cached in scenarios(data):
        print(f"  load: {name} ...", end="", flush=True)
        result = hammer(port, next_path, options.concurrency, options.duration, options.warmup)
        result["cached"] = cached
        results[name] = result
        print(f" {result['rps']:.0f} req/s", flush=True)
    baseline = (results["healthz"]["rps"] + results["healthz, again"]["rps"]) / 2
    for result in results.values():
        result["ratio_to_healthz"] = result["rps"] / baseline if baseline else None
    return {"healthz_rps": baseline, "pages": results}


def measure_search_serially(port, requests_per_term=25):
    """One request at a time, each URL new to the page cache: the search work itself."""
    by_term, everything = {}, []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for term in SEARCH_TERMS:
        samples = []
        for n in range(requests_per_term):
            began = time.perf_counter()
            try:
                status, body = fetch(port, f"{search_path(term)}&_bench={n}", connection)
            except (OSError, http.client.HTTPException) as error:
                status, body = type(error).__name__, b""
                connection.close()
            samples.append((time.perf_counter() - began, status, len(body)))
        by_term[term] = summarise_samples(samples, None)
        everything += samples
    return {"all": summarise_samples(everything, None), "terms": by_term}
