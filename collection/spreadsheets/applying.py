"""Spreadsheet import, part two: writing a checked plan, all or nothing, in bulk.

``apply_import()`` runs in one transaction and issues the same number of queries for ten
rows as for 20,000, and one more per further 20,000 new objects (images aside: each goes
through the admin's image pipeline). New objects and every link row are streamed from the
plan's spool with PostgreSQL COPY; changed objects are updated with one ``UPDATE ... FROM``
a temporary table. Ids for new objects come from the table's own identity sequence, safe
with any number of concurrent writers; it is never reset (django-import-export's reset
breaks concurrent imports).

Imports take a transaction-level advisory lock, so two imports confirmed at once run one
after the other. The second then checks that the objects it planned against are as they
were (``planning.fingerprint``) and stops with ImportConflict if not; authority records
are looked up again under the lock, so two files naming the same new person create it once.
"""

import itertools
import json

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collection.history import import_history
from collection.models import (
    Image,
    ImportAction,
    ImportedItem,
    ImportRecord,
    Item,
    PlaceRelation,
)
from collection.search import insert_with_search_documents, update_search_documents
from collection.signals import objects_importing
from collection.spreadsheets.planning import (
    VALUE_COLUMNS,
    ImportConflict,
    ImportPlan,
    ImportRefused,
    Progress,
    authority_ids,
    fingerprint,
)
from collection.spreadsheets.template import TEXT_COLUMNS, item_field
from core.cache import invalidate_public_pages

# Any constant will do, as long as nothing else in the project uses it: "VTRN" in ASCII.
IMPORT_LOCK = 0x5654524E
ANALYZE_AFTER_ROWS = 5_000
# New objects per INSERT with their search documents: a couple of seconds' work each.
INSERT_BATCH = 20_000
ANALYZED_TABLES = (
    "collection_item", "collection_creator", "collection_itemplace", "collection_item_subjects",
    "collection_person", "collection_place", "collection_subject", "collection_importeditem",
)  # fmt: skip
_INDEX = {name: index for index, name in enumerate(VALUE_COLUMNS)}
# modeltranslation's columns, nullable: an empty translation is NULL, not "".
_TRANSLATED = tuple(name for name in TEXT_COLUMNS if item_field(name).null)


def apply_import(
    plan: ImportPlan,
    *,
    user,
    file_name: str,
    progress: Progress | None = None,
    on_step=None,
    job=None,
) -> ImportRecord:
    """Write ``plan`` and record it; raise ImportConflict (nothing written) when the
    objects it was checked against have changed since."""
    if not plan.is_valid:
        raise ImportRefused(_("The file has errors; nothing was imported."))
    progress = progress or (lambda done, total: None)
    on_step = on_step or (lambda name: None)
    images: list[Image] = []
    try:
        with transaction.atomic(), import_history(user=user, job=job) as history:
            return history.recording(_write)(  # its history rows name the record written
                plan,
                user=user,
                file_name=file_name,
                images=images,
                progress=progress,
                on_step=on_step,
                job=job,
            )
    except BaseException:
        # The rows are rolled back; the image files the pipeline stored are not.
        for image in images:
            for stored in (image.original, image.thumbnail, image.display):
                if stored:
                    stored.storage.delete(stored.name)
        raise


