"""The database lookups that the check and the write of an import share: the state of
the objects a file names, and the ids of the authority records it names."""

import hashlib

from django.db import connection


def fingerprint(keys: list[str]) -> str:
    """The state of the objects a file names (and of their images), in one query.

    Saving an object in the admin moves its updated_at, even for a change to its links,
    so these few numbers change whenever anything the plan compared against changes.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH matched AS (SELECT id, updated_at FROM collection_item "
            "WHERE lower(accession_number) = ANY(%s)) "
            "SELECT (SELECT count(*) FROM matched), (SELECT sum(id) FROM matched), "
            "(SELECT max(updated_at) FROM matched), "
            "(SELECT count(*) FROM collection_image WHERE item_id IN (SELECT id FROM matched)), "
            "(SELECT max(id) FROM collection_image WHERE item_id IN (SELECT id FROM matched))",
            [keys],
        )
        state = cursor.fetchone()
    return hashlib.sha256(repr(state).encode()).hexdigest()


def authority_ids(kind: str, names) -> dict[str, int]:
    """Name -> id for the names that exist. Places and subjects match their Vietnamese
    name first, then their English one."""
    if not names:
        return {}
    names = sorted(names)
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if kind == "person":
            cursor.execute("SELECT name, id FROM collection_person WHERE name = ANY(%s)", [names])
            return dict(cursor.fetchall())
        cursor.execute(
            f"SELECT name_vi, name_en, id FROM collection_{kind} "
            "WHERE name_vi = ANY(%s) OR name_en = ANY(%s) ORDER BY id",
            [names, names],
        )
        rows = cursor.fetchall()
    wanted = set(names)
    for name_vi, _name_en, pk in rows:
        if name_vi in wanted:
            found[name_vi] = pk
    for _name_vi, name_en, pk in rows:
        if name_en in wanted:
            found.setdefault(name_en, pk)
    return found
