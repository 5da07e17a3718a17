"""Full-text search over the collection, accent- and case-insensitive, in both languages.

Each object's text (titles, descriptions, image captions, exhibition labels, people,
places, subjects, in Vietnamese and English) is folded (accents removed, lower case) and
stored ranked by weight in ``Item.search_document``, which a GIN index makes fast at
hundreds of thousands of objects. The query is folded the same way, so "kham thien",
"Khâm Thiên" and "KHAM THIEN" are one query. The ``simple`` configuration is used
because PostgreSQL has no Vietnamese stemmer, and English stemming would make the two
languages match differently.

Whatever writes an object, its images, its people or places, or an exhibition label
calls ``update_search_documents()`` for the objects concerned afterwards.
"""

import re

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Exists, F, FloatField, Func, OuterRef, Value
from django.db.models.functions import Lower

from core.text import normalise

# The database function made IMMUTABLE by migration 0002, so indexes can use it.
UNACCENT = "public.vitrine_unaccent"
_HAS_WORD = re.compile(r"\w")


class Fold(Func):
    """Accents off, then lower case: the same text for every way of typing a word."""

    template = f"lower({UNACCENT}(%(expressions)s))"


class FoldedQuery(Func):
    """The visitor's words as a tsquery: web-search syntax ("quoted phrases", or, -word),
    and the last word a prefix so that results appear while a word is still being typed."""

    template = (
        "regexp_replace(websearch_to_tsquery('simple', "
        f"lower({UNACCENT}(%(expressions)s)))::text, '''$', ''':*')::tsquery"
    )


def _fold_sql(*columns):
    parts = ", ".join(f"coalesce({column}::text, '')" for column in columns)
    return f"lower({UNACCENT}(concat_ws(' ', {parts})))"


def _weighted(weight, *columns):
    return f"setweight(to_tsvector('simple', {_fold_sql(*columns)}), '{weight}')"


def _names(alias, columns):
    return " || ' ' || ".join(
        [f"coalesce({alias}.{column}, '')" for column in columns]
        + [f"array_to_string({alias}.variant_names, ' ')"]
    )


def _label_subquery():
    """Exhibition labels of published exhibitions, once the exhibitions app has them."""
    try:
        exhibition_item = apps.get_model("exhibitions", "ExhibitionItem")
        exhibition = apps.get_model("exhibitions", "Exhibition")
    except LookupError:
        return None, []
    fields = {f.attname: f.column for f in exhibition_item._meta.concrete_fields}
    label_columns = [
        fields[name]
        for name in ("label_title_vi", "label_title_en", "label_text_vi", "label_text_en")
        if name in fields
    ]
    if not label_columns or "item_id" not in fields:
        return None, []
    # A draft exhibition's labels must not make objects findable by their words, so
    # the exhibitions are those of published(), the one visibility rule.
    path = _exhibition_path(exhibition_item, exhibition)
    if path is None:
        return None, []
    published_sql, params = exhibition.objects.published().values("pk").query.sql_with_params()
    texts = " || ' ' || ".join(f"coalesce(label.{column}, '')" for column in label_columns)
    sql = (
        f"(SELECT string_agg({texts}, ' ') FROM {exhibition_item._meta.db_table} AS label "
        f"{path['join']} WHERE label.{fields['item_id']} = item.id "
        f"AND {path['exhibition_id']} IN ({published_sql}))"
    )
    return sql, list(params)


def _exhibition_path(exhibition_item, exhibition):
    """How a label row reaches its exhibition: directly, or through its section."""
    for field in exhibition_item._meta.concrete_fields:
        if field.is_relation and field.related_model is exhibition:
            return {"join": "", "exhibition_id": f"label.{field.column}"}
    for field in exhibition_item._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        for inner in field.related_model._meta.concrete_fields:
            if inner.is_relation and inner.related_model is exhibition:
                table = field.related_model._meta.db_table
                return {
                    "join": f"JOIN {table} AS section ON section.id = label.{field.column}",
                    "exhibition_id": f"section.{inner.column}",
                }
    return None


def update_search_documents(queryset):
    """Recompute the search documents of the given objects in one UPDATE; return how many.

    Weights rank what matched: A the accession number and titles, B the people,
    places, subjects and exhibition labels, C the descriptions and captions.
    """
    ids_sql, ids_params = queryset.values("pk").query.sql_with_params()
    labels_sql, labels_params = _label_subquery()
    people = (
        "(SELECT string_agg(" + _names("person", ["name"]) + ", ' ') "
        "FROM collection_creator AS link "
        "JOIN collection_person AS person ON person.id = link.person_id "
        "WHERE link.item_id = item.id)"
    )
    places = (
        "(SELECT string_agg(" + _names("place", ["name_vi", "name_en"]) + ", ' ') "
        "FROM collection_itemplace AS link "
        "JOIN collection_place AS place ON place.id = link.place_id "
        "WHERE link.item_id = item.id)"
    )
    subjects = (
        "(SELECT string_agg("
        + _names("subject", ["name_vi", "name_en"])
        + ", ' ') FROM collection_item_subjects AS link "
        "JOIN collection_subject AS subject ON subject.id = link.subject_id "
        "WHERE link.item_id = item.id)"
    )
    captions = (
        "(SELECT string_agg(coalesce(image.caption_vi, '') || ' ' || "
        "coalesce(image.caption_en, ''), ' ') FROM collection_image AS image "
        "WHERE image.item_id = item.id)"
    )
    related = [people, places, subjects] + ([labels_sql] if labels_sql else [])
    sql = (
        "UPDATE collection_item AS item SET search_document = "
        # "BTHN.1972.001" is one token to the parser; its parts are searchable too.
        + _weighted("A", "item.accession_number", "item.title_vi", "item.title_en")
        + " || "
        + _weighted("B", "translate(item.accession_number, './-_', '    ')", *related)
        + " || "
        + _weighted("C", "item.description_vi", "item.description_en", captions)
        + f" WHERE item.id IN ({ids_sql})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*labels_params, *ids_params])
        return cursor.rowcount


# Broad words ("hanoi") match most of the collection; visitors refine rather than page
# through thousands of results, and the page says when the list was cut.
MAX_RESULTS = 1000


def search(queryset, query):
    """The objects of ``queryset`` matching ``query``, best first, with a ``rank``."""
    query = normalise(query)
    if not _HAS_WORD.search(query):
        return queryset.none()
    tsquery = FoldedQuery(Value(query))
    matches = Func(
        F("search_document"),
        tsquery,
        arg_joiner=" @@ ",
        template="%(expressions)s",
        output_field=BooleanField(),
    )
    rank = Func(F("search_document"), tsquery, function="ts_rank", output_field=FloatField())
    # ts_rank cannot use an index: ranking every match of a word found in most of the
    # collection reads every row. Only the first MAX_RESULTS matches are ranked.
    candidates = queryset.filter(matches).order_by().values("pk")[:MAX_RESULTS]
    return queryset.filter(pk__in=candidates).annotate(rank=rank).order_by("-rank", "pk")


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
