"""Likely duplicate people, places and subjects, found by their names.

Two records are likely the same when their names are the same once accents and case
are folded away ("Chu Chi Thanh", "Chu Chí Thành"), when a variant name of one is the
other's name folded, or when their folded names are alike by trigram similarity
(pg_trgm). Names are folded as the search folds them, so the trigram indexes of
migration 0002 on ``lower(vitrine_unaccent(name))`` answer the similarity joins; the
admin's duplicates list asks once per page, the import's "did you mean" once per kind
for all the file's new names, never once per name.

Records merged into another (``merged_into``) are never offered: they are not there
any more as far as the curators are concerned.
"""

import contextlib
from dataclasses import dataclass

from django.db import connection, transaction
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
    """The SQL of ``sql`` folded as the trigram indexes hold names (migration 0002)."""
    return f"lower(public.vitrine_unaccent({sql}))"


def kind_of(model):
    return model._meta.model_name


@contextlib.contextmanager
def _similarity_threshold(cursor):
    """pg_trgm's ``%`` operator, which the trigram indexes answer, at SIMILARITY, for
    this transaction's statements until the block ends (then as it was)."""
    with transaction.atomic():
        # similarity() first: the setting exists once pg_trgm is loaded in the session.
        cursor.execute(
            "SELECT similarity('', ''), current_setting('pg_trgm.similarity_threshold'), "
            "set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(SIMILARITY)],
        )
        previous = cursor.fetchone()[1]
        yield
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [previous])


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
    table = model._meta.db_table
    live = "merged_into_id IS NULL"
    similar = " UNION ALL ".join(
        f"SELECT a.id AS first, b.id AS second, "
        f"CASE WHEN {fold(f'a.{c}')} = {fold(f'b.{c}')} THEN '{SAME}' ELSE '{SIMILAR}' END, "
        f"similarity({fold(f'a.{c}')}, {fold(f'b.{c}')}) "
        f"FROM {table} a JOIN {table} b ON {fold(f'b.{c}')} %% {fold(f'a.{c}')} "
        f"AND a.id < b.id WHERE a.{live} AND b.{live} AND a.{c} <> '' AND b.{c} <> ''"
        for c in NAME_COLUMNS[kind_of(model)]
    )
    # A variant of one record (folded) equal to another's folded name, either way round.
    names = " UNION ALL ".join(
        f"SELECT id, {fold(c)} AS folded FROM {table} WHERE {live} AND {c} <> ''"
        for c in NAME_COLUMNS[kind_of(model)]
    )
    variants = (
        f"SELECT least(v.id, n.id), greatest(v.id, n.id), '{VARIANT}', 1.0 "
        f"FROM (SELECT id, {fold('variant')} AS folded FROM {table}, "
        f"unnest(variant_names) AS variant WHERE {live}) v "
        f"JOIN ({names}) n ON n.folded = v.folded AND n.id <> v.id"
    )
    rank = f"CASE reason WHEN '{SAME}' THEN 0 WHEN '{VARIANT}' THEN 1 ELSE 2 END"
    sql = (
        f"SELECT first, second, (array_agg(reason ORDER BY {rank}))[1], max(score) "
        f"FROM ({similar} UNION ALL {variants}) AS found(first, second, reason, score) "
        f"GROUP BY first, second ORDER BY min({rank}), max(score) DESC, first, second LIMIT %s"
    )
    with connection.cursor() as cursor, _similarity_threshold(cursor):
        cursor.execute(sql, [limit])
        return [
            Pair(first, second, reason, float(score)) for first, second, reason, score in cursor
        ]


def similar_records(kind, names) -> dict[str, list[tuple[int, str, float]]]:
    """Name -> up to a few current records of ``kind`` whose name is alike (id, name,
    similarity), best first: one query for all ``names``."""
    if not names:
        return {}
    table = f"collection_{kind}"
    shown = NAME_COLUMNS[kind][0]
    joins = " UNION ALL ".join(
        f"SELECT w.name, r.id, r.{shown}, similarity({fold(f'r.{c}')}, w.folded) "
        f"FROM wanted w JOIN {table} r ON {fold(f'r.{c}')} %% w.folded "
        f"WHERE r.merged_into_id IS NULL"
        for c in NAME_COLUMNS[kind]
    )
    sql = (
        f"WITH wanted(name, folded) AS (SELECT n, {fold('n')} FROM unnest(%s::text[]) AS n) "
        f"SELECT name, id, shown, max(score) FROM ({joins}) AS found(name, id, shown, score) "
        "GROUP BY name, id, shown ORDER BY name, max(score) DESC, id"
    )
    found: dict[str, list] = {}
    with connection.cursor() as cursor, _similarity_threshold(cursor):
        cursor.execute(sql, [sorted(names)])
        for name, pk, record_name, score in cursor:
            suggestions = found.setdefault(name, [])
            if len(suggestions) < SUGGESTIONS_PER_NAME:
                suggestions.append((pk, record_name, float(score)))
    return found
