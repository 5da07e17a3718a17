"""The number of published objects of each kind (``KindCount``) and of each person,
place and subject (``LinkCount``), kept by PostgreSQL triggers in the same transaction
as the change.

Whatever writes, the admin, an import's COPY, a merge, an undo or raw SQL, the counts
follow: statement-level triggers on the three link tables and on the object table read
the rows a statement changed (transition tables) and add the difference, in one
grouped upsert per statement, however many rows it touched.

An object counts once for a record however many links join them (a person who both
took and captioned a photograph): a link's statement changes a count only where the
pair (object, record) starts or stops existing, checked against the link table's
unique index. Links written before their objects (an import writes them first; the
foreign keys are checked at commit) are counted when the objects arrive, by the
object table's trigger, and the other way round for deletes.

Migration 0014 installs these triggers and fills the table; ``recount()`` fills it
afresh from the links (``manage.py recount_published``), for a database restored from a
dump taken without the triggers.
"""

from django.db import connection

from core.models import Status
from core.triggers import OPERATIONS, drop_statement_trigger, statement_trigger

COUNTS = "collection_linkcount"
KIND_COUNTS = "collection_kindcount"
# (facet, link table, the link's column naming the record)
LINKS = (
    ("person", "collection_creator", "person_id"),
    ("place", "collection_itemplace", "place_id"),
    ("subject", "collection_item_subjects", "subject_id"),
)
# What visitors see (core.models.PUBLISHED), as the triggers test it.
PUBLISHED = f"status = '{Status.PUBLISHED.value}'"

_UPSERT = f"""
    INSERT INTO {COUNTS} (facet, record_id, items)
    SELECT '{{facet}}', record_id, sum(delta) FROM deltas
    GROUP BY record_id HAVING sum(delta) <> 0
    -- In one order, so that two writers touching the same records cannot deadlock.
    ORDER BY record_id
    ON CONFLICT (facet, record_id) DO UPDATE SET items = {COUNTS}.items + EXCLUDED.items
"""


def _link_body(facet, table, column, operation):
    """What the trigger for ``operation`` on one link table does."""
    changed = {
        "INSERT": f"SELECT item_id, {column} AS record_id, 1 AS change FROM new_links",
        "DELETE": f"SELECT item_id, {column} AS record_id, -1 AS change FROM old_links",
    }
    changed["UPDATE"] = f"{changed['INSERT']} UNION ALL {changed['DELETE']}"
    # ``net``: links of the pair added by the statement less those it removed; the pair
    # existed before if the links it has now, less ``net``, were more than none.
    return f"""
        WITH pairs AS (
            SELECT item_id, record_id, sum(change) AS net FROM ({changed[operation]}) AS changed
            GROUP BY item_id, record_id
        ),
        deltas AS (
            SELECT pairs.record_id,
                (present.links > 0)::int - (present.links - pairs.net > 0)::int AS delta
            FROM pairs
            JOIN collection_item AS item ON item.id = pairs.item_id AND item.{PUBLISHED}
            CROSS JOIN LATERAL (
                SELECT count(*) AS links FROM {table} AS link
                WHERE link.item_id = pairs.item_id AND link.{column} = pairs.record_id
            ) AS present
        )
        {_UPSERT.format(facet=facet)};
    """


def _item_body(operation):
    """What the trigger for ``operation`` on the object table does: objects that start or
    stop being published count, or stop counting, for their kind and for every record
    they are linked to."""
    changed = {
        "INSERT": f"SELECT id, 1 AS delta FROM new_items WHERE {PUBLISHED}",
        "DELETE": f"SELECT id, -1 AS delta FROM old_items WHERE {PUBLISHED}",
        "UPDATE": (
            f"SELECT later.id, CASE WHEN later.{PUBLISHED} THEN 1 ELSE -1 END AS delta "
            "FROM new_items AS later JOIN old_items AS earlier ON earlier.id = later.id "
            f"WHERE (later.{PUBLISHED}) IS DISTINCT FROM (earlier.{PUBLISHED})"
        ),
    }[operation]
    kinds = {
        "INSERT": f"SELECT kind, 1 AS delta FROM new_items WHERE {PUBLISHED}",
        "DELETE": f"SELECT kind, -1 AS delta FROM old_items WHERE {PUBLISHED}",
    }
    kinds["UPDATE"] = f"{kinds['INSERT']} UNION ALL {kinds['DELETE']}"
    statements = f"""
        INSERT INTO {KIND_COUNTS} (kind, items)
        SELECT kind, sum(delta) FROM ({kinds[operation]}) AS changed
        GROUP BY kind HAVING sum(delta) <> 0
        ORDER BY kind
        ON CONFLICT (kind) DO UPDATE SET items = {KIND_COUNTS}.items + EXCLUDED.items;
    """
    statements += "".join(
        f"""
        WITH changed AS ({changed}),
        deltas AS (
            SELECT record_id, delta FROM (
                SELECT DISTINCT changed.id, changed.delta, link.{column} AS record_id
                FROM changed JOIN {table} AS link ON link.item_id = changed.id
            ) AS pairs
        )
        {_UPSERT.format(facet=facet)};
        """
        for facet, table, column in LINKS
    )
    return statements


def _triggers():
    """(table, operation, what the trigger does, its transition tables' alias)."""
    triggers = [
        (table, operation, _link_body(facet, table, column, operation), "links")
        for facet, table, column in LINKS
        for operation in OPERATIONS
    ]
    triggers += [("collection_item", op, _item_body(op), "items") for op in OPERATIONS]
    return triggers


def _names(table, operation):
    return {
        "name": f"{COUNTS}_{operation.lower()}",
        "function": f"{COUNTS}_{table}_{operation.lower()}",
    }


def install_sql():
    """The functions and triggers, and the counts filled from the links."""
    sql = [
        statement_trigger(table, operation, body=body, alias=alias, **_names(table, operation))
        for table, operation, body, alias in _triggers()
    ]
    return "\n".join([*sql, recount_sql()])


def uninstall_sql():
    return "\n".join(
        drop_statement_trigger(table, **_names(table, operation))
        for table, operation, _body, _alias in _triggers()
    )


def recount_sql():
    """Every count afresh: the distinct published objects of each record."""
    counted = " UNION ALL ".join(
        f"SELECT '{facet}' AS facet, link.{column} AS record_id, count(DISTINCT link.item_id) "
        f"FROM {table} AS link JOIN collection_item AS item ON item.id = link.item_id "
        f"WHERE item.{PUBLISHED} GROUP BY link.{column}"
        for facet, table, column in LINKS
    )
    return (
        f"DELETE FROM {COUNTS}; INSERT INTO {COUNTS} (facet, record_id, items) {counted}; "
        f"DELETE FROM {KIND_COUNTS}; INSERT INTO {KIND_COUNTS} (kind, items) "
        f"SELECT kind, count(*) FROM collection_item WHERE {PUBLISHED} GROUP BY kind;"
    )


def recount():
    """Fill the counts afresh from the links, in one transaction."""
    with connection.cursor() as cursor:
        cursor.execute(recount_sql())
