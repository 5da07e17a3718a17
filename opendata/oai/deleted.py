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
ordered by the result, is one query this way and several hundred through the ORM.
"""

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
SELECT {select} FROM withdrawn WHERE {conditions} {rest}
"""


def _run(select, selection=None, after=None, pk=None, rest="", rest_params=()):
    conditions, params = ["TRUE"], []
    if selection is not None:
        window, membership = selection.window, selection.membership
        if window.start:
            conditions.append("datestamp >= %s")
            params.append(window.start)
        if window.end:
            conditions.append("datestamp < %s")
            params.append(window.end)
        if membership and membership.kind:
            conditions.append("kind = %s")
            params.append(membership.kind)
        if membership and membership.in_exhibition:
            sql, subquery_params = membership.exhibition_items().query.sql_with_params()
            conditions.append(f"id IN ({sql})")
            params.extend(subquery_params)
    if after is not None:
        conditions.append("(datestamp, id) > (%s, %s)")
        params.extend(after)
    if pk is not None:
        conditions.append("id = %s")
        params.append(pk)
    query = _QUERY.format(
        items=Item._meta.db_table,
        versions=version_model(Item)._meta.db_table,
        select=select,
        conditions=" AND ".join(conditions),
        rest=rest,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            query,
            [Status.PUBLISHED, DELETE, Status.PUBLISHED, DELETE, *params, *rest_params],
        )
        return cursor.fetchall()


def deleted_rows(selection, after, limit):
    """(id, kind, datestamp) of the deleted records ``selection`` holds after the
    position ``after`` (a (datestamp, id) pair, or None), the first ``limit``."""
    return _run(
        "id, kind, datestamp",
        selection,
        after,
        rest="ORDER BY datestamp, id LIMIT %s",
        rest_params=[limit],
    )


def deleted_count(selection):
    return _run("count(*)", selection)[0][0]


def deleted_row(pk):
    """(id, kind, datestamp) of object ``pk`` if it is a deleted record, else None."""
    rows = _run("id, kind, datestamp", pk=pk)
    return rows[0] if rows else None


def earliest_deletion():
    return _run("min(datestamp)")[0][0]
