"""What the history costs an import (core.history), for ``bench importing``.

The same file is imported into a database migrated the same way but with the history's
triggers disabled (``manage.py pgtrigger disable``): the import's speed without them is
the baseline, measured in the same run. On a machine others use, one import can take
twice as long as the next for no reason of its own, so each is run twice, alternately
(with, without, with, without), and the faster of each pair counts. The history
tables' size after the tracked import, per 100,000 objects, is what it costs in disk.
"""

from bench.common import django_env, manage, throwaway_database

RATIO_TARGET = 0.8
PER_OBJECTS = 100_000
HISTORY_TABLES = (
    "SELECT coalesce(sum(pg_total_relation_size(format('%I', tablename)::regclass)), 0) "
    "FROM pg_tables WHERE schemaname = current_schema() "
    "AND (tablename LIKE '%\\_%version' OR tablename = 'pghistory_context')"
)


def import_into(name, catalogue, run_child, *, history, settings):
    """The figures of the child's import into a fresh database, triggers on or off;
    ``settings`` are more environment variables for it."""
    with throwaway_database(name) as database:
        env = django_env(database.url, **settings)
        manage("migrate", "--no-input", env=env)
        if not history:
            manage("pgtrigger", "disable", env=env)
        return run_child("import", catalogue, env)


def compare(name, catalogue, run_child, *, tracked, settings):
    """After ``tracked`` (the bench's own import, history on): without, with, without.
    The fastest import with the history and the fastest without it."""
    untracked, tracked_name = f"{name}_untracked", f"{name}_tracked"
    without = import_into(untracked, catalogue, run_child, history=False, settings=settings)
    again = import_into(tracked_name, catalogue, run_child, history=True, settings=settings)
    without_again = import_into(untracked, catalogue, run_child, history=False, settings=settings)
    fastest = lambda *runs: min(runs, key=lambda run: run["timings"]["total"])  # noqa: E731
    return fastest(tracked, again), fastest(without, without_again)


def history_bytes(database):
    with database.connect() as connection:
        return int(connection.execute(HISTORY_TABLES).fetchone()[0])


def rows(tracked, untracked, *, objects, size):
    """Figures and table rows: import speed with and without the triggers, and size."""
    with_rate = objects / tracked["timings"]["total"]
    without_rate = objects / untracked["timings"]["total"]
    ratio = with_rate / without_rate
    per_objects_mb = size * PER_OBJECTS / max(objects, 1) / 1e6
    figures = {
        "history_import_rows_per_second": round(with_rate),
        "no_history_import_rows_per_second": round(without_rate),
        "history_ratio": round(ratio, 3),
        "history_ratio_target": RATIO_TARGET,
        "history_mb_per_100k_objects": round(per_objects_mb, 1),
    }
    table = [
        ["import with the history's triggers (faster of two), rows/s", with_rate, None],
        ["the same import without them (faster of two), rows/s", without_rate, None],
        ["with / without the history", round(ratio, 3), f">= {RATIO_TARGET}"],
        ["history tables per 100,000 imported objects, MB", round(per_objects_mb, 1), None],
    ]
    return figures, table
