"""Full-text search over the collection, accent- and case-insensitive, in both languages.

Each object's text (titles, descriptions, image captions, exhibition labels, people,
places, subjects, in Vietnamese and English) is folded (accents removed, lower case) and
stored ranked by weight in ``Item.search_document``, which a GIN index makes fast at
hundreds of thousands of objects. The query is folded the same way, so "kham thien",
"Khâm Thiên" and "KHAM THIEN" are one query. The ``simple`` configuration is used
because PostgreSQL has no Vietnamese stemmer, and English stemming would make the two
languages match differently.

Whatever writes an object, its images, its people or places, calls
``update_search_documents()`` for the objects concerned afterwards. Other apps add text
of their own (exhibitions: labels) through ``register_text_source()``.
"""

import json
import re
from functools import cached_property

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, connections
from django.db.models import BooleanField, Exists, F, FloatField, Func, OuterRef, Value
from django.db.models.functions import Lower

from core.text import normalise
from core.vocabulary import lexemes_sql, words_sql

# The database function made IMMUTABLE by migration 0002, so indexes can use it.
UNACCENT = "public.vitrine_unaccent"
_HAS_WORD = re.compile(r"\w")


def _split_letters_and_digits(sql):
    """``sql`` with a space between letters and digits, where a hyphen or nothing stood:
    "B52", "B-52" and "B 52" become the same two words in documents and queries."""
    for pattern in ("([[:alpha:]])-?([[:digit:]])", "([[:digit:]])-?([[:alpha:]])"):
        sql = f"regexp_replace({sql}, '{pattern}', '\\1 \\2', 'g')"
    return sql


class Fold(Func):
    """Accents off, then lower case: the same text for every way of typing a word."""

    template = f"lower({UNACCENT}(%(expressions)s))"


class FoldedQuery(Func):
    """The visitor's words as a tsquery: web-search syntax ("quoted phrases", or, -word),
    and the last word a prefix so that results appear while a word is still being typed."""

    template = (
        "regexp_replace(websearch_to_tsquery('simple', "
        + _split_letters_and_digits(f"lower({UNACCENT}(%(expressions)s))")
        + ")::text, '''$', ''':*')::tsquery"
    )


class FoldedDocument(Func):
    """Some columns' text as a search document folded like objects' documents, for the
    small tables searched without a stored one (exhibitions, sections, events)."""

    template = (
        "to_tsvector('simple', "
        + _split_letters_and_digits(f"lower({UNACCENT}(concat_ws(' ', %(expressions)s)))")
        + ")"
    )


def text_matching(queryset, query, *fields):
    """The rows of ``queryset`` whose ``fields`` (both languages' columns, by name) match
    the visitor's words as objects do, best first."""
    query = normalise(query)
    if not _HAS_WORD.search(query):
        return queryset.none()
    document = FoldedDocument(*(F(field) for field in fields), output_field=SearchVectorField())
    tsquery = FoldedQuery(Value(query))
    matches = Func(
        document,
        tsquery,
        arg_joiner=" @@ ",
        template="%(expressions)s",
        output_field=BooleanField(),
    )
    rank = Func(document, tsquery, function="ts_rank", output_field=FloatField())
    return queryset.filter(matches).annotate(rank=rank).order_by("-rank", "pk")


def _fold_sql(*columns):
    parts = ", ".join(f"coalesce({column}::text, '')" for column in columns)
    return _split_letters_and_digits(f"lower({UNACCENT}(concat_ws(' ', {parts})))")


def _weighted(weight, *columns):
    return f"setweight(to_tsvector('simple', {_fold_sql(*columns)}), '{weight}')"


def _names(alias, *columns):
    return f"concat_ws(' ', {', '.join(f'{alias}.{c}' for c in columns)}, " + (
        f"array_to_string({alias}.variant_names, ' '))"
    )


# Other apps' text in objects' documents (weight B), by name: see register_text_source().
_text_sources = {}


