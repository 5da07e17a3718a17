"""Spreadsheet import speed: ``python -m bench importing [--rows N] [--preview-rows N]``.

Generates a catalogue CSV of N rows (default 100,000) in Vietnamese and English, with
about 5,000 people, places and subjects shared between rows, and imports it into a
throwaway database through the same code path as the admin and ``import_collection``
(read_table, plan_import, apply_import), in a child process so that its peak memory is
the import's own. In the same run PostgreSQL COPY loads the same rows twice:

- into the collection's own tables: what the import wrote (objects with their search
  documents, people, places, subjects, link rows, the import record) is copied out and
  COPY'd into an empty database with the same schema, its indexes and its foreign keys,
  in one transaction. This is the fastest the server can store these rows as the
  collection keeps them, the baseline for the target (at least 0.6 of its rate);
- as raw text into a plain table of the file's columns, without any index or constraint:
  the server's bare intake, shown for reference.

Peak RSS must stay under 500 MB up to 200,000 rows and under 1 GB at a million: a CSV
is read from the file twice and never held, and the rows to write wait on disk. The
bench raises the import's row and size limits to fit its file. The same file is then
imported again, into a fresh database, through the background job path the admin uses
(staged in the file storage, checked and written by a real ``manage.py worker``), and
both paths are printed side by side. Then it times the admin's preview (read and plan,
nothing written) of a 10,000-row file.
"""

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/importing.py
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import history  # noqa: E402
from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    django_env,
    manage,
    print_table,
    throwaway_database,
    write_json,
)

DATABASE = "vitrine_bench_import"
RATIO_TARGET = 0.6


def rss_target_mb(rows: int) -> int:
    return 500 if rows <= 200_000 else 1_000


COLUMNS = (
    "accession_number", "kind", "title_en", "title_vi", "description_en", "description_vi",
    "date", "creator", "places", "subjects", "medium", "dimensions", "inscription",
    "credit_line", "provenance", "rights", "image", "status",
)  # fmt: skip

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Công", "Chí", "Ngọc", "Thanh", "Quang"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai",
         "Nam", "Ninh", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thành", "Tính", "Trang",
         "Tuấn", "Việt", "Xuân", "Yến"]  # fmt: skip
PLACE_WORDS = ["Phố", "Làng", "Xã", "Phường", "Cầu", "Chợ", "Bến", "Đồi", "Sông", "Đình"]
PLACE_NAMES = ["Khâm Thiên", "Hàng Đẫy", "Bạch Mai", "Thạch Hãn", "Hiền Lương", "Đông Hà",
               "Cửa Việt", "Gio Linh", "Vĩnh Linh", "Hải Phòng", "Nam Định", "Thái Bình",
               "Kim Liên", "Long Biên", "Gia Lâm", "Đồng Hới", "Nghệ An", "Hà Tĩnh"]  # fmt: skip
SUBJECT_VI = ["bom", "cầu", "trẻ em", "bệnh viện", "bộ đội", "dân quân", "nông dân", "đường",
              "sơ tán", "nhà ga", "trường học", "xe đạp", "pháo", "đò", "lúa", "chợ"]  # fmt: skip
TITLE_EN = ["Soldiers crossing", "Children at", "The market in", "Repairing the bridge at",
            "Militia women of", "Evacuation from", "Night shift at", "The ferry at"]  # fmt: skip
TITLE_VI = ["Bộ đội vượt sông", "Trẻ em ở", "Phiên chợ", "Sửa cầu", "Nữ dân quân",
            "Sơ tán khỏi", "Ca đêm ở", "Bến đò"]  # fmt: skip
DATES = ["18/12/1972", "12/1972", "December 1972", "tháng 12 năm 1972", "1972", "1970s",
         "circa 1968", "1967–1968", "18–29/12/1972", "undated",
         "ngày 3 tháng 4 năm 1975"]  # fmt: skip
