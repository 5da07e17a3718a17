"""Likely duplicate people, places and subjects, found by their names.

Two records are likely the same when their names are the same once accents and case
are folded away ("Chu Chi Thanh", "Chu Chí Thành"), when a variant name of one is the
other's name folded, or when their folded names are alike: one typing slip apart and
close by trigram similarity (pg_trgm), "Chu Chi Than" and "Chu Chí Thành".

Comparing every name with every other by similarity alone does not scale: Vietnamese
names share most of their trigrams (a quarter of a collection's people may be "Nguyễn
Văn …"), so even the trigram index reads thousands of entries per name, some 5 ms, and
20,000 people took two minutes. Names one slip apart share a *deletion key* (the name
with one character left out, or the name itself: "chu chi than" is both "chu chi thanh"
less its last letter and itself), so candidates are found by equal keys, a hash join,
and only they are scored: 20,000 people in under two seconds. The admin's list and the
import's "did you mean" use the same test, each in one query (the import's for all the
file's new names of a kind).

Records merged into another (``merged_into``) are never offered: they are not there
any more as far as the curators are concerned.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

# pg_trgm similarity of two folded names from which they are "alike": "chu chi than"
# and "chu chi thanh" score 0.77, "vo an ninh" and "vo anh ninh" 0.83, while names
# sharing only a family and a middle name ("nguyen van 1", "nguyen van 2") stay below.
SIMILARITY = 0.75
# Column(s) holding each kind's name: a person's is not translated.
NAME_COLUMNS = {
    "person": ("name",),
    "place": ("name_vi", "name_en"),
    "subject": ("name_vi", "name_en"),
}
PAIRS_LISTED = 500
SUGGESTIONS_PER_NAME = 3

SAME, VARIANT, SIMILAR = "same", "variant", "similar"
REASONS = {
    SAME: _("the same name without accents"),
    VARIANT: _("a variant name of one is the other's name"),
    SIMILAR: _("similar names"),
}


def fold(sql):
    """The SQL of ``sql`` folded as the search folds text (collection.search)."""
    return f"lower(public.vitrine_unaccent({sql}))"


def _names(kind):
    """SQL of (id, folded, shown): each current record's names, folded, and the name
    it is shown by."""
    shown = NAME_COLUMNS[kind][0]
    return " UNION ALL ".join(
        f"SELECT id, {fold(column)} AS folded, {shown} AS shown FROM collection_{kind} "
        f"WHERE merged_into_id IS NULL AND {column} <> ''"
        for column in NAME_COLUMNS[kind]
    )


def _keys(source, *columns):
    """SQL of ``columns`` and ``k``: each row of ``source`` (which has ``folded``) once
    under its folded name, and once under each deletion key."""
    kept = ", ".join(columns)
    return (
        f"SELECT {kept}, folded AS k FROM {source} UNION ALL "
        f"SELECT {kept}, left(folded, i - 1) || substr(folded, i + 1) "
        f"FROM {source}, generate_series(1, length(folded)) AS i"
    )


@dataclass(frozen=True)
class Pair:
    """Two records that are likely one: ``first`` has the lower id."""

    first: int
    second: int
    reason: str
    score: float

    @property
    def reason_text(self):
        return REASONS[self.reason]

    @property
    def percent(self):
        return round(self.score * 100)


def likely_duplicates(model, limit=PAIRS_LISTED) -> list[Pair]:
    """Pairs of ``model``'s current records that are likely the same, the surest first:
    the same folded name, a variant that is the other's name, then by similarity."""
    kind = model._meta.model_name
    rank = f"CASE reason WHEN '{SAME}' THEN 0 WHEN '{VARIANT}' THEN 1 ELSE 2 END"
    sql = (
        f"WITH names AS ({_names(kind)}), keys AS ({_keys('names', 'id', 'folded')}), "
        "near AS (SELECT DISTINCT a.id AS first, b.id AS second, a.folded AS fa, "
        "b.folded AS fb FROM keys a JOIN keys b ON a.k = b.k AND a.id < b.id), "
        # A variant of one record (folded) that is another's folded name, either way.
        f"variants AS (SELECT id, {fold('variant')} AS folded FROM collection_{kind}, "
        "unnest(variant_names) AS variant WHERE merged_into_id IS NULL), "
        f"found(first, second, reason, score) AS ("
        f"SELECT first, second, CASE WHEN fa = fb THEN '{SAME}' ELSE '{SIMILAR}' END, "
        "similarity(fa, fb) FROM near WHERE fa = fb OR similarity(fa, fb) >= %s "
        f"UNION ALL SELECT least(v.id, n.id), greatest(v.id, n.id), '{VARIANT}', 1.0 "
        "FROM variants v JOIN names n ON n.folded = v.folded AND n.id <> v.id) "
        f"SELECT first, second, (array_agg(reason ORDER BY {rank}))[1], max(score) "
        f"FROM found GROUP BY first, second "
        f"ORDER BY min({rank}), max(score) DESC, first, second LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [SIMILARITY, limit])
        return [
            Pair(first, second, reason, float(score)) for first, second, reason, score in cursor
        ]


def similar_records(kind, names) -> dict[str, list[tuple[int, str, float]]]:
    """Name -> up to a few current records of ``kind`` whose name is alike (id, name,
    similarity), best first: one query for all ``names``."""
    if not names:
        return {}
    sql = (
        f"WITH wanted AS (SELECT n AS name, {fold('n')} AS folded "
        "FROM unnest(%s::text[]) AS n), "
        f"wanted_keys AS ({_keys('wanted', 'name', 'folded')}), "
        f"names AS ({_names(kind)}), keys AS ({_keys('names', 'id', 'folded', 'shown')}) "
        "SELECT w.name, r.id, r.shown, max(similarity(w.folded, r.folded)) AS score "
        "FROM wanted_keys w JOIN keys r ON r.k = w.k "
        "WHERE w.folded = r.folded OR similarity(w.folded, r.folded) >= %s "
        "GROUP BY w.name, r.id, r.shown ORDER BY w.name, score DESC, r.id"
    )
    found: dict[str, list] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [sorted(names), SIMILARITY])
        for name, pk, record_name, score in cursor:
            suggestions = found.setdefault(name, [])
            if len(suggestions) < SUGGESTIONS_PER_NAME:
                suggestions.append((pk, record_name, float(score)))
    return found