def register_text_source(name, build):
    """Let another app add text to objects' search documents without this app knowing it.

    ``build()`` returns ``(sql, params)``: a query of ``(item_id, text)`` rows, one per
    object, for the objects whose ids the common table expression ``target`` (column
    ``object_id``) holds. Called from the other app's ``AppConfig.ready()``; that app
    also refreshes the documents (``update_search_documents``) when its text changes.
    """
    if not name.isidentifier():
        raise ValueError(f"A text source's name must be an SQL identifier, not {name!r}.")
    _text_sources[name] = build


def _document(ids_sql: str, key: str) -> tuple[str, str, str, list]:
    """The search document of the objects whose ids ``ids_sql`` selects, as SQL:
    (common table expressions, joins on ``key``, the weighted tsvector of ``item``, and
    the parameters of the expressions).

    Weights rank what matched: A the accession number and titles, B the people,
    places, subjects and other apps' text (exhibition labels), C the descriptions and
    captions. The related text is gathered for all the objects at once (grouped joins,
    not a subquery per object), which keeps an import of 100,000 objects to seconds.
    """
    Item = apps.get_model("collection", "Item")
    Image = apps.get_model("collection", "Image")
    Creator = apps.get_model("collection", "Creator")
    Person = apps.get_model("collection", "Person")
    ItemPlace = apps.get_model("collection", "ItemPlace")
    Place = apps.get_model("collection", "Place")
    Subject = apps.get_model("collection", "Subject")
    item_subjects = Item.subjects.through._meta.db_table
    ctes = f"""
        target (object_id) AS MATERIALIZED ({ids_sql}),
        people AS (
            SELECT link.item_id, string_agg({_names("person", "name")}, ' ') AS text
            FROM {Creator._meta.db_table} AS link
            JOIN {Person._meta.db_table} AS person ON person.id = link.person_id
            WHERE link.item_id IN (SELECT object_id FROM target) GROUP BY link.item_id
        ),
        places AS (
            SELECT link.item_id,
                   string_agg({_names("place", "name_vi", "name_en")}, ' ') AS text
            FROM {ItemPlace._meta.db_table} AS link
            JOIN {Place._meta.db_table} AS place ON place.id = link.place_id
            WHERE link.item_id IN (SELECT object_id FROM target) GROUP BY link.item_id
        ),
        subjects AS (
            SELECT link.item_id,
                   string_agg({_names("subject", "name_vi", "name_en")}, ' ') AS text
            FROM {item_subjects} AS link
            JOIN {Subject._meta.db_table} AS subject ON subject.id = link.subject_id
            WHERE link.item_id IN (SELECT object_id FROM target) GROUP BY link.item_id
        ),
        captions AS (
            SELECT item_id, string_agg(concat_ws(' ', caption_vi, caption_en), ' ') AS text
            FROM {Image._meta.db_table}
            WHERE item_id IN (SELECT object_id FROM target) GROUP BY item_id
        )"""
    params = []
    sources = [f"source_{name}" for name in _text_sources]
    for alias, build in zip(sources, _text_sources.values(), strict=True):
        sql, source_params = build()
        ctes += f",\n        {alias} (item_id, text) AS ({sql})"
        params += source_params
    joins = " ".join(
        f"LEFT JOIN {name} ON {name}.item_id = {key}"
        for name in ("people", "places", "subjects", "captions", *sources)
    )
    document = (
        _weighted("A", "item.accession_number", "item.title_vi", "item.title_en")
        # "BTHN.1972.001" is one token to the parser; its parts are searchable too.
        + " || "
        + _weighted(
            "B",
            "translate(item.accession_number, './-_', '    ')",
            "people.text",
            "places.text",
            "subjects.text",
            *(f"{alias}.text" for alias in sources),
        )
        + " || "
        + _weighted("C", "item.description_vi", "item.description_en", "captions.text")
    )
    return ctes, joins, document, params