ROLES = ["photographer", "maker", "author", "artist", "donor"]
MEDIA = ["Gelatin silver print", "Ink on paper", "Steel", "Cotton", "Bamboo", "Film negative"]


def authorities(rng, count=5_000):
    people = sorted(
        {f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {n}" for n in range(count)}
    )
    places = [f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_NAMES)} {n}" for n in range(count)]
    subjects = [f"{rng.choice(SUBJECT_VI)} {n}" for n in range(count)]
    return people, places, subjects


def write_catalogue(path: Path, rows: int, *, prefix: str, seed: int) -> None:
    """A CSV as an archivist's export would be: UTF-8 with a BOM, CRLF, every column."""
    rng = random.Random(seed)
    people, places, subjects = authorities(random.Random(1))
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for n in range(rows):
            place = rng.choice(places)
            title_en = f"{rng.choice(TITLE_EN)} {place.split(' ', 1)[1]}"
            title_vi = f"{rng.choice(TITLE_VI)} {place}"
            creators = "; ".join(
                f"{rng.choice(people)} ({rng.choice(ROLES)})" for _ in range(rng.randint(1, 2))
            )
            writer.writerow(
                (
                    f"{prefix}.{1960 + n % 20}.{n:06d}",
                    rng.choice(("photograph", "artifact", "document")),
                    title_en,
                    title_vi,
                    f"{title_en}, photographed during the campaign. Number {n} of the series.",
                    f"{title_vi}, ảnh chụp trong chiến dịch. Số {n} của loạt ảnh.",
                    rng.choice(DATES),
                    creators,
                    "; ".join(rng.sample(places, rng.randint(1, 3))),
                    "; ".join(rng.sample(subjects, rng.randint(1, 3))),
                    rng.choice(MEDIA),
                    f"{rng.randint(10, 60)} × {rng.randint(10, 60)} cm",
                    "" if n % 3 else f"Ghi chú mặt sau: {title_vi}",
                    "Gift of the photographer's family, 2005",
                    "Transferred from the army archive in 1980.",
                    "© Bảo tàng",
                    "",
                    "draft",
                )
            )


# In the order their foreign keys need them.
COLLECTION_TABLES = (
    "collection_person",
    "collection_place",
    "collection_subject",
    "collection_item",
    "collection_creator",
    "collection_itemplace",
    "collection_item_subjects",
    "collection_importrecord",
    "collection_importeditem",
)


def copy_into_schema(imported, empty) -> float:
    """Seconds to COPY what the import wrote into ``imported`` into ``empty``, a database
    migrated to the same schema: one transaction, foreign keys checked at its commit."""
    dumps = {}
    with imported.connect() as source:
        for table in COLLECTION_TABLES:
            with source.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                dumps[table] = b"".join(bytes(chunk) for chunk in copy)
    with empty.connect() as target:
        start = time.perf_counter()
        for table in COLLECTION_TABLES:
            with target.cursor().copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                copy.write(dumps[table])
        target.commit()
        return time.perf_counter() - start


def copy_baseline(database, csv_path: Path) -> float:
    """Seconds to COPY the file into a plain table of its columns."""
    columns = ", ".join(f"{name} text" for name in COLUMNS)
    with database.connect() as connection:
        connection.execute(f"CREATE TABLE bench_copy ({columns})")
        start = time.perf_counter()
        sql = "COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)"
        with connection.cursor() as cursor, cursor.copy(sql) as copy, open(csv_path, "rb") as file:
            file.read(3)  # the BOM, which COPY would take for part of the header
            while chunk := file.read(1 << 20):
                copy.write(chunk)
        connection.commit()
        seconds = time.perf_counter() - start
        count = connection.execute("SELECT count(*) FROM bench_copy").fetchone()[0]
        connection.execute("DROP TABLE bench_copy")
        connection.commit()
    return seconds, count


