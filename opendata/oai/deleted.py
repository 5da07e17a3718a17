"""Deleted records, read from the history (core.history): an object is a deleted record
when some version of it was published and it is not published now, whether it was
unpublished or deleted. Its datestamp is the moment it stopped being published: the
time of the first version after its last published one.

The history's triggers record every change, whatever made it (the admin, a bulk action,
an import or its undo, the shell), so no code path has to remember to leave a
tombstone; versions are never removed (PGHISTORY_APPEND_ONLY), so the record stays
deleted for good (``deletedRecord`` is ``persistent``). An object published and
withdrawn before the history began is not known; one whose withdrawal the history missed
(triggers turned off) is dated by its last change.

Written in SQL: "the first version after the last published one" for every candidate,
ordered by the result, is one query this way and several hundred through the ORM. Its
answer is kept between pages while the history stays as it was (``withdrawn()``), and
each page picks its rows from it.
"""

import bisect
import itertools

from django.db import connection

from collection.models import Item
from core.history.versions import DELETE, version_model
from core.models import Status

_QUERY = """
WITH candidate AS (
    SELECT id, kind, updated_at FROM {items} WHERE status <> %s
    UNION ALL
    (
        SELECT DISTINCT ON (v.pgh_obj_id) v.pgh_obj_id, v.kind, NULL::timestamptz
        FROM {versions} AS v
        WHERE v.pgh_label = %s AND NOT EXISTS (SELECT FROM {items} AS i WHERE i.id = v.pgh_obj_id)
        ORDER BY v.pgh_obj_id, v.pgh_id DESC
    )
), withdrawn AS (
    SELECT c.id, c.kind, COALESCE(
        (
            SELECT n.pgh_created_at FROM {versions} AS n
            WHERE n.pgh_obj_id = c.id AND n.pgh_id > last.pgh_id
            ORDER BY n.pgh_id LIMIT 1
        ),
        c.updated_at
    ) AS datestamp
    FROM candidate AS c
    CROSS JOIN LATERAL (
        SELECT p.pgh_id FROM {versions} AS p
        WHERE p.pgh_obj_id = c.id AND p.status = %s AND p.pgh_label <> %s
        ORDER BY p.pgh_id DESC LIMIT 1
    ) AS last
)
-- A datestamp is never null (a withdrawal has a version after it); were one, it could
-- not be placed in the list.
SELECT datestamp, id, kind FROM withdrawn WHERE datestamp IS NOT NULL ORDER BY datestamp, id
"""


def _run():
    query = _QUERY.format(items=Item._meta.db_table, versions=version_model(Item)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(query, [Status.PUBLISHED, DELETE, Status.PUBLISHED, DELETE])
        return [tuple(row) for row in cursor.fetchall()]


# (the history's last version id, every deleted record as (datestamp, id, kind) in the
# list's order), as last worked out in this process.
_worked_out = (None, [])


def history_mark_sql():
    """The history's last version id: an indexed max()."""
    return f"SELECT max(pgh_id) FROM {version_model(Item)._meta.db_table}"


# Stands for a mark not read yet.
_ASK = object()


def withdrawn(mark=_ASK):
    """Every deleted record, (datestamp, id, kind), in the list's order.

    The query above looks up two versions of every object not published, a few
    milliseconds at 100,000 objects: too much for each page of a harvest. Its answer
    changes only with the history (every change of an object adds a version, and
    versions are never removed), so it is worked out again only when the history's last
    version id, ``mark``, has moved on (history_mark_sql(), asked here unless a page's
    query read it already).
    """
    global _worked_out
    if mark is _ASK:
        with connection.cursor() as cursor:
            cursor.execute(history_mark_sql())
            mark = cursor.fetchone()[0]
    if _worked_out[0] != mark or mark is None:
        _worked_out = (mark, _run())
    return _worked_out[1]


def _selected(selection):
    """A test of a withdrawn row for ``selection`` (None: every row)."""
    if selection is None:
        return lambda row: True
    window, membership = selection.window, selection.membership
    kind = membership.kind if membership else None
    shown = None
    if membership and membership.in_exhibition:
        shown = set(membership.exhibition_items().values_list("item_id", flat=True))

    def selected(row):
        datestamp, pk, row_kind = row
        return (
            (not window.start or datestamp >= window.start)
            and (not window.end or datestamp < window.end)
            and (kind is None or row_kind == kind)
            and (shown is None or pk in shown)
        )

    return selected


def deleted_rows(selection, after, limit, mark=_ASK):
    """(id, kind, datestamp) of the deleted records ``selection`` holds after the
    position ``after`` (a (datestamp, id) pair, or None), the first ``limit``; ``mark``
    as withdrawn() takes it."""
    rows = withdrawn(mark)
    start = 0 if after is None else bisect.bisect_right(rows, tuple(after), key=lambda r: r[:2])
    selected, found = _selected(selection), []
    for row in itertools.islice(rows, start, None):
        if len(found) == limit:
            break
        if selected(row):
            datestamp, pk, kind = row
            found.append((pk, kind, datestamp))
    return found


def deleted_count(selection):
    selected = _selected(selection)
    return sum(1 for row in withdrawn() if selected(row))


def deleted_row(pk):
    """(id, kind, datestamp) of object ``pk`` if it is a deleted record, else None."""
    for datestamp, row_pk, kind in withdrawn():
        if row_pk == pk:
            return (row_pk, kind, datestamp)
    return None


def earliest_deletion():
    rows = withdrawn()
    return rows[0][0] if rows else None
