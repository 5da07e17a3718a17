"""Merging two people, places or subjects into one, and undoing the merge.

A merge moves every link of the merged record (an object's creators with their roles,
its places with their relation, its subjects) to the kept record, adds the merged
record's names (both languages) and variants to the kept record's variant names, and
marks the merged record ``merged_into`` the kept one. The merged record is not deleted:
it keeps its id, names and history, its public address redirects to the kept record's
page, and the lists, the autocompletes and the import pass it by (a file naming it
links to the kept record). An object linked to both records keeps one link per role.

Each merge is one change set in the history (core.history), whose context names it
(``merge``). Undoing it reads that change set back: the links it moved or removed go
back as they were before it (the same rows, ids and positions), the variants it added
are taken off the kept record, and the merged record is current again. A link changed
since the merge (its object edited, or deleted) is left as it is and counted. The undo
is a change set of its own (``merge_undo``).
"""

from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, UniqueConstraint
from django.utils.translation import gettext as _

from collection.models import Item
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from core.history.context import add_to_context
from core.history.restoring import restore
from core.history.versions import DELETE, TRACKED, Version, kept_fields, version_model


class MergeRefused(Exception):
    """The records cannot be merged, or the merge undone, as asked; nothing was written.
    Its message is for the curator."""


@dataclass
class Merged:
    """What a merge or its undo did."""

    kept: object
    merged: object
    links: int  # links moved back or forth
    removed: int = 0  # links a merge removed (the kept record had them), or an undo put back
    left_alone: int = 0  # links an undo left as they are, changed since the merge


def links_to(model):
    """(link model, field name, the other fields of its unique constraint) for every
    model linking objects to ``model``: creators, an object's places, its subjects."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.one_to_many):
            continue
        related = relation.related_model
        if related is model or issubclass(related, Version):
            continue  # merged records, and the history
        name = relation.field.name
        together = [list(fields) for fields in related._meta.unique_together if name in fields] + [
            list(c.fields)
            for c in related._meta.constraints
            if isinstance(c, UniqueConstraint) and name in c.fields and c.condition is None
        ]
        others = [f for f in (together[0] if together else []) if f != name]
        found.append((related, name, others))
    return found


def _context(key, model, kept, merged, user):
    """The history context of a merge (``key`` "merge") or of its undo ("merge_undo"):
    which records, by id and by name, and a label for the recent changes."""
    label = "Merge: %s into %s" if key == "merge" else "Undo merge: %s from %s"
    return {
        key: {
            "model": model._meta.label_lower,
            "kept": kept.pk,
            "merged": merged.pk,
            "kept_name": str(kept),
            "merged_name": str(merged),
        },
        "label": label % (merged, kept),
        "user": user.pk if user is not None else None,
    }


def _locked(model, *pks):
    rows = model._base_manager.select_for_update().filter(pk__in=pks).in_bulk()
    return [rows.get(pk) for pk in pks]


def _items_of(model, pks):
    condition = Q()
    for link, name, _others in links_to(model):
        condition |= Q(Exists(link.objects.filter(**{f"{name}__in": pks}, item=OuterRef("pk"))))
    return Item.objects.filter(condition)


@transaction.atomic
def merge_authorities(*, keep, merged, user):
    """Merge ``merged`` into ``keep`` (two records of one model) for ``user``."""
    model = type(keep)
    if type(merged) is not model:
        raise MergeRefused(_("Only two records of the same kind can be merged."))
    if keep.pk == merged.pk:
        raise MergeRefused(_("A record cannot be merged into itself."))
    keep, merged = _locked(model, keep.pk, merged.pk)
    if keep is None or merged is None:
        raise MergeRefused(_("One of the records no longer exists."))
    if keep.merged_into_id or merged.merged_into_id:
        raise MergeRefused(_("One of the records was already merged into another."))
    with pghistory.context() as context:
        add_to_context(context, **_context("merge", model, keep, merged, user))
        moved = removed = 0
        for link, name, others in links_to(model):
            # An object linked to both with the same role (relation) keeps the kept link.
            same = link.objects.filter(
                **{name: keep.pk}, **{other: OuterRef(other) for other in others}
            )
            removed += link.objects.filter(**{name: merged.pk}).filter(Exists(same)).delete()[0]
            moved += link.objects.filter(**{name: merged.pk}).update(**{name: keep.pk})
        own = set(keep.own_names)
        added = [n for n in [*merged.own_names, *merged.variant_names] if n not in own]
        keep.variant_names = list(dict.fromkeys([*keep.variant_names, *added]))
        merged.merged_into = keep
        try:
            keep.full_clean()
            merged.full_clean()
        except ValidationError as error:
            raise MergeRefused(" ".join(error.messages)) from None
        keep.save()
        merged.save()
        # Records merged earlier into the merged one lead to the kept one now: one step.
        model._base_manager.filter(merged_into=merged).update(merged_into=keep)
        # All the kept record's objects: their documents hold its variant names.
        update_search_documents(_items_of(model, [keep.pk]))
    transaction.on_commit(invalidate_public_pages)
    return Merged(kept=keep, merged=merged, links=moved, removed=removed)


def merge_context(merged):
    """The change set of the latest merge of ``merged`` into another record: found by
    the record's own versions, in the order they were written."""
    model = type(merged)
    version = (
        version_model(model)
        .objects.filter(
            pgh_obj_id=merged.pk,
            pgh_context__metadata__merge__model=model._meta.label_lower,
            pgh_context__metadata__merge__merged=merged.pk,
        )
        .select_related("pgh_context")
        .order_by("-pgh_id")
        .first()
    )
    return version.pgh_context if version else None