def child(mode: str, csv_path: str) -> None:
    """In the child process: import (or only plan) the file; print figures as JSON."""
    import resource

    import django

    django.setup()
    from collection.spreadsheets import applying
    from collection.spreadsheets.applying import apply_import
    from collection.spreadsheets.planning import plan_file

    timings = {"search documents": 0.0}

    def timed(function):
        # Part of the write, shown apart: collection.search's INSERT and UPDATE.
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            result = function(*args, **kwargs)
            timings["search documents"] += time.perf_counter() - began
            return result

        return wrapper

    for name in ("insert_with_search_documents", "update_search_documents"):
        setattr(applying, name, timed(getattr(applying, name)))
    start = time.perf_counter()
    # The admin's and the command's path: read and plan in one call, rows let go as planned.
    plan = plan_file(csv_path, file_name=Path(csv_path).name, images=None, user=None)
    timings["read + plan"] = time.perf_counter() - start
    if plan.errors:
        raise SystemExit(f"The generated file has errors: {plan.errors[:5]}")
    if mode == "import":
        apply_import(plan, user=None, file_name=Path(csv_path).name)
        timings["write"] = time.perf_counter() - start - timings["read + plan"]
    timings["total"] = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"timings": timings, "counts": plan.counts, "peak_rss_mb": peak}))


