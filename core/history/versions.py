"""The history tables, one per tracked model, and what a record's history reads as.

A history row is a version: the whole row as it was after an insert or an update, or
just before a delete (``pgh_label``), with the context it was written in. What changed
is read by comparing a version with the one before it. ``track()`` also says which
record's History shows a row (``owner``): a creator link is shown, and restored, with
its object.
"""

import datetime
from dataclasses import dataclass, field

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from pghistory.models import Context, Event

INSERT, UPDATE, DELETE, SNAPSHOT = "insert", "update", "delete", "snapshot"
# Kept in every version, never shown as a change: the row's own bookkeeping.
UNSHOWN_FIELDS = {"created_at", "updated_at"}


class Version(Event):
    """What every history table has: a 64-bit id (an import writes hundreds of
    thousands of rows), the label, the time of the transaction, the context."""

    pgh_id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Tracked:
    model: type
    version_model: type
    owner: str | None  # the foreign key to the record whose History shows this row
    restored_with_owner: bool


# Tracked model -> Tracked, in the order the apps declared them.
TRACKED: dict[type, Tracked] = {}


def track(model, *, exclude=(), owner=None, restored_with_owner=True, model_name=None):
    """Keep every version of ``model``'s rows in ``<Model>Version``. ``exclude``: columns
    not kept (derived ones, such as a search document). ``owner``: the foreign key to
    the record whose History shows (and whose revert restores) this row."""
    name = model_name or f"{model._meta.object_name}Version"
    # A row's versions are found by its id, an owned row's by its owner's (fewer indexes
    # for the import to keep up: it writes hundreds of thousands of links).
    if owner:
        indexes = [models.Index(fields=[owner], name=f"{name.lower()[:22]}_owner")]
    else:
        indexes = [models.Index(fields=["pgh_obj", "pgh_id"], name=f"{name.lower()[:24]}_obj")]
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=list(exclude),
        model_name=name,
        obj_field=pghistory.ObjForeignKey(related_name="+", related_query_name="+"),
        context_field=pghistory.ContextForeignKey(db_index=True),
        level=pgtrigger.Statement,
        meta={"indexes": indexes},
    )(model)
    versions = model._meta.apps.get_model(model._meta.app_label, name)
    TRACKED[model] = Tracked(model, versions, owner, restored_with_owner)
    return versions


def version_model(model):
    return TRACKED[model._meta.concrete_model].version_model


def owned_by(model):
    """The tracked models whose rows ``model``'s History shows (their ``Tracked``)."""
    return [
        t
        for t in TRACKED.values()
        if t.owner and t.model._meta.get_field(t.owner).related_model is model
    ]


def kept_fields(versions):
    """The tracked model's fields its versions' model keeps, primary key first."""
    model = versions.pgh_tracked_model
    kept = {f.name for f in versions._meta.fields}
    return [f for f in model._meta.concrete_fields if f.name in kept]


def shown_fields(model):
    """The fields a change is shown for: not the row's bookkeeping, and each translated
    field in its languages only (not the untranslated column mirroring one of them)."""
    names = {f.name for f in model._meta.concrete_fields}
    translated = {
        name
        for name in names
        if all(build_localized_fieldname(name, code) in names for code, _n in settings.LANGUAGES)
    }
    return [
        f
        for f in kept_fields(version_model(model))
        if not f.primary_key and f.name not in UNSHOWN_FIELDS | translated
    ]


@dataclass
class Change:
    name: str  # the field's, or the linked model's label
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One change set of a record's History: the version of the record it left (None
    when it only changed linked rows), what it changed, who did it and through what."""

    at: object
    context: Context | None
    version: Version | None = None
    kind: str = UPDATE
    changes: list[Change] = field(default_factory=list)

    @property
    def key(self):
        return timestamp_key(self.at)


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def timestamp_key(moment):
    """A version's time as a whole number of microseconds, for URLs (exact: a float
    could land a microsecond before the version)."""
    return (moment - EPOCH) // MICROSECOND


def moment_of(key):
    return EPOCH + int(key) * MICROSECOND


class Display:
    """Values as the admin shows them: choice labels, linked records' names, dates in
    the museum's time. Linked records are read in bulk, once for all versions shown."""

    def __init__(self, versions_by_model):
        self.related = {}
        wanted = {}
        for model, versions in versions_by_model.items():
            for f in kept_fields(version_model(model)):
                if f.is_relation:
                    ids = {getattr(v, f.attname) for v in versions} - {None}
                    wanted.setdefault(f.related_model, set()).update(ids)
        for related_model, ids in wanted.items():
            self.related[related_model] = related_model._base_manager.in_bulk(ids)

    def value(self, f, value):
        if value is None or value == "" or value == []:
            return "—"
        if f.is_relation:
            found = self.related.get(f.related_model, {}).get(value)
            return str(found) if found is not None else f"#{value}"
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list):
            return ", ".join(map(str, value))
        if hasattr(value, "tzinfo") and hasattr(value, "hour"):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if hasattr(value, "year"):
            return formats.date_format(value, "DATE_FORMAT")
        return str(value)

    def text(self, model, version):
        """How a row reads in its owner's History: a link to a subject reads as the
        subject, any other row as its ``str()``; "—" where there is none (deleted)."""
        if version is None or version.pgh_label == DELETE:
            return "—"
        return self.name(model, version)

    def name(self, model, version):
        if model._meta.auto_created:  # a many-to-many link: the far end of it
            target = [f for f in kept_fields(version_model(model)) if f.is_relation][-1]
            return self.value(target, getattr(version, target.attname))
        return str(self.row(model, version))

    def row(self, model, version):
        """The row ``version`` kept, as an unsaved instance with its links attached."""
        instance = model(
            **{f.attname: getattr(version, f.attname) for f in kept_fields(version_model(model))}
        )
        for f in kept_fields(version_model(model)):
            if f.is_relation and (
                found := self.related.get(f.related_model, {}).get(getattr(version, f.attname))
            ):
                setattr(instance, f.name, found)
        return instance