def _restorable(link, context_id):
    """How many rows of ``link`` the change set wrote, and those to put back: primary
    key -> the version before it. A row that is not as the change set left it (edited
    or deleted since, or its object gone) is left as it is."""
    tracked = TRACKED[link]
    versions = tracked.version_model._meta.db_table
    owner_field = link._meta.get_field(tracked.owner)
    # An owned row's versions are found through its owner's index.
    owner = f'"{owner_field.column}"'
    same = f"v.{owner} = t.root AND v.pgh_obj_id = t.obj"
    columns = [f'"{f.column}"' for f in kept_fields(tracked.version_model)]
    now = ", ".join(f"cur.{c}" for c in columns)
    left = ", ".join(f"v.{c}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH t AS (SELECT pgh_obj_id AS obj, min(pgh_id) AS first, max(pgh_id) AS last, "
            f"(array_agg({owner}))[1] AS root FROM {versions} WHERE pgh_context_id = %s "
            "GROUP BY pgh_obj_id) "
            f"SELECT t.obj, (SELECT v.pgh_id FROM {versions} v WHERE {same} "
            "AND v.pgh_id < t.first ORDER BY v.pgh_id DESC LIMIT 1), "
            f"CASE WHEN v.pgh_label = %s THEN cur.id IS NULL "
            f"ELSE ROW({now}) IS NOT DISTINCT FROM ROW({left}) END "
            f"AND EXISTS (SELECT 1 FROM {owner_field.related_model._meta.db_table} o "
            f"WHERE o.id = t.root) FROM t JOIN {versions} v ON v.pgh_id = t.last "
            f"LEFT JOIN {link._meta.db_table} cur ON cur.id = t.obj",
            [context_id, DELETE],
        )
        rows = cursor.fetchall()
    return len(rows), {obj: before for obj, before, as_left in rows if before and as_left}


def _variants_added(model, kept, context_id):
    versions = version_model(model).objects.filter(pgh_obj_id=kept.pk).order_by("pgh_id")
    during = list(versions.filter(pgh_context_id=context_id))
    if not during:
        return []
    before = versions.filter(pgh_id__lt=during[0].pgh_id).last()
    earlier = before.variant_names if before else []
    return [v for v in during[-1].variant_names if v not in earlier]


@dataclass
class UndoPlan:
    merge: object  # the merge's history context
    kept: object
    merged: object
    links: dict  # link model -> (rows the merge wrote, {pk: version to put back})
    variants: list  # the variant names the merge gave the kept record, still there

    @property
    def restored(self):
        return sum(len(targets) for _touched, targets in self.links.values())

    @property
    def left_alone(self):
        return sum(touched - len(targets) for touched, targets in self.links.values())


def plan_undo(merged) -> UndoPlan:
    """What undoing the merge of ``merged`` would write; refused (MergeRefused) when it
    cannot be undone. Writes nothing."""
    model = type(merged)
    if merged.merged_into_id is None:
        raise MergeRefused(_("This record is not merged into another."))
    merge = merge_context(merged)
    if merge is None:
        raise MergeRefused(_("The history has no record of this merge."))
    kept = model._base_manager.get(pk=merged.merged_into_id)
    if kept.merged_into_id or merge.metadata["merge"]["kept"] != kept.pk:
        # Its kept record was merged into a third since, which took its links along.
        raise MergeRefused(
            _("The record it was merged into was merged into another since: undo that first.")
        )
    added = set(_variants_added(model, kept, merge.pk))
    return UndoPlan(
        merge=merge,
        kept=kept,
        merged=merged,
        links={link: _restorable(link, merge.pk) for link, _n, _o in links_to(model)},
        variants=[v for v in kept.variant_names if v in added],
    )


@transaction.atomic
def undo_merge(*, merged, user):
    """Undo the merge of ``merged`` into the record it points to, for ``user``."""
    model = type(merged)
    (merged,) = _locked(model, merged.pk)
    if merged is None:
        raise MergeRefused(_("This record no longer exists."))
    if merged.merged_into_id:
        _locked(model, merged.merged_into_id)
    plan = plan_undo(merged)
    kept = plan.kept
    with pghistory.context() as context:
        add_to_context(context, **_context("merge_undo", model, kept, merged, user))
        # Before the links: the search documents of all the kept record's objects.
        items = list(_items_of(model, [kept.pk]).values_list("pk", flat=True))
        back = put_back = 0
        for link, (_touched, targets) in plan.links.items():
            try:
                with transaction.atomic():
                    done = restore(link, targets)
            except IntegrityError:
                message = _("The links cannot be put back: the same links were made since.")
                raise MergeRefused(message) from None
            back += len(done.updated)
            put_back += len(done.inserted)
        kept.variant_names = [v for v in kept.variant_names if v not in plan.variants]
        kept.full_clean()
        kept.save()
        # Records merged into the merged one before, which the merge led to the kept one.
        earlier = version_model(model).objects.filter(
            pgh_context_id=plan.merge.pk, merged_into_id=kept.pk
        )
        earlier = earlier.exclude(pgh_obj_id=merged.pk).values_list("pgh_obj_id", flat=True)
        model._base_manager.filter(pk__in=list(earlier), merged_into=kept).update(
            merged_into=merged
        )
        merged.merged_into = None
        merged.full_clean()
        merged.save()
        update_search_documents(Item.objects.filter(pk__in=items))
    transaction.on_commit(invalidate_public_pages)
    return Merged(
        kept=kept, merged=merged, links=back, removed=put_back, left_alone=plan.left_alone
    )