def update_search_documents(queryset):
    """Recompute the search documents of the given objects in one UPDATE; return how many."""
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    ctes, joins, document, source_params = _document(ids_sql, "target.object_id")
    sql = f"""
        WITH {ctes}
        UPDATE {queryset.model._meta.db_table} AS item SET search_document = {document}
        FROM target {joins} WHERE item.id = target.object_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids_params, *source_params])
        count = cursor.rowcount
    remember_words(ids_sql, ids_params)
    return count


def insert_with_search_documents(source: str, where: str = "TRUE", params=()) -> int:
    """Copy every row of the table ``source`` (the object table's columns, bar the search
    document) into the object table with its search document; return how many.

    New objects are written once, with their documents, instead of inserted and then
    updated: an UPDATE rewrites every row and every index entry a second time. Their
    links must be in place first (foreign keys are checked at commit). ``where`` (with
    ``params``) limits the copy to some of the rows (``id``), to write them in batches.
    """
    Item = apps.get_model("collection", "Item")
    columns = [
        field.column for field in Item._meta.concrete_fields if field.name != "search_document"
    ]
    ids_sql = f"SELECT id FROM {source} WHERE {where}"
    ctes, joins, document, source_params = _document(ids_sql, "item.id")
    sql = f"""
        WITH {ctes}
        INSERT INTO {Item._meta.db_table} ({", ".join(columns)}, search_document)
        SELECT {", ".join(f"item.{column}" for column in columns)}, {document}
        FROM {source} AS item {joins} WHERE item.id IN (SELECT object_id FROM target)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *source_params])
        count = cursor.rowcount
    remember_words(ids_sql, params)
    return count


def remember_words(ids_sql, params):
    """Add the words of these objects' documents, if published, to the site's vocabulary
    (core.vocabulary), and their places' names as written, accents and all. Lexemes are
    taken from the documents rather than split from the text again: an import of
    100,000 objects pays one pass over their documents."""
    Item = apps.get_model("collection", "Item")
    ItemPlace = apps.get_model("collection", "ItemPlace")
    Place = apps.get_model("collection", "Place")
    item, link, place = Item._meta.db_table, ItemPlace._meta.db_table, Place._meta.db_table
    published = "item.status = 'published'"
    with connection.cursor() as cursor:
        cursor.execute(
            lexemes_sql(
                f"SELECT item.search_document FROM {item} AS item "
                f"WHERE item.id IN ({ids_sql}) AND {published}"
            ),
            params,
        )
        cursor.execute(
            words_sql(
                "SELECT DISTINCT concat_ws(' ', place.name_vi, place.name_en) "
                f"FROM {place} AS place JOIN {link} AS link ON link.place_id = place.id "
                f"JOIN {item} AS item ON item.id = link.item_id "
                f"WHERE link.item_id IN ({ids_sql}) AND {published}"
            ),
            params,
        )


# Broad words ("hanoi") match most of the collection; visitors refine rather than page
# through thousands of results, and the page says when the list was cut.
MAX_RESULTS = 1000
# A search the planner expects to match COMMON_MATCHES objects or more, dense enough
# to find MAX_RESULTS of them among SCAN_ROWS, is first looked for among the first
# SCAN_ROWS objects in id order, stopping at MAX_RESULTS matches: the GIN index reads the
# list of every match first (100 ms for "photograph 1972", in a fifth of a million
# objects; 45 ms this way). Fewer matches there than MAX_RESULTS (the planner's guess
# was wrong), and the index answers as for any search.
COMMON_MATCHES = 50_000
SCAN_ROWS = 20_000


def search(queryset, query):
    """The objects of ``queryset`` matching ``query``, best first: a RankedResults."""
    return RankedResults(queryset, normalise(query))


def document_matches(query):
    """True for the objects whose search document matches ``query`` (normalised), a
    condition the GIN index answers."""
    return Func(
        F("search_document"),
        FoldedQuery(Value(query)),
        arg_joiner=" @@ ",
        template="%(expressions)s",
        output_field=BooleanField(),
    )


