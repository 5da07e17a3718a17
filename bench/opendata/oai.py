"""``python -m bench opendata [--objects N] [--page-size P] [--keep]``, its OAI-PMH part:
a harvester's full harvest of the collection through ListRecords, in records per second,
against a plain SELECT of the same objects' columns in the same run. Target: ≥ 0.3.

The collection is the site benchmark's (bench.site.dataset, written with COPY into a
throwaway database), with one object in a hundred unpublished since, so that the
harvest carries deleted records as a real one does.
"""

import argparse
import tempfile
from pathlib import Path

from bench.common import (
    django_env,
    manage,
    print_table,
    setup_django,
    throwaway_database,
    timed,
    write_json,
)

DATABASE = "vitrine_bench_oai"
TARGET = 0.3
UNPUBLISHED_EVERY = 100


def run(argv):
    setup_django()  # the default page size is the setting's
    from django.conf import settings

    parser = argparse.ArgumentParser(prog="python -m bench opendata", description=__doc__)
    parser.add_argument("--objects", type=int, default=100_000, help="published objects")
    parser.add_argument(
        "--page-size", type=int, default=settings.OAI_PAGE_SIZE, help="records per page"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options, _ = parser.parse_known_args(argv)

    # Imported once Django is set up: the dataset is written in the models' columns.
    from bench.opendata import harvesting
    from bench.site import dataset

    figures = {"options": vars(options), "timings_s": {}}
    timings = figures["timings_s"]
    print(f"OAI-PMH benchmark: {options.objects:,} objects, {options.page_size} per page")
    with (
        tempfile.TemporaryDirectory(prefix="vitrine-bench-") as scratch,
        throwaway_database(DATABASE, keep=options.keep) as database,
    ):
        media_root = Path(scratch) / "media"
        env = django_env(
            database.url,
            MEDIA_ROOT=media_root,
            OAI_PAGE_SIZE=options.page_size,
            OAI_REPOSITORY_IDENTIFIER="bench.vitrine.example",
        )
        with timed("migrate", timings):
            manage("migrate", "--no-input", env=env)
        with (
            timed(f"generate {options.objects:,} objects", timings),
            database.connect() as connection,
            connection.cursor() as cursor,
        ):
            figures["data"] = dataset.generate(cursor, options.objects, media_root)
        # Withdrawn since they were published, after the collection was written, as a
        # museum's are (the history's triggers record it): their deleted records come
        # last in the list, after the published records, not among them.
        with database.connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                "UPDATE collection_item SET status = 'draft', updated_at = now() "
                "WHERE status = 'published' AND id %% %s = 0",
                [UNPUBLISHED_EVERY],
            )
            figures["data"]["unpublished_objects"] = cursor.rowcount
        # The records kept as an import keeps them: the dates written out first, then
        # each object's row once (COPY wrote the objects before their links, each row
        # four times over).
        with timed("refill the oai_dc records", timings):
            manage("refill_oai_records", env=env)
        with timed("vacuum analyze", timings), database.connect(autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        with timed("harvest", timings):
            figures["result"] = harvesting.measure(env)
    report(figures)
    write_json("opendata-oai", figures)
    return figures


def report(figures):
    result = figures["result"]
    harvest, select, linked = result["harvest"], result["select"], result["select_with_links"]
    rows = [
        ["SELECT, the objects' columns", select],
        ["SELECT, with the linked names", linked],
        ["harvest, records", {**harvest, "rows": harvest["records"]}],
    ]
    print_table(
        "OAI-PMH: a full harvest (ListRecords, oai_dc) against a plain SELECT",
        ["", "rows", "seconds", "rows/s"],
        [
            [label, row["rows"], row["seconds"], row.get("rows_per_s", row.get("records_per_s"))]
            for label, row in rows
        ],
    )
    print(
        f"\n  {harvest['pages']:,} pages, {harvest['deleted_records']:,} deleted records, "
        f"{harvest['queries_per_page']} queries per page"
    )
    print(
        f"  with the harvester's own reading of each page: {harvest['wall_seconds']} s, "
        f"{harvest['records_per_wall_s']:,} records/s "
        f"({harvest['records_per_wall_s'] / select['rows_per_s']:.3f} × the SELECT)"
    )
    each = ", ".join(f"{rate:,.0f}" for rate in result["harvests_records_per_s"])
    print(f"  each harvest, records/s: {each} (the best counts, as the SELECT's)")
    verdict = "met" if result["ratio"] >= TARGET else "MISSED"
    print(f"  ratio {result['ratio']:.3f} (target ≥ {TARGET}): {verdict}")
    print(f"  ratio to the SELECT with the linked names: {result['ratio_with_links']:.3f}")
