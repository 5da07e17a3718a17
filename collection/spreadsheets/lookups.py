"""The database lookups that the check and the write of an import share: the state of
the objects a file names, and the ids of the authority records it names (by name, by
variant name, through a merge)."""

import hashlib
from dataclasses import dataclass, field

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
    """Name -> id for the names that exist (see ``authority_matches``)."""
    return authority_matches(kind, names).ids


@dataclass
class NameMatches:
    ids: dict[str, int] = field(default_factory=dict)
    # Names found as another record's: a variant name, or a record merged into it.
    # Name -> (id, the record's own name).
    by_other_name: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Variant names that several records list: matched to none of them.
    ambiguous: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def authority_matches(kind: str, names) -> NameMatches:
    """The records ``names`` (NFC, as ``normalise()`` leaves them) stand for, in two
    queries however many names: by name (places and subjects by their Vietnamese name
    first, then their English one), then the rest by a variant name that one current
    record lists. A record merged into another stands for the one it was merged into.
    Matching is exact: "Trần Thị Hà" and "Trần Thị Hạ" are two people unless one lists
    the other's spelling as a variant."""
    matches = NameMatches()
    if not names:
        return matches
    names = sorted(names)
    columns = ("name",) if kind == "person" else ("name_vi", "name_en")
    shown = columns[0]
    found = " OR ".join(f"r.{column} = ANY(%s)" for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(f'r.{c}' for c in columns)}, coalesce(k.id, r.id), "
            f"coalesce(k.{shown}, r.{shown}), k.id IS NOT NULL FROM collection_{kind} r "
            f"LEFT JOIN collection_{kind} k ON k.id = r.merged_into_id WHERE {found} "
            "ORDER BY r.id",
            [names] * len(columns),
        )
        rows = cursor.fetchall()
        wanted = set(names)
        # The first column's matches win over the second's (Vietnamese over English).
        for index in range(len(columns)):
            for *row_names, pk, record_name, merged in rows:
                name = row_names[index]
                if name in wanted and name not in matches.ids:
                    matches.ids[name] = pk
                    if merged:
                        matches.by_other_name[name] = (pk, record_name)
        rest = sorted(wanted - matches.ids.keys())
        if not rest:
            return matches
        cursor.execute(
            f"SELECT v, id, {shown} FROM collection_{kind}, unnest(variant_names) AS v "
            "WHERE variant_names && %s::varchar[] AND merged_into_id IS NULL "
            "AND v = ANY(%s) ORDER BY v, id",
            [rest, rest],
        )
        listing: dict[str, dict[int, str]] = {}
        for name, pk, record_name in cursor.fetchall():
            listing.setdefault(name, {})[pk] = record_name
    for name, records in listing.items():
        if len(records) == 1:
            ((pk, record_name),) = records.items()
            matches.ids[name] = pk
            matches.by_other_name[name] = (pk, record_name)
        else:
            matches.ambiguous[name] = sorted(records.items())
    return matches