def _write(plan, *, user, file_name, images, progress, on_step, job) -> ImportRecord:
    # Each step reports its own count (``on_step`` names it, ``progress`` counts it) every
    # few seconds at most: the page that follows a background import shows them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        # The search documents' grouped joins hash every object's text: in memory, not in
        # temporary files. For this transaction only.
        cursor.execute("SET LOCAL work_mem = '64MB'")
    if fingerprint(plan.keys) != plan.fingerprint:
        raise ImportConflict(
            _(
                "Objects in this file were changed or added by someone else after the "
                "preview. Nothing was imported; check the new preview and confirm again."
            )
        )
    people = _authorities("person", plan.people)
    places = _authorities("place", plan.places)
    subjects = _authorities("subject", plan.subjects)
    now = timezone.now()
    user_id = user.pk if user is not None else None
    objects_importing.send(sender=ImportPlan, date_texts=plan.date_texts)  # dates first
    new_ids = _insert_items(
        plan,
        now=now,
        user_id=user_id,
        people=people,
        places=places,
        subjects=subjects,
        progress=progress,
        on_step=on_step,
    )
    if plan.updated_items:
        on_step(_("Updating the changed objects"))
        progress(0, len(plan.updated_items))
    _update_items(plan, now=now, user_id=user_id, people=people, places=places, subjects=subjects)
    progress(len(plan.updated_items), len(plan.updated_items))
    record = ImportRecord.objects.create(
        job=job,
        user=user,
        file_name=file_name[:255],
        created_count=len(new_ids),
        updated_count=len(plan.updated_items),
        unchanged_count=plan.unchanged,
        error_count=0,
        report=json.loads(json.dumps(plan.summary(), default=str)),
    )
    _copy(
        ImportedItem._meta.db_table,
        ("record_id", "item_id", "action"),
        itertools.chain(
            ((record.pk, item_id, ImportAction.CREATED.value) for item_id in new_ids),
            ((record.pk, row[0], ImportAction.UPDATED.value) for row in plan.updated_items),
        ),
    )
    if plan.images:
        on_step(_("Adding the images"))
    _attach_images(plan, images, progress=lambda done: progress(done, len(plan.images)))
    if len(new_ids) + len(plan.updated_items) >= ANALYZE_AFTER_ROWS:
        _analyze()
    # New objects were written with their documents; images come without captions.
    if plan.updated_items:
        update_search_documents(
            Item.objects.filter(
                import_links__record=record, import_links__action=ImportAction.UPDATED
            )
        )
    on_step(_("Checking the links"))
    _check_foreign_keys(progress)
    invalidate_public_pages()
    return record