class RankedResults:
    """Search results as a paginator and a template want them: ``len()``, slices and
    iteration, best first.

    One query finds and ranks the matches, returning ids only; the objects are fetched
    (with ``queryset``'s prefetches) only for the slice shown. A paginator's usual COUNT
    would run the whole search a second time.
    """

    def __init__(self, queryset, query: str):
        self.queryset = queryset
        self.query = query

    @cached_property
    def ids(self) -> list[int]:
        if not _HAS_WORD.search(self.query):
            return []
        tsquery = FoldedQuery(Value(self.query))
        matches = document_matches(self.query)
        rank = Func(F("search_document"), tsquery, function="ts_rank", output_field=FloatField())
        # ts_rank cannot use an index: ranking every match of a word found in most of the
        # collection reads every row. Only the first MAX_RESULTS matches are ranked, in
        # the scan that finds them, and sorted here.
        matching = self.queryset.filter(matches)
        rows = None
        expected = self._estimate(matching)
        if expected >= COMMON_MATCHES and (
            expected * SCAN_ROWS >= MAX_RESULTS * self._estimate(self.queryset)
        ):
            rows = self._first_in_order()
        if rows is None:
            ranked = (
                matching.annotate(found=F("pk"), rank=rank)
                .order_by()
                .values("found", "rank")[:MAX_RESULTS]
            )
            rows = self._pairs(*ranked.query.sql_with_params())
        return [pk for pk, _ in sorted(rows, key=lambda row: (-row[1], row[0]))]

    def _estimate(self, queryset):
        """The planner's count of ``queryset``'s rows (for matches, from its statistics of
        the documents' words)."""
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"]

    def _first_in_order(self):
        """(id, rank) of the first MAX_RESULTS matches among the first SCAN_ROWS objects
        in id order, or None if there are fewer."""
        scanned = (
            self.queryset.order_by("pk")
            .annotate(scanned_id=F("pk"), scanned_document=F("search_document"))
            .values("scanned_id", "scanned_document")[:SCAN_ROWS]
        )
        scanned_sql, scanned_params = scanned.query.sql_with_params()
        tsquery = FoldedQuery.template % {"expressions": "%s"}
        rows = self._pairs(
            "SELECT scanned.scanned_id AS found, "
            "ts_rank(scanned.scanned_document, words.query) AS rank "
            f"FROM ({scanned_sql}) AS scanned, (SELECT {tsquery}) AS words (query) "
            f"WHERE scanned.scanned_document @@ words.query LIMIT {MAX_RESULTS:d}",
            [*scanned_params, self.query],
        )
        return rows if len(rows) >= MAX_RESULTS else None

    def _pairs(self, sql, params):
        # A plain cursor: a thousand pairs through the ORM's row iterators cost more
        # than the query. The ORM does not promise the columns' order: they are found
        # by their names.
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description]
            found, rank = names.index("found"), names.index("rank")
            return [(row[found], row[rank]) for row in cursor.fetchall()]

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        found = self.queryset.in_bulk(ids) if ids else {}
        return [found[pk] for pk in ids if pk in found]


def matching_names(queryset, query, *fields, limit=5):
    """Authority records (people, places, subjects) whose name is close to ``query``,
    by trigram word similarity on folded names (indexed by migration 0002)."""
    query = normalise(query)
    if not _HAS_WORD.search(query):
        return queryset.none()
    folded_query = Lower(Func(Value(query), function=UNACCENT))
    condition = None
    for field in fields:
        lookup = Func(
            folded_query,
            Fold(F(field)),
            arg_joiner=" <%% ",
            template="%(expressions)s",
            output_field=BooleanField(),
        )
        condition = lookup if condition is None else condition | lookup
    return queryset.filter(condition)[:limit]


def with_published_items(queryset, relation):
    """Authority records that at least one published object points to.

    A person known only from drafts is not shown to visitors, not even by name.
    """
    item = apps.get_model("collection", "Item")
    return queryset.filter(Exists(item.objects.published().filter(**{relation: OuterRef("pk")})))