def plural_label(model):
    """What rows of ``model`` are called in their owner's History."""
    if model._meta.auto_created:
        (field,) = [
            f
            for f in model._meta.auto_created._meta.many_to_many
            if f.remote_field.through is model
        ]
        return str(field.verbose_name).capitalize()
    return str(model._meta.verbose_name_plural).capitalize()


def label_of(f):
    """A field's name for the History, with its language for a translated one."""
    label = str(f.verbose_name)
    language = getattr(f, "language", None)
    return f"{label} [{language}]" if language and f"[{language}]" not in label else label


def changes_between(model, before, after, display):
    """What changed from version ``before`` (None: nothing) to ``after``."""
    changes = []
    for f in shown_fields(model):
        old = getattr(before, f.attname) if before is not None else None
        new = getattr(after, f.attname)
        # A new row shows what it was given, not every empty or false default.
        if old != new and not (before is None and new in (None, "", [], False)):
            changes.append(
                Change(f.name, label_of(f), display.value(f, old), display.value(f, new))
            )
    return changes


def previous_versions(model, versions):
    """For each version, the one before it of the same row (by id)."""
    if not versions:
        return {}
    first = min(v.pgh_id for v in versions)
    rows = {v.pgh_obj_id for v in versions}
    earlier = version_model(model).objects.filter(pgh_obj_id__in=rows, pgh_id__lt=first)
    if owner := TRACKED[model].owner:  # found through the owner's index
        attname = model._meta.get_field(owner).attname
        earlier = earlier.filter(**{f"{attname}__in": {getattr(v, attname) for v in versions}})
    earlier = earlier.order_by("pgh_obj_id", "-pgh_id").distinct("pgh_obj_id")
    chain = {}
    last = {v.pgh_obj_id: v for v in earlier}
    for v in sorted(versions, key=lambda v: v.pgh_id):
        chain[v.pgh_id] = last.get(v.pgh_obj_id)
        last[v.pgh_obj_id] = v
    return chain


def _change_sets(versions):
    """Versions grouped by row and change set (a transaction in one context), oldest
    first: ((time, context id), row's primary key) -> [versions]."""
    groups = {}
    for version in sorted(versions, key=lambda v: v.pgh_id):
        key = (version.pgh_created_at, version.pgh_context_id)
        groups.setdefault((key, version.pgh_obj_id), []).append(version)
    return groups


def history_of(obj):
    """Every change set of ``obj`` and of the rows it owns, newest first. A change set
    is what one transaction did in one context; its changes go from the version before
    it to the last version it left."""
    model = obj._meta.concrete_model
    own = list(version_model(model).objects.filter(pgh_obj_id=obj.pk).select_related("pgh_context"))
    children = [
        (
            t.model,
            list(t.version_model.objects.filter(**{t.owner: obj.pk}).select_related("pgh_context")),
        )
        for t in owned_by(model)
    ]
    display = Display({model: own, **dict(children)})
    entries = {}

    def entry(key, version):
        if key not in entries:
            entries[key] = Entry(at=version.pgh_created_at, context=version.pgh_context)
        return entries[key]

    previous = previous_versions(model, own)
    for (key, _pk), versions in _change_sets(own).items():
        first, last = versions[0], versions[-1]
        current = entry(key, last)
        current.version = last
        current.kind = INSERT if first.pgh_label == INSERT else last.pgh_label
        if last.pgh_label != DELETE:
            current.changes += changes_between(model, previous[first.pgh_id], last, display)
    for child_model, versions in children:
        previous = previous_versions(child_model, versions)
        label = plural_label(child_model)
        for (key, _pk), group in _change_sets(versions).items():
            before, last = previous[group[0].pgh_id], group[-1]
            old, new = display.text(child_model, before), display.text(child_model, last)
            if last.pgh_label == SNAPSHOT or old != new:
                entry(key, last).changes.append(Change(child_model._meta.label, label, old, new))
    return sorted(
        entries.values(), key=lambda e: (e.at, e.version.pgh_id if e.version else 0), reverse=True
    )


def users_of(contexts):
    """User id -> user, for the contexts shown."""
    ids = {c.metadata.get("user") for c in contexts if c is not None} - {None}
    return get_user_model()._base_manager.in_bulk(ids)


def record_existing_rows(apps, schema_editor, app_label, version_models):
    """For a migration that starts tracking models: a "snapshot" version of every row
    already there, so that the first change after it has an old value and an undo has
    something to go back to. ``version_models``: model name -> its versions' model."""
    for name, version_name in version_models.items():
        model = apps.get_model(app_label, name)
        versions = apps.get_model(app_label, version_name)
        kept = {f.name for f in versions._meta.fields if not f.name.startswith("pgh_")}
        columns = [f'"{f.column}"' for f in model._meta.concrete_fields if f.name in kept]
        names = ", ".join(columns)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {versions._meta.db_table} ({names}, pgh_obj_id, pgh_label, "
                f'pgh_created_at) SELECT {names}, "{model._meta.pk.column}", %s, now() '
                f"FROM {model._meta.db_table}",
                [SNAPSHOT],
            )