def _check_foreign_keys(progress) -> None:
    """Check the written rows' foreign keys now, one constraint at a time, instead of all
    of them at the commit: the same work (a million link rows take seconds), but the
    progress of a background import moves between the constraints."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferred "
            "AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
            [list(ANALYZED_TABLES)],
        )
        names = [row[0] for row in cursor.fetchall()]
        for done, name in enumerate(names, start=1):
            quoted = connection.ops.quote_name(name)
            # IMMEDIATE checks what is pending; DEFERRED again for whatever this
            # transaction writes next (a caller's, or a second import in it).
            cursor.execute(f"SET CONSTRAINTS {quoted} IMMEDIATE; SET CONSTRAINTS {quoted} DEFERRED")
            progress(done, len(names))


def _copy(table: str, columns, rows) -> None:
    """Stream ``rows`` (any iterable, best a generator: nothing is held in memory)."""
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _authorities(kind: str, names: set[str]) -> dict[str, int]:
    """Name -> id for every name the plan links to, creating the missing records."""
    found = authority_ids(kind, names)
    missing = sorted(set(names) - found.keys())
    if not missing:
        return found
    if kind == "person":
        sql = (
            "INSERT INTO collection_person (name, variant_names, biography, created_at, "
            "updated_at) SELECT n, '{}', '', now(), now() FROM unnest(%s::text[]) AS n "
            "ON CONFLICT (name) DO NOTHING RETURNING name, id"
        )
    else:
        # The untranslated column mirrors the Vietnamese one, as django-modeltranslation
        # keeps it for the default language.
        sql = (
            f"INSERT INTO collection_{kind} (name, name_vi, variant_names, description, "
            "created_at, updated_at) SELECT n, n, '{}', '', now(), now() "
            "FROM unnest(%s::text[]) AS n ON CONFLICT DO NOTHING RETURNING name_vi, id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [missing])
        found.update(cursor.fetchall())
    return found


def _db_values(values: tuple) -> list:
    """The plan's values as the columns hold them: an empty translation is NULL, and the
    untranslated title and description hold the Vietnamese text, else the English."""
    row = list(values)
    for name in _TRANSLATED:
        row[_INDEX[name]] = row[_INDEX[name]] or None
    title = values[_INDEX["title_vi"]] or values[_INDEX["title_en"]]
    description = values[_INDEX["description_vi"]] or values[_INDEX["description_en"]]
    return [*row, title, description]


def _default_columns() -> dict[str, object]:
    """Every other column, with the value Django would give a new object."""
    written = {*VALUE_COLUMNS, "id", "title", "description", "created_at", "updated_at"}
    written |= {"created_by_id", "updated_by_id"}
    return {
        field.column: field.get_default()
        for field in Item._meta.concrete_fields
        if field.column not in written
    }


def _insert_items(plan, *, now, user_id, people, places, subjects, progress, on_step) -> list[int]:
    """Write the new objects with their links and search documents; return their ids.

    The objects go in batches of INSERT_BATCH, so that progress moves every few seconds
    and memory for the documents' grouped joins stays bounded, at no cost in speed.
    """
    count = len(plan.new_items)
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('collection_item', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        ids = [row[0] for row in cursor.fetchall()]
    # Links first: their foreign keys are checked at the end, and the search documents
    # are made from them.
    on_step(_("Writing the links"))
    _insert_links(
        lambda: (
            (item_id, *links) for item_id, (_, *links) in zip(ids, plan.new_items, strict=True)
        ),
        count=count,
        people=people,
        places=places,
        subjects=subjects,
        progress=progress,
    )
    if count >= ANALYZE_AFTER_ROWS:
        # The INSERT below joins the links just written; the objects come after.
        _analyze(table for table in ANALYZED_TABLES if table != "collection_item")
    defaults = _default_columns()
    columns = (
        "id",
        "created_at",
        "updated_at",
        "created_by_id",
        "updated_by_id",
        *VALUE_COLUMNS,
        "title",
        "description",
        *defaults,
    )
    fixed, tail = (now, now, user_id, user_id), tuple(defaults.values())
    # Staged in a temporary table (no indexes, no WAL), then inserted once with the
    # documents: inserting and then updating would write every row and index entry twice.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.import_item")
        cursor.execute(
            "CREATE TEMPORARY TABLE import_item (LIKE collection_item INCLUDING DEFAULTS) "
            "ON COMMIT DROP"
        )
    on_step(_("Preparing the new objects"))
    _copy(
        "pg_temp.import_item",
        columns,
        _counted(
            (
                (item_id, *fixed, *_db_values(values), *tail)
                for item_id, (values, *_) in zip(ids, plan.new_items, strict=True)
            ),
            lambda done: progress(done, count),
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pg_temp.import_item")
    on_step(_("Writing the new objects"))
    for start in range(0, count, INSERT_BATCH):
        batch = ids[start : start + INSERT_BATCH]
        insert_with_search_documents(
            "pg_temp.import_item", "id BETWEEN %s AND %s", [batch[0], batch[-1]]
        )
        progress(start + len(batch), count)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE pg_temp.import_item")
    return ids


def _analyze(tables=ANALYZED_TABLES) -> None:
    """Statistics come from autovacuum, minutes later: until then the planner takes a
    table that just grew by 100,000 rows for the one it was, and runs the search
    document's per-object subqueries as full scans (minutes instead of seconds)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def _counted(rows, report, every=20_000):
    """``rows``, reporting how many went by every ``every`` rows."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % every == 0:
            report(done)


def _insert_links(rows, *, people, places, subjects, count, progress=None) -> None:
    """Links of objects that have none yet: ``rows()`` makes the (item id, creators,
    places, subjects) of ``count`` objects, once for each link table."""
    total = 3 * count
    progress = progress or (lambda done, total: None)

    def counted(offset):  # the rows again, for the next table; the count goes on
        return _counted(rows(), lambda done: progress(offset + done, total))

    depicted = PlaceRelation.DEPICTED.value
    _copy(
        "collection_creator",
        ("item_id", "person_id", "role", "position"),
        (
            (item_id, people[name], role, position)
            for item_id, creators, _, _ in counted(0)
            if creators
            for position, (name, role) in enumerate(creators)
        ),
    )
    _copy(
        "collection_itemplace",
        ("item_id", "place_id", "relation"),
        (
            (item_id, places[name], depicted)
            for item_id, _, names, _ in counted(count)
            if names
            for name in dict.fromkeys(names)
        ),
    )
    _copy(
        "collection_item_subjects",
        ("item_id", "subject_id"),
        (
            (item_id, subject_id)
            for item_id, _, _, names in counted(2 * count)
            if names
            for subject_id in dict.fromkeys(subjects[name] for name in names)
        ),
    )


def _update_items(plan, *, now, user_id, people, places, subjects) -> None:
    updated = plan.updated_items
    if not updated:
        return
    with connection.cursor() as cursor:
        ids = [row[0] for row in updated]
        # Every changed object is marked as changed, by whom, even when only links changed.
        cursor.execute(
            "UPDATE collection_item SET updated_at = %s, updated_by_id = %s WHERE id = ANY(%s)",
            [now, user_id, ids],
        )
        if any(row[1] is not None for row in updated):
            columns = (*VALUE_COLUMNS, "title", "description")
            cursor.execute("DROP TABLE IF EXISTS pg_temp.import_update")
            cursor.execute(
                "CREATE TEMPORARY TABLE import_update ON COMMIT DROP AS SELECT id, "
                f"{', '.join(columns)} FROM collection_item WITH NO DATA"
            )
            changed = ((row[0], *_db_values(row[1])) for row in updated if row[1] is not None)
            _copy("import_update", ("id", *columns), changed)
            assignments = ", ".join(f"{column} = new.{column}" for column in columns)
            cursor.execute(
                f"UPDATE collection_item AS item SET {assignments} "
                "FROM import_update AS new WHERE item.id = new.id"
            )
            cursor.execute("DROP TABLE pg_temp.import_update")
        # Creators are an ordered list: replaced whole when they changed.
        creator_items = [row[0] for row in updated if row[2] is not None]
        if creator_items:
            cursor.execute(
                "DELETE FROM collection_creator WHERE item_id = ANY(%s)", [creator_items]
            )
        _insert_links(
            lambda: ((row[0], row[2], None, None) for row in updated if row[2] is not None),
            count=len(creator_items),
            people=people,
            places=places,
            subjects=subjects,
        )
        # Places and subjects are sets: links that stay keep their relation.
        _replace_set(
            cursor,
            "collection_itemplace",
            "place_id",
            [(row[0], places[name]) for row in updated if row[3] is not None for name in row[3]],
            [row[0] for row in updated if row[3] is not None],
            extra=("relation", PlaceRelation.DEPICTED.value),
        )
        _replace_set(
            cursor,
            "collection_item_subjects",
            "subject_id",
            [(row[0], subjects[name]) for row in updated if row[4] is not None for name in row[4]],
            [row[0] for row in updated if row[4] is not None],
        )


def _replace_set(cursor, table, column, pairs, item_ids, extra=None) -> None:
    if not item_ids:
        return
    items, targets = [p[0] for p in pairs], [p[1] for p in pairs]
    wanted = f"unnest(%s::bigint[], %s::bigint[]) AS wanted(item_id, {column})"
    cursor.execute(
        f"DELETE FROM {table} AS link WHERE link.item_id = ANY(%s) AND NOT EXISTS "
        f"(SELECT 1 FROM {wanted} WHERE wanted.item_id = link.item_id "
        f"AND wanted.{column} = link.{column})",
        [item_ids, items, targets],
    )
    extra_column, extra_value = (f", {extra[0]}", ", %s") if extra else ("", "")
    cursor.execute(
        f"INSERT INTO {table} (item_id, {column}{extra_column}) "
        f"SELECT DISTINCT wanted.item_id, wanted.{column}{extra_value} FROM {wanted} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS link WHERE link.item_id = wanted.item_id "
        f"AND link.{column} = wanted.{column})",
        ([extra[1]] if extra else []) + [items, targets],
    )


def _attach_images(plan, images: list[Image], progress) -> None:
    """Each new file through the admin's pipeline: content check, safe name, derivatives."""
    if not plan.images:
        return
    with connection.cursor() as cursor:
        # The new objects are in the table by now, so one lookup finds every object.
        cursor.execute(
            "SELECT lower(accession_number), id FROM collection_item "
            "WHERE lower(accession_number) = ANY(%s)",
            [sorted({key for key, _, _ in plan.images})],
        )
        item_ids = dict(cursor.fetchall())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT item_id, count(*) FROM collection_image WHERE item_id = ANY(%s) "
            "GROUP BY item_id",
            [list(set(item_ids.values()))],
        )
        positions = dict(cursor.fetchall())
    for key, name, path in plan.images:
        item_id = item_ids[key]
        position = positions.get(item_id, 0)
        positions[item_id] = position + 1
        with open(path, "rb") as file:
            image = Image(item_id=item_id, source_name=name, position=position)
            image.original = File(file, name=name)
            image.save()  # on failure it removes its own files
            images.append(image)
        progress(len(images))
    # The first image of an object without a primary one becomes primary, as in the admin.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collection_image SET is_primary = true WHERE id IN ("
            "SELECT DISTINCT ON (item_id) id FROM collection_image AS image "
            "WHERE item_id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM collection_image AS other "
            "WHERE other.item_id = image.item_id AND other.is_primary) "
            "ORDER BY item_id, position, id)",
            [list(set(item_ids.values()))],
        )
