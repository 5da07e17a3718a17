"""Putting rows back as their history says they were: a record reverted to one of its
versions (``revert``), or every row some contexts changed put back as it was before
them (``plan_undo`` then ``UndoPlan.apply``), such as an import and everything it did.

Rows are written with SQL straight from the history tables (``UPDATE ... FROM`` and
``INSERT ... SELECT``), so the triggers record the restoring too, under the context of
whoever restores: a revert or an undo can itself be reverted or undone. Columns the
history does not keep (search documents) are the caller's to refresh.
"""

from dataclasses import dataclass, field

from django.db import connection

from core.history.versions import (
    DELETE,
    INSERT,
    TRACKED,
    kept_fields,
    owned_by,
    version_model,
)


@dataclass
class Restored:
    deleted: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    inserted: list = field(default_factory=list)

    def __len__(self):
        return len(self.deleted) + len(self.updated) + len(self.inserted)


def restore(model, targets):
    """Make each row of ``model`` whose primary key is a key of ``targets`` as the
    version of that id keeps it, or absent where the value is None."""
    versions = version_model(model)._meta.db_table
    table, pk = model._meta.db_table, model._meta.pk.column
    existing = set(model._base_manager.filter(pk__in=list(targets)).values_list("pk", flat=True))
    done = Restored(
        deleted=sorted(pk for pk, version in targets.items() if version is None and pk in existing),
        updated=sorted(pk for pk, version in targets.items() if version and pk in existing),
        inserted=sorted(pk for pk, version in targets.items() if version and pk not in existing),
    )
    columns = [f'"{f.column}"' for f in kept_fields(version_model(model))]
    # A restored row has changed now, whatever its version says: calendars, caches and
    # harvesters asking for what changed since yesterday must see it.
    stamps = {f'"{f.column}"' for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}

    def value(column, source=""):
        return "now()" if column in stamps else f"{source}{column}"

    with connection.cursor() as cursor:
        # Deleted first: a row put back may take a unique value a deleted one held.
        if done.deleted:
            cursor.execute(f'DELETE FROM {table} WHERE "{pk}" = ANY(%s)', [done.deleted])
        if done.updated:
            sets = ", ".join(f"{c} = {value(c, 'v.')}" for c in columns if c != f'"{pk}"')
            cursor.execute(
                f"UPDATE {table} AS t SET {sets} FROM {versions} AS v "
                f'WHERE v.pgh_id = ANY(%s) AND t."{pk}" = v.pgh_obj_id',
                [[targets[pk] for pk in done.updated]],
            )
        if done.inserted:
            names = ", ".join(columns)
            values = ", ".join(value(c) for c in columns)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {values} FROM {versions} "
                "WHERE pgh_id = ANY(%s)",
                [[targets[pk] for pk in done.inserted]],
            )
    return done


def versions_at(model, moment, **filters):
    """Primary key -> the id of the version of each row matching ``filters`` at
    ``moment`` (None for a row deleted by then)."""
    rows = (
        version_model(model)
        .objects.filter(pgh_created_at__lte=moment, **filters)
        .order_by("pgh_obj_id", "-pgh_id")
        .distinct("pgh_obj_id")
        .values_list("pgh_obj_id", "pgh_id", "pgh_label")
    )
    return {obj: (None if label == DELETE else version) for obj, version, label in rows}


def revert_targets(obj, moment):
    """What reverting ``obj`` to ``moment`` writes: model -> targets for ``restore``.
    The record itself, and the rows it owns that are restored with it (its links)."""
    model = obj._meta.concrete_model
    own = versions_at(model, moment, pgh_obj_id=obj.pk).get(obj.pk)
    if own is None:
        raise ValueError(f"{model._meta.label} {obj.pk} has no version at {moment}")
    targets = {model: {obj.pk: own}}
    for tracked in owned_by(model):
        if tracked.restored_with_owner:
            rows = versions_at(tracked.model, moment, **{tracked.owner: obj.pk})
            current = tracked.model._base_manager.filter(**{tracked.owner: obj.pk})
            for pk in current.values_list("pk", flat=True):
                rows.setdefault(pk, None)
            targets[tracked.model] = rows
    return targets


def revert(obj, moment):
    """Put ``obj`` and the rows restored with it back as they were at ``moment``."""
    return {model: restore(model, rows) for model, rows in revert_targets(obj, moment).items()}


