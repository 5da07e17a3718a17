"""Undoing an import, from its history (core.history.restoring).

The objects the import created are deleted with their image files; the objects it
updated go back to how they were before it, links included; the people, places and
subjects it created are deleted when nothing uses them any more. An object someone
changed after the import (its fields, links or images), or that something else now
uses (an exhibition), is left alone, whole, and listed by accession number.

The undo is recorded in the history like any change, under a context of its own, so
undoing the undo (``reverses``) puts the import's work back (image files excepted:
they were deleted). Once the undo is undone, the import can be undone again.
"""

from dataclasses import dataclass, field

import pghistory
from django.db import connection, transaction
from django.utils import timezone
from pghistory.models import Context

from collection.history import IMPORTED_MODELS
from collection.models import Image, ImportRecord, ImportUndo, Item, Person, Place, Subject
from collection.search import update_search_documents
from collection.spreadsheets.applying import IMPORT_LOCK
from core.cache import invalidate_public_pages
from core.history.context import add_to_context
from core.history.restoring import plan_undo
from core.history.versions import Version

AUTHORITIES = (Person, Place, Subject)
SHOWN = 200  # accession numbers and names listed in a preview or a report
State = ImportUndo.State


class UndoRefused(Exception):
    """The import cannot be undone now (already undone, or an undo is under way)."""


def contexts_to_undo(record, reverses=None):
    """The history contexts whose changes the undo puts back: the import's, and those
    of the undos of its undos (what put it back); or, for an undo of an undo, that
    undo's own."""
    if reverses is not None:
        return [reverses.context_id]
    imported = Context.objects.filter(metadata__import_record=record.pk)
    redone = record.undos.filter(state=State.DONE, reverses__isnull=False)
    return [*imported.values_list("id", flat=True), *redone.values_list("context_id", flat=True)]


def latest_undo(record):
    return record.undos.filter(state=State.DONE).order_by("-finished_at", "-pk").first()


def is_undone(record):
    """Whether the import's work is undone (its latest undo is not itself undone)."""
    latest = latest_undo(record)
    return latest is not None and latest.reverses_id is None


@dataclass
class Preview:
    """What an undo would do, before it is done; and, once done, its report."""

    deleted: list = field(default_factory=list)  # accession numbers of objects deleted
    restored: list = field(default_factory=list)  # objects put back as they were
    kept: list = field(default_factory=list)  # objects left alone, changed since
    authorities_deleted: list = field(default_factory=list)
    authorities_kept: list = field(default_factory=list)

    def as_report(self):
        return {
            name: {"count": len(values), "shown": sorted(values)[:SHOWN]}
            for name, values in self.__dict__.items()
        }


def _numbers(pks):
    return list(Item.objects.filter(pk__in=pks).values_list("accession_number", flat=True))


def _used_elsewhere(model, pks, plan):
    """Rows of ``model`` among ``pks`` that something still points to once ``plan`` is
    done: a row it does not delete (a link kept, an exhibition's item; not history)."""
    used = set()
    for relation in model._meta.get_fields(include_hidden=True):
        # Foreign keys pointing here, hidden ones too (a many-to-many link table's).
        if not (relation.auto_created and (relation.one_to_many or relation.one_to_one)):
            continue
        related = relation.related_model
        if issubclass(related, Version):
            continue
        rows = related._base_manager.filter(**{f"{relation.field.name}__in": pks})
        if related in plan.targets:
            rows = rows.exclude(pk__in=plan.rows(related, absent_after=True))
        used |= set(rows.values_list(relation.field.attname, flat=True))
    return used


def _plan(record, reverses):
    """The undo's plan, with the records it must leave alone marked as kept."""
    models = [m for m in IMPORTED_MODELS if not (reverses and m is Image)]
    plan = plan_undo(contexts_to_undo(record, reverses), models)
    # Objects and images it deletes must not be used by anything it does not restore
    # (an object put in an exhibition since, an image chosen as an exhibition's hero).
    plan.keep(Item, _used_elsewhere(Item, plan.rows(Item, absent_after=True), plan))
    in_use = _used_elsewhere(Image, plan.rows(Image, absent_after=True), plan)
    plan.keep(Item, Image.objects.filter(pk__in=in_use).values_list("item_id", flat=True))
    # People, places and subjects it created are deleted only when nothing uses them.
    for model in AUTHORITIES:
        plan.keep(model, _used_elsewhere(model, plan.rows(model, absent_after=True), plan))
    return plan


def _names(model, pks):
    return [str(obj) for obj in model._base_manager.filter(pk__in=pks)]


def _preview_of(plan):
    kept = plan.kept.get(Item, set())
    absent = set(plan.rows(Item, absent_after=True))
    touched = {root for (_m, _pk), (root_model, root) in plan.roots.items() if root_model is Item}
    return Preview(
        deleted=_numbers(absent),
        restored=_numbers(touched - absent - kept),
        kept=_numbers(kept),
        authorities_deleted=[
            name for m in AUTHORITIES for name in _names(m, plan.rows(m, absent_after=True))
        ],
        authorities_kept=[
            name
            for m in AUTHORITIES
            for name in _names(m, set(plan.targets.get(m, {})) & plan.kept.get(m, set()))
        ],
    )


def preview(record, reverses=None):
    """What undoing ``record`` (or the undo ``reverses``) would do; writes nothing."""
    return _preview_of(_plan(record, reverses))


def request_undo(record, *, user, reverses=None):
    """Record an undo to run, refused if the import is not in the state it undoes."""
    with transaction.atomic():
        ImportRecord.objects.select_for_update().get(pk=record.pk)
        if record.undos.filter(state__in=[State.QUEUED, State.RUNNING]).exists():
            raise UndoRefused("An undo of this import is already under way.")
        if reverses is None and is_undone(record):
            raise UndoRefused("This import is already undone.")
        if reverses is not None and (latest_undo(record) != reverses or reverses.reverses_id):
            raise UndoRefused("Only the latest undo of an import can be undone.")
        return ImportUndo.objects.create(record=record, user=user, reverses=reverses)


def _remove(files):
    for file in files:
        file.storage.delete(file.name)


def run_undo(undo):
    """Do ``undo`` in one transaction, under the import lock; report what it did."""
    record, reverses = undo.record, undo.reverses
    metadata = {"import_undo": undo.pk, "user": undo.user_id}
    removed_files = []
    with transaction.atomic(), pghistory.context() as context:
        add_to_context(context, **metadata)
        with connection.cursor() as cursor:
            # Not beside an import: the objects it is about to write are the ones undone.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        plan = _plan(record, reverses)
        report = _preview_of(plan)
        for image in Image.objects.filter(pk__in=plan.rows(Image, absent_after=True)):
            removed_files += [f for f in (image.original, image.thumbnail, image.display) if f]
        plan.apply()
        items = {pk for (_m, _pk), (root_model, pk) in plan.roots.items() if root_model is Item}
        # The search documents are not in the history: made again from what is back.
        update_search_documents(Item.objects.filter(pk__in=items))
        ImportUndo.objects.filter(pk=undo.pk).update(
            state=State.DONE,
            finished_at=timezone.now(),
            context_id=context.id,
            report=report.as_report(),
            error="",
        )
        transaction.on_commit(lambda: _remove(removed_files))
    invalidate_public_pages()
    undo.refresh_from_db()
    return undo
