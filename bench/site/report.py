"""The report: the tables printed at the end of a run, and the targets judged on them.

The figures themselves go to ``bench/out/site.json`` with ``bench.common.write_json``;
``summarise`` adds the targets to the report before it is written.
"""

from bench.common import print_table

BROWSE_TARGET = 0.6  # x /healthz requests per second
SEARCH_P95_TARGET_MS = 50
ADMIN_TARGET_MS = 300
# Uncached pages against the thin baseline served beside them (bench.site.thin):
# (page, baseline, target ratio of requests per second).
AGAINST_THIN = [
    ("object, random uncached", "thin object, random", 0.5),
    ("browse page 1, uncached", "naive list, page 1", 1.0),
    ("browse, random page uncached", "naive list, random page", 1.0),
]


def summarise(report):
    """Print every table and the targets; add the targets to ``report``."""
    print_load(report)
    print_search(report)
    if "pages" in report.get("profile", {}):
        print_profile(report["profile"])
    judge_targets(report)


def print_load(report):
    """Requests per second of each scenario, as such and as a ratio to /healthz."""
    load = report["load"]
    print_table(
        f"Throughput under load ({report['options']['concurrency']} clients; "
        f"/healthz = {load['healthz_rps']:.0f} req/s)",
        [
            "page",
            "cache",
            "req/s",
            "x healthz",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "KB",
            "requests",
            "non-200",
        ],
        [
            [
                name,
                {True: "hit", False: "miss", None: "–"}[r["cached"]],
                r["rps"],
                r["ratio_to_healthz"],
                r["p50_ms"],
                r["p95_ms"],
                r["p99_ms"],
                r["kb"],
                r["requests"],
                format_errors(r["errors"]),
            ]
            for name, r in load["pages"].items()
        ],
    )


def print_search(report):
    """The serial search timings, with each term's number of matches (from the profile)."""
    serial = report["search_serial"]
    matches = report.get("profile", {}).get("search_matches", {})
    print_table(
        "Search, one request at a time, page cache defeated (the search work itself)",
        ["query", "matches", "p50 ms", "p95 ms", "p99 ms", "non-200"],
        [
            [
                repr(term),
                matches.get(term),
                r["p50_ms"],
                r["p95_ms"],
                r["p99_ms"],
                format_errors(r["errors"]),
            ]
            for term, r in serial["terms"].items()
        ]
        + [
            [
                "all queries",
                None,
                serial["all"]["p50_ms"],
                serial["all"]["p95_ms"],
                serial["all"]["p99_ms"],
                format_errors(serial["all"]["errors"]),
            ]
        ],
    )


def print_profile(profile):
    """One uncached request of each page, in-process; the plans of the slowest queries
    of the browse page and of the slowest search."""
    print_table(
        "Where the time goes: one uncached request in-process (DEBUG off)",
        ["page", "status", "KB", "miss ms", "hit ms", "queries", "SQL ms", "slowest query ms"],
        [
            [
                name,
                p["status"],
                p["kb"],
                p["ms"],
                p["hit_ms"],
                p["queries"],
                p["sql_ms"],
                p["slowest"][0]["ms"] if p["slowest"] else None,
            ]
            for name, p in profile["pages"].items()
        ],
    )
    searches = [item for item in profile["pages"].items() if item[0].startswith("search")]
    for name, page in [
        ("browse", profile["pages"]["browse"]),
        max(searches, key=lambda item: item[1]["sql_ms"]),
    ]:
        if page["slowest_plan"]:
            print(f"\nPlan of the slowest query of {name} ({page['slowest'][0]['ms']} ms):")
            for line in page["slowest_plan"][:22]:
                print(f"  {line}")


def judge_targets(report):
    """Judge the targets, print them with the worker reboots and the timings, and keep
    them in ``report``."""
    pages, serial = report["load"]["pages"], report["search_serial"]
    browse = pages["browse"]["ratio_to_healthz"]
    search_p95 = serial["all"]["p95_ms"]
    report["targets"] = {
        **{
            f"{page} / {baseline}": _ratio(pages[page]["rps"], pages[baseline]["rps"], target)
            for page, baseline, target in AGAINST_THIN
        },
        **{
            f"admin {name}": {
                "target": f"< {ADMIN_TARGET_MS} ms",
                "value": figures["ms"],
                "met": figures["ms"] < ADMIN_TARGET_MS,
            }
            for name, figures in report.get("admin", {}).items()
            if isinstance(figures, dict)
        },
        "browse_ratio": {
            "target": f">= {BROWSE_TARGET}",
            "value": browse,
            "met": browse is not None and browse >= BROWSE_TARGET,
        },
        "search_p95_ms": {
            "target": f"< {SEARCH_P95_TARGET_MS}",
            "value": search_p95,
            "met": search_p95 is not None and search_p95 < SEARCH_P95_TARGET_MS,
        },
    }
    print("\nTargets")
    for name, target in report["targets"].items():
        if " / " in name and target["value"] is None:
            print(f"  {name}: no baseline request finished (target {target['target']})")
        elif " / " in name or name.startswith("admin "):
            verdict = "MET" if target["met"] else "MISSED"
            print(f"  {name}: {target['value']:.2f} (target {target['target']})  {verdict}")
    print(
        f"  browse >= {BROWSE_TARGET} x /healthz (cached pages): {browse:.2f} x  "
        f"{'MET' if report['targets']['browse_ratio']['met'] else 'MISSED'}  "
        f"(uncached: {pages['browse, uncached']['ratio_to_healthz']:.2f} x)"
    )
    print(
        f"  search p95 < {SEARCH_P95_TARGET_MS} ms (uncached, one at a time): "
        f"{search_p95:.1f} ms  "
        f"{'MET' if report['targets']['search_p95_ms']['met'] else 'MISSED'}  "
        f"(cached under load: {pages['search']['p95_ms']:.1f} ms, uncached under load: "
        f"{pages['search, uncached']['p95_ms']:.1f} ms)"
    )
    print(f"  gunicorn worker (re)boots during the run: {report['gunicorn']['worker_boots']}")
    print("  timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in report["timings_s"].items()))


def _ratio(rps, baseline_rps, target):
    """A page against its baseline; none when no baseline request finished in the time
    given (a short ``--duration`` against a naive page of a million rows)."""
    ratio = rps / baseline_rps if baseline_rps else None
    return {"target": f">= {target}", "value": ratio, "met": ratio is not None and ratio >= target}


def format_errors(errors):
    return " ".join(f"{status}×{count}" for status, count in sorted(errors.items())) or "0"