@dataclass
class UndoPlan:
    """What undoing some contexts writes, model by model (``targets``), and the records
    left alone (``kept``: root model -> primary keys), with everything they own."""

    contexts: list
    targets: dict = field(default_factory=dict)
    roots: dict = field(default_factory=dict)  # (model, pk) -> (root model, root pk)
    kept: dict = field(default_factory=dict)

    def keep(self, root_model, pks):
        self.kept.setdefault(root_model, set()).update(pks)

    def rows(self, model, *, absent_after=None):
        """Primary keys of ``model`` the plan writes, those it deletes if
        ``absent_after`` is True, those it puts back or changes if False."""
        return [
            pk
            for pk, version in self.targets.get(model, {}).items()
            if self.roots[model, pk][1] not in self.kept.get(self.roots[model, pk][0], ())
            and (absent_after is None or (version is None) == absent_after)
        ]

    def apply(self):
        return {
            model: restore(model, {pk: self.targets[model][pk] for pk in self.rows(model)})
            for model in self.targets
        }


def _root(tracked):
    if tracked.owner:
        return tracked.model._meta.get_field(tracked.owner).related_model, tracked.owner
    return tracked.model, None


def plan_undo(contexts, models):
    """Plan to put every row of ``models`` that ``contexts`` (ids) changed back as it
    was before the first of their changes to it. A record changed since by anything
    else (itself or a row it owns) is kept as it is, whole."""
    plan = UndoPlan(contexts=[str(c) for c in contexts])
    latest = {}  # (root model, root pk) -> time of the contexts' last change to it
    for model in models:
        tracked = TRACKED[model]
        versions = tracked.version_model._meta.db_table
        root_model, owner = _root(tracked)
        root = f'"{tracked.model._meta.get_field(owner).column}"' if owner else "pgh_obj_id"
        # An owned row's earlier versions are found through its owner's index.
        same_row = f"{root} = t.root AND pgh_obj_id = t.obj" if owner else "pgh_obj_id = t.obj"
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH touched AS (SELECT pgh_obj_id AS obj, min(pgh_id) AS first, "
                f"max(pgh_created_at) AS at, (array_agg({root} ORDER BY pgh_id DESC))[1] AS root "
                f"FROM {versions} WHERE pgh_context_id = ANY(%s::uuid[]) GROUP BY pgh_obj_id) "
                f"SELECT t.obj, t.root, t.at, f.pgh_label, b.pgh_id, b.pgh_label FROM touched t "
                f"JOIN {versions} AS f ON f.pgh_id = t.first LEFT JOIN LATERAL (SELECT pgh_id, "
                f"pgh_label FROM {versions} WHERE {same_row} AND pgh_id < t.first "
                "ORDER BY pgh_id DESC LIMIT 1) AS b ON true",
                [plan.contexts],
            )
            rows = cursor.fetchall()
        targets = plan.targets.setdefault(model, {})
        for obj, root_pk, at, first_label, before, before_label in rows:
            plan.roots[model, obj] = (root_model, root_pk)
            key = (root_model, root_pk)
            latest[key] = max(latest.get(key, at), at)
            if before is None and first_label != INSERT:
                plan.keep(root_model, [root_pk])  # as it was before its history began
            targets[obj] = None if before is None or before_label == DELETE else before
    for root_model, pks in _changed_since(models, latest, plan.contexts).items():
        plan.keep(root_model, pks)
    return plan


def _changed_since(models, latest, contexts):
    """Root model -> the records something outside ``contexts`` changed after them."""
    changed = {}
    for model in models:
        tracked = TRACKED[model]
        root_model, owner = _root(tracked)
        pairs = [(pk, at) for (m, pk), at in latest.items() if m is root_model]
        if not pairs:
            continue
        root = f'v."{tracked.model._meta.get_field(owner).column}"' if owner else "v.pgh_obj_id"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT r.root FROM {tracked.version_model._meta.db_table} AS v "
                "JOIN unnest(%s::bigint[], %s::timestamptz[]) AS r(root, at) "
                f"ON {root} = r.root WHERE v.pgh_created_at > r.at AND "
                "(v.pgh_context_id IS NULL OR NOT v.pgh_context_id = ANY(%s::uuid[]))",
                [[pk for pk, _ in pairs], [at for _, at in pairs], contexts],
            )
            changed.setdefault(root_model, set()).update(row[0] for row in cursor.fetchall())
    return changed