def job_child(csv_path: str) -> None:
    """In the child process: stage the file as an upload, queue it (checked, then written
    if it has no error) and let a real worker run both jobs; print figures as JSON."""
    import resource

    import django

    django.setup()
    from django.db import connection

    from collection.models import ImportJob
    from collection.spreadsheets import staging, tasks

    start = time.perf_counter()
    job = ImportJob(file_name=Path(csv_path).name, confirm_when_checked=True)
    staging.stage_paths(job, sheet=Path(csv_path), images=None)
    tasks.enqueue_check(job)
    # --burst: the worker stops once the queue is empty (the check queues the write).
    worker = subprocess.Popen([PYTHON, "manage.py", "worker", "--burst"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    checked = None
    while worker.poll() is None:
        state = ImportJob.objects.values_list("state", flat=True).get(pk=job.pk)
        if checked is None and state in (ImportJob.State.QUEUED, ImportJob.State.WRITING):
            checked = time.perf_counter()
        time.sleep(0.1)
        connection.close()
    total = time.perf_counter() - start
    job.refresh_from_db()
    if worker.returncode or job.state != ImportJob.State.DONE:
        raise SystemExit(f"The job ended {job.state}: {job.error} {worker.stderr.read()[-2000:]}")
    checked = checked or total
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    timings = {"check": checked - start, "write": total - (checked - start), "total": total}
    print(json.dumps({"timings": timings, "peak_rss_mb": peak}))


def run_child(mode, csv_path, env):
    result = subprocess.run(
        [PYTHON, "-m", "bench.importing", "--child", mode, str(csv_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"The {mode} child failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench importing")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--preview-rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--skip-history",
        action="store_true",
        help="leave out the history's cost: three more imports of the same file",
    )
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    options, _ = parser.parse_known_args(argv)
    if options.child:
        mode, path = options.child
        job_child(path) if mode == "job" else child(mode, path)
        return

    with tempfile.TemporaryDirectory(prefix="vitrine-bench-import-") as folder:
        catalogue, preview = Path(folder, "catalogue.csv"), Path(folder, "preview.csv")
        write_catalogue(catalogue, options.rows, prefix="BENCH", seed=2)
        write_catalogue(preview, options.preview_rows, prefix="PREVIEW", seed=3)
        size_mb = catalogue.stat().st_size / 1e6
        print(f"  {options.rows:,} rows, {size_mb:.1f} MB of CSV")
        limits = {
            "IMPORT_MAX_ROWS": max(options.rows, 200_000),
            "IMPORT_MAX_BYTES": max(catalogue.stat().st_size, 100 * 1024 * 1024),
        }
        with (
            throwaway_database(DATABASE, keep=options.keep) as database,
            throwaway_database(f"{DATABASE}_copy") as empty,
            throwaway_database(f"{DATABASE}_job") as by_job,
        ):
            env = django_env(database.url, **limits)
            manage("migrate", "--no-input", env=env)
            manage("migrate", "--no-input", env=django_env(empty.url))
            imported = run_child("import", catalogue, env)
            # The history's cost: the same import with its triggers off, and its tables.
            history_size = history.history_bytes(database)
            compared = None
            if not options.skip_history:
                compared = history.compare(
                    DATABASE, catalogue, run_child, tracked=imported, settings=limits
                )
            schema_seconds = copy_into_schema(database, empty)
            copy_seconds, copied = copy_baseline(database, catalogue)
            previewed = run_child("preview", preview, env)
            job_env = django_env(by_job.url, **limits) | {
                "MEDIA_ROOT": str(Path(folder, "media")),
                "WORKER_HEARTBEAT_FILE": str(Path(folder, "worker-heartbeat")),
            }
            manage("migrate", "--no-input", env=job_env)
            queued = run_child("job", catalogue, job_env)

    import_rate = options.rows / imported["timings"]["total"]
    schema_rate = options.rows / schema_seconds
    ratio = import_rate / schema_rate
    copy_rate = copied / copy_seconds
    figures = {
        "rows": options.rows,
        "csv_mb": round(size_mb, 1),
        "import_seconds": imported["timings"],
        "import_rows_per_second": round(import_rate),
        "copy_into_schema_seconds": round(schema_seconds, 2),
        "copy_into_schema_rows_per_second": round(schema_rate),
        "ratio": round(ratio, 3),
        "ratio_target": RATIO_TARGET,
        "raw_copy_seconds": round(copy_seconds, 2),
        "raw_copy_rows_per_second": round(copy_rate),
        "ratio_to_raw_copy": round(import_rate / copy_rate, 3),
        "peak_rss_mb": round(imported["peak_rss_mb"]),
        "rss_target_mb": rss_target_mb(options.rows),
        "preview_rows": options.preview_rows,
        "preview_seconds": round(previewed["timings"]["total"], 2),
        "counts": imported["counts"],
        "job_path_seconds": queued["timings"],
        "job_path_write_rows_per_second": round(options.rows / queued["timings"]["write"]),
        "job_worker_peak_rss_mb": round(queued["peak_rss_mb"]),
    }
    history_rows = []
    if compared:
        history_figures, history_rows = history.rows(
            *compared, objects=options.rows, size=history_size
        )
        figures |= history_figures
    t, rss_mb = imported["timings"], rss_target_mb(options.rows)
    print_table(
        "Spreadsheet import",
        ["measure", "value", "target"],
        [
            ["import (read + plan + write), rows/s", import_rate, None],
            [
                "  read + plan / write (of which search documents), s",
                f"{t['read + plan']:.1f} / {t['write']:.1f} ({t['search documents']:.1f})",
                None,
            ],
            ["COPY of the same rows into the collection's tables, rows/s", schema_rate, None],
            ["import / COPY into the collection's tables", round(ratio, 3), f">= {RATIO_TARGET}"],
            ["COPY of the file into a plain text table, rows/s", copy_rate, None],
            ["import / COPY into a plain text table", round(import_rate / copy_rate, 3), None],
            ["peak RSS of the import, MB", round(imported["peak_rss_mb"]), f"< {rss_mb}"],
            *history_rows,
            [
                "the same file through the job path: its write job (plan + write), rows/s",
                round(options.rows / queued["timings"]["write"]),
                f">= {import_rate:,.0f} (the direct path above)",
            ],
            [
                "  upload's check job (worker start, read + plan) / write job, s",
                f"{queued['timings']['check']:.1f} / {queued['timings']['write']:.1f}",
                None,
            ],
            ["peak RSS of the worker, MB", round(queued["peak_rss_mb"]), f"< {rss_mb}"],
            [
                f"admin preview of {options.preview_rows:,} rows, s",
                previewed["timings"]["total"],
                "a few",
            ],
        ],
    )
    write_json("importing", figures)


if __name__ == "__main__":
    run(sys.argv[1:])
