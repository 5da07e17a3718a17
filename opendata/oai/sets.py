"""The repository's sets: objects by kind (``kind:photograph``) and by published
exhibition (``exhibition:<slug>``). The colon is the protocol's hierarchy: ``kind`` holds
every object, ``exhibition`` every object shown in a published exhibition.

Deleted records are listed in the sets they are still in: a withdrawn object keeps its
kind, and an unpublished one stays in the exhibitions that show it (to visitors it is
hidden there), so a harvester of a set learns of its withdrawal too.
"""

import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from collection.models import Kind
from core.models import Status
from exhibitions.models import Exhibition, ExhibitionItem, Section
from opendata.oai.dc_sql import escaped, id_array
from opendata.oai.errors import NoRecordsMatch
from opendata.oai.markup import in_both_languages, joined

KIND, EXHIBITION = "kind", "exhibition"


def all_sets():
    """[(setSpec, setName)] of every set, the parents first."""
    sets = [(KIND, in_both_languages(_("Kind")))]
    sets += [(f"{KIND}:{kind.value}", kind_name(kind)) for kind in Kind]
    exhibitions = (
        Exhibition.objects.published().order_by("slug").values_list("slug", "title_vi", "title_en")
    )
    if exhibitions:
        sets.append((EXHIBITION, in_both_languages(_("Exhibitions"))))
        sets += [
            (f"{EXHIBITION}:{slug}", joined({"vi": vi, "en": en}) or slug)
            for slug, vi, en in exhibitions
        ]
    return sets


def kind_name(kind):
    labels = []
    for code in ("vi", "en"):
        with translation.override(code):
            labels.append(str(kind.label))
    return " / ".join(dict.fromkeys(labels))


@dataclass(frozen=True)
class Membership:
    """What a set asks of its objects: a kind, or being shown in a published
    exhibition (any, or the one whose slug is given)."""

    kind: str | None = None
    in_exhibition: bool = False
    exhibition_slug: str | None = None

    def exhibition_items(self):
        """The ids of the objects shown in the exhibition(s), as a subquery."""
        published = Exhibition.objects.published()
        shown = ExhibitionItem.objects.filter(section__exhibition__in=published)
        if self.exhibition_slug:
            shown = shown.filter(section__exhibition__slug=self.exhibition_slug)
        return shown.values("item_id")


def membership(set_spec):
    """The Membership of ``set_spec`` (None: every object); NoRecordsMatch for a set
    this repository cannot have."""
    if set_spec is None or set_spec == KIND:
        return None
    parent, _colon, child = set_spec.partition(":")
    if parent == KIND and child in Kind.values:
        return Membership(kind=child)
    if parent == EXHIBITION and ":" not in child:
        # An exhibition that does not exist, or is not published, has no objects.
        return Membership(in_exhibition=True, exhibition_slug=child or None)
    raise NoRecordsMatch(_("This repository has no such set."))


# The compiled query's parameter that stands for the ids asked for, found by identity.
_PKS = [0]


def _shown(condition, params):
    """(item_id, slug) of the published exhibitions showing the exhibition items that
    meet the SQL ``condition``, in order."""
    asked = RawSQL(condition, params, output_field=BooleanField())
    rows = (
        ExhibitionItem.objects.filter(asked, section__exhibition__in=Exhibition.objects.published())
        .values_list("item_id", "section__exhibition__slug")
        .order_by("item_id", "section__exhibition__slug")
        .distinct()
    )
    sql, params = rows.query.sql_with_params()
    # Each column is named after its field; Django orders them its own way.
    columns = '"item_id", "section__exhibition__slug" AS slug'
    return f"SELECT {columns} FROM ({sql}) AS shown ORDER BY 1, 2", params


@functools.cache
def _exhibition_sets_query():
    """The query of exhibition_sets(), compiled once per process: Django took longer to
    build it (a join through the sections, published() as a subquery) than PostgreSQL
    takes to run it, milliseconds a page of a harvest."""
    table = ExhibitionItem._meta.db_table
    return _shown(f'"{table}"."item_id" = ANY(%s::bigint[])', (_PKS,))


def exhibition_set_texts(condition):
    """The query of each object's exhibitions' ``setSpec`` elements as one text,
    (item_id, text), for the exhibition items (``link``) that meet the SQL
    ``condition``: written without parameters, for the triggers' functions that keep
    them (opendata.oai.stored) as for a page written row by row (dc_listing)."""
    spec = escaped(f"'{EXHIBITION}:' || shown.slug")
    return (
        f"SELECT shown.item_id, string_agg('<setSpec>' || {spec} || '</setSpec>', ''"
        " ORDER BY shown.slug) AS text FROM (SELECT DISTINCT link.item_id, exhibition.slug"
        f" FROM {ExhibitionItem._meta.db_table} AS link"
        f" JOIN {Section._meta.db_table} AS section ON section.id = link.section_id"
        f" JOIN {Exhibition._meta.db_table} AS exhibition"
        " ON exhibition.id = section.exhibition_id"
        f" WHERE {condition} AND exhibition.status = '{Status.PUBLISHED}')"
        " AS shown GROUP BY shown.item_id"
    )


def exhibition_sets(pks):
    """Object id -> the setSpecs of the published exhibitions showing it, in one query."""
    sql, params = _exhibition_sets_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [id_array(pks) if param is _PKS else param for param in params])
        rows = cursor.fetchall()
    sets = {}
    for pk, slug in rows:
        sets.setdefault(pk, []).append(f"{EXHIBITION}:{slug}")
    return sets
