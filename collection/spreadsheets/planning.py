"""Spreadsheet import, part one: every problem is found before anything is written.

``plan_import()`` checks a whole Table (from ``reading.read_table``) against the database
without writing: accession numbers, kinds, statuses, dates (the collection's day-first
parser), people, places and subjects (by exact NFC name, or a variant name; names not
found become new records, and the preview asks about similar ones: ``matching``), image
files, and the right to publish. It reads the database a fixed number of times whatever
the number of rows: the objects the file names, their links and the authority records
are loaded once for the run. The result, an ``ImportPlan``, says what
confirming would do; ``applying.apply_import()`` does it, all or nothing.

Blank cells in a column the file has clear the field, so a sheet is the truth for the
columns it carries; columns the file lacks are left alone. The exceptions are the ones a
blank cannot sensibly mean "empty": ``kind`` and ``status`` (blank keeps the object's
current value; a new object is an artifact, and a draft), and ``image`` (an import adds
images, it never deletes one).
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from collection.dates import parse_date
from collection.models import normalise_accession_number
from collection.spreadsheets.cells import LinkCells, check_image, clean_value
from collection.spreadsheets.image_files import ImageFiles, image_key
from collection.spreadsheets.lookups import (  # authority_ids: applying imports it from here
    authority_ids,  # noqa: F401
    authority_matches,
    fingerprint,
)
from collection.spreadsheets.matching import by_other_name, near_matches, one_per_record
from collection.spreadsheets.reading import Table, read_import_file, without_cycle_collection
from collection.spreadsheets.spool import Spool
from collection.spreadsheets.template import (
    ACCESSION,
    ACCESSION_MAX_LENGTH,
    CHOICE_COLUMNS,
    DATE,
    DATE_MAX_LENGTH,
    MULTI_VALUE_SEPARATOR,
    NAME_MAX_LENGTH,
    TEMPLATE_COLUMNS,
    TEXT_COLUMNS,
    item_field,
)
from core.models import Status
from core.text import normalise

# What the date column sets: the text as written, then what it means.
DATE_FIELDS = ("date_text", "date_earliest", "date_latest", "date_is_approximate")
# Item columns an import writes, in the order of ImportPlan's value tuples.
VALUE_COLUMNS = tuple(
    name
    for column in TEMPLATE_COLUMNS
    if column.field
    for name in (DATE_FIELDS if column.name == DATE else (column.field,))
)
_INDEX = {name: index for index, name in enumerate(VALUE_COLUMNS)}
NEW_ITEM_DEFAULTS = dict.fromkeys(VALUE_COLUMNS, "") | {
    # As a new object in the admin: an artifact, and a draft.
    **{column: str(item_field(column).get_default()) for column in CHOICE_COLUMNS},
    "date_earliest": None,
    "date_latest": None,
    "date_is_approximate": False,
}

Progress = Callable[[int, int], None]


class RowError(NamedTuple):
    row: int  # as the archivist sees it: the header is row 1
    column: str  # the template column, or "" for the file as a whole
    message: str


class ImportConflict(Exception):
    """The collection changed between the preview and the confirmation; nothing was written."""


class ImportRefused(Exception):
    """A plan with errors cannot be applied."""


@dataclass
class ImportPlan:
    """What confirming would write. Values are tuples in VALUE_COLUMNS order; links are
    names, resolved to records when written. The rows to write wait on disk (Spool): a
    million of them take a gigabyte."""

    columns: frozenset[str]
    new_items: Spool = field(default_factory=Spool)  # (values, creators, places, subjects)
    # (item id, values, creators, places, subjects); a link is None when it is unchanged.
    updated_items: Spool = field(default_factory=Spool)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    new_people: list[str] = field(default_factory=list)
    new_places: list[str] = field(default_factory=list)
    new_subjects: list[str] = field(default_factory=list)
    people: set[str] = field(default_factory=set)  # every name the rows link to
    places: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    by_other_name: dict = field(default_factory=dict)  # see collection.spreadsheets.matching
    near_matches: dict = field(default_factory=dict)
    images: list[tuple[str, str, Path]] = field(default_factory=list)  # (key, name, file)
    unused_images: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    sheet_name: str | None = None
    keys: list[str] = field(default_factory=list)  # lower-cased accession numbers
    date_texts: set[str] = field(default_factory=set)  # of the rows to write
    fingerprint: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new_items),
            "updated": len(self.updated_items),
            "unchanged": self.unchanged,
            "errors": self.error_rows + (1 if self.header_errors else 0),
        }

    @property
    def header_errors(self) -> list[RowError]:
        return [error for error in self.errors if not error.column and error.row == 1]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        """What a preview, the command's summary and the import record show."""
        return {
            "counts": self.counts,
            "new_people": self.new_people,
            "new_places": self.new_places,
            "new_subjects": self.new_subjects,
            "by_other_name": self.by_other_name,
            "near_matches": self.near_matches,
            "unknown_columns": self.unknown_columns,
            "unused_images": self.unused_images,
            "images": len(self.images),
            "sheet_name": self.sheet_name,
        }


def plan_import(
    table: Table, *, images: ImageFiles | None, user, progress: Progress | None = None
) -> ImportPlan:
    """Check every row of ``table`` and work out what importing it would change."""
    return _Planner(table, images=images, user=user, progress=progress).run()


def plan_file(
    path,
    *,
    file_name: str,
    images: ImageFiles | None,
    user,
    progress: Progress | None = None,
    on_step=None,
) -> ImportPlan:
    """Read and plan a spreadsheet: the admin's and the command's one way in.

    A CSV is read from the file twice, and never held (a million rows would take 3 GB);
    an XLSX's rows are let go as they are planned. The plan keeps only what it needs.
    """
    on_step = on_step or (lambda name: None)
    on_step(_("Reading the file"))
    table = read_import_file(path, file_name=file_name)
    planner = _Planner(table, images=images, user=user, progress=progress, consume=True)
    with without_cycle_collection():
        return planner.run(on_step=on_step)


class _Planner:
    def __init__(self, table, *, images, user, progress, consume=False):
        self.table = table
        self.consume = consume
        self.images = images
        self.may_publish = user is None or user.has_perm("collection.publish_item")
        self.progress = progress or (lambda done, total: None)
        self.columns = frozenset(table.columns)
        self.plan = ImportPlan(
            columns=self.columns,
            unknown_columns=list(table.unknown_columns),
            sheet_name=table.sheet_name,
        )
        self.dates: dict = {}
        self.cells = LinkCells()
        self.checked_files: dict[Path, str | None] = {}

    def run(self, on_step=None) -> ImportPlan:
        on_step = on_step or (lambda name: None)
        plan = self.plan
        accessions, numbers, parsed = self.read_rows()
        # Complete once the rows have been read through.
        plan.errors += [RowError(1, "", message) for message in self.table.header_errors]
        keys = self.lower_keys(accessions)
        plan.keys = sorted({key for key in keys if key})
        on_step(_("Looking up the objects"))
        # First, so that anything that changes while the caches load is seen as a change.
        plan.fingerprint = fingerprint(plan.keys)
        self.load_items(plan.keys)
        on_step(_("Looking up the people, places and subjects"))
        self.load_authorities()
        first_rows: dict[str, int] = {}
        repeated: dict[str, list[int]] = {}
        for key, number in zip(keys, numbers, strict=True):
            if key and (first := first_rows.setdefault(key, number)) != number:
                repeated.setdefault(key, [first]).append(number)
        del first_rows, numbers
        used_images: list[str] = []
        total = len(accessions)
        on_step(_("Checking the rows"))
        consume = self.consume and isinstance(self.table.rows, list)
        rows = zip(accessions, keys, self.table.rows, parsed, strict=True)
        for done, (accession, key, row, links) in enumerate(rows):
            if done % 2000 == 0:
                self.progress(done, total)
            errors = [RowError(row.number, column, message) for column, message in row.errors]
            if not accession:
                errors.append(RowError(row.number, ACCESSION, _("The accession number is empty.")))
            elif len(accession) > ACCESSION_MAX_LENGTH:
                message = _("The accession number is longer than %(limit)s characters.")
                errors.append(
                    RowError(row.number, ACCESSION, message % {"limit": ACCESSION_MAX_LENGTH})
                )
            elif others := repeated.get(key):
                message = _(
                    "%(accession)s is in the file %(count)s times (rows %(rows)s); each object "
                    "may have only one row."
                ) % {
                    "accession": accession,
                    "count": len(others),
                    "rows": ", ".join(map(str, others[:10])),
                }
                errors.append(RowError(row.number, ACCESSION, message))
            self.plan_row(row, accession, key, links, errors, used_images)
            if consume:
                self.table.rows[done] = None
            if errors:
                plan.errors += errors
                plan.error_rows += 1
        self.progress(total, total)
        plan.new_people = sorted(plan.people - self.people.keys())
        plan.new_places = sorted(plan.places - self.places.keys())
        plan.new_subjects = sorted(plan.subjects - self.subjects.keys())
        new = {"person": plan.new_people, "place": plan.new_places, "subject": plan.new_subjects}
        plan.near_matches = near_matches(new, self.matches)
        if self.images is not None:
            plan.unused_images = self.images.unused(used_images)
        return plan

    def read_rows(self) -> tuple[list[str], list[int], Spool]:
        """The first pass: each row's accession number, its number and its parsed
        creators, places and subjects (spooled, for the second pass), and every name the
        rows link to."""
        plan, table, cells = self.plan, self.table, self.cells
        expected = len(table.rows) if isinstance(table.rows, list) else table.expected_rows
        accessions: list[str] = []
        numbers: list[int] = []
        parsed = Spool()
        for done, row in enumerate(table.rows):
            if done % 10_000 == 0:
                self.progress(done, max(done, expected))
            values = row.values
            accessions.append(normalise_accession_number(values.get("accession_number")))
            numbers.append(row.number)
            creators = cells.creators(cell) if (cell := values.get("creator")) else ((), [])
            places = cells.names(cell) if (cell := values.get("places")) else ()
            subjects = cells.names(cell) if (cell := values.get("subjects")) else ()
            plan.people.update(name for name, _ in creators[0])
            plan.places.update(places)
            plan.subjects.update(subjects)
            parsed.append((creators, places, subjects))
        return accessions, numbers, parsed

    # Loading, once per run ----------------------------------------------------------------

    def lower_keys(self, accessions: list[str]) -> list[str]:
        """Keys as the database's unique index sees them: PostgreSQL's lower(), which for
        non-ASCII letters depends on the server's locale, so it is asked for those."""
        unusual = sorted({a for a in accessions if not a.isascii()})
        lowered = {}
        if unusual:
            with connection.cursor() as cursor:
                cursor.execute("SELECT x, lower(x) FROM unnest(%s::text[]) AS x", [unusual])
                lowered = dict(cursor.fetchall())
        return [lowered[a] if a in lowered else a.lower() for a in accessions]

    def load_items(self, keys: list[str]) -> None:
        self.items: dict[str, tuple] = {}  # key -> (id, values)
        self.links: dict[int, dict[str, object]] = {}
        if not keys:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, lower(accession_number), {', '.join(VALUE_COLUMNS)} "
                "FROM collection_item WHERE lower(accession_number) = ANY(%s)",
                [keys],
            )
            for item_id, key, *values in cursor.fetchall():
                cleaned = tuple(
                    clean_value(name, value)
                    if isinstance(value, str | None) and name in TEXT_COLUMNS
                    else value
                    for name, value in zip(VALUE_COLUMNS, values, strict=True)
                )
                self.items[key] = (item_id, cleaned)
                self.links[item_id] = {
                    "creator": [],
                    "places": set(),
                    "subjects": set(),
                    "image": set(),
                }
            ids = [item_id for item_id, _ in self.items.values()]
            queries = {
                # By id: a file may name a person by a variant name.
                "creator": "SELECT item_id, person_id, role FROM collection_creator "
                "WHERE item_id = ANY(%s) ORDER BY item_id, position, id",
                "places": "SELECT l.item_id, p.id FROM collection_itemplace l "
                "JOIN collection_place p ON p.id = l.place_id WHERE l.item_id = ANY(%s)",
                "subjects": "SELECT item_id, subject_id FROM collection_item_subjects "
                "WHERE item_id = ANY(%s)",
                "image": "SELECT item_id, source_name FROM collection_image "
                "WHERE item_id = ANY(%s) AND source_name <> ''",
            }
            for column, sql in queries.items():
                if column not in self.columns:
                    continue
                cursor.execute(sql, [ids])
                for item_id, *value in cursor.fetchall():
                    links = self.links[item_id][column]
                    if column == "creator":
                        links.append(tuple(value))
                    elif column == "image":
                        links.add(image_key(value[0]))
                    else:
                        links.add(value[0])

    def load_authorities(self) -> None:
        plan = self.plan
        names = {"person": plan.people, "place": plan.places, "subject": plan.subjects}
        self.matches = {kind: authority_matches(kind, names[kind]) for kind in names}
        self.people = self.matches["person"].ids
        self.places = self.matches["place"].ids
        self.subjects = self.matches["subject"].ids
        plan.by_other_name = by_other_name(self.matches)

    # One row ------------------------------------------------------------------------------

    def plan_row(self, row, accession, key, links, errors, used_images) -> None:
        number, cells, columns = row.number, row.values, self.columns
        existing = self.items.get(key)
        values = list(existing[1] if existing else NEW_ITEM_DEFAULTS.values())
        values[_INDEX[ACCESSION]] = accession
        for column, max_length in TEXT_COLUMNS.items():
            if column in columns:
                text = clean_value(column, cells[column])
                if max_length and len(text) > max_length:
                    message = _("Longer than %(limit)s characters.") % {"limit": max_length}
                    errors.append(RowError(number, column, message))
                values[_INDEX[column]] = text
        if not (values[_INDEX["title_vi"]] or values[_INDEX["title_en"]]):
            errors.append(RowError(number, "title_vi", _("Give a title in Vietnamese or English.")))
        old_status = values[_INDEX["status"]] if existing else None
        for column, allowed in CHOICE_COLUMNS.items():
            self.choice(row, values, column, allowed, errors)
        status = values[_INDEX["status"]]
        publishing = Status.PUBLISHED.value in {status, old_status} and status != old_status
        if publishing and not self.may_publish:
            message = _(
                "You may not publish or unpublish objects; leave the status as it is or ask a "
                "curator."
            )
            errors.append(RowError(number, "status", message))
        if DATE in columns:
            self.date(number, cells[DATE], values, errors)
        creators = places = subjects = None
        (creators_read, problems), *names_read = links
        if "creator" in columns:
            creators = one_per_record(creators_read, self.people)
            errors += [RowError(number, "creator", message) for message in problems]
        for column, names in zip(("places", "subjects"), names_read, strict=True):
            if column in columns:
                names = one_per_record(names, self.places if column == "places" else self.subjects)
                for name in names:
                    if len(name) > NAME_MAX_LENGTH:
                        message = _("“%(name)s…” is too long.") % {"name": name[:40]}
                        errors.append(RowError(number, column, message))
                if column == "places":
                    places = names
                else:
                    subjects = names
        attach = self.image_files(number, cells.get("image", ""), existing, errors, used_images)
        if errors:
            return
        values = tuple(values)
        self.plan.date_texts.add(values[_INDEX["date_text"]])
        if existing is None:
            self.plan.new_items.append((values, creators or (), places or (), subjects or ()))
        else:
            item_id, current = existing
            links = self.links[item_id]
            creators = self.changed_creators(creators, links["creator"])
            places = self.changed(places, links["places"], self.places)
            subjects = self.changed(subjects, links["subjects"], self.subjects)
            same = values == current
            if same and creators is None and places is None and subjects is None and not attach:
                self.plan.unchanged += 1
                return
            self.plan.updated_items.append(
                (item_id, None if same else values, creators, places, subjects)
            )
        self.plan.images += [(key, name, path) for name, path in attach]

    def choice(self, row, values, column, allowed, errors) -> None:
        if column not in self.columns or not (text := normalise(row.values[column])):
            return
        if (value := allowed.get(text.lower())) is not None:
            values[_INDEX[column]] = value
        else:
            message = _("“%(value)s” is not one of: %(choices)s.")
            errors.append(
                RowError(
                    row.number, column, message % {"value": text, "choices": ", ".join(allowed)}
                )
            )

    def date(self, number, value, values, errors) -> None:
        if isinstance(value, str):
            value = normalise(value)
        if value not in self.dates:
            try:
                self.dates[value] = parse_date(value)
            except ValidationError as error:
                self.dates[value] = error.messages[0]
        parsed = self.dates[value]
        if isinstance(parsed, str):
            errors.append(RowError(number, DATE, parsed))
        elif len(parsed.text) > DATE_MAX_LENGTH:
            message = _("Longer than %(limit)s characters.") % {"limit": DATE_MAX_LENGTH}
            errors.append(RowError(number, DATE, message))
        else:
            meaning = (parsed.text, parsed.earliest, parsed.latest, parsed.is_approximate)
            for name, value in zip(DATE_FIELDS, meaning, strict=True):
                values[_INDEX[name]] = value

    def image_files(self, number, cell, existing, errors, used_images) -> list:
        """(name, file) pairs to attach: named in the cell and not already imported."""
        names = [name.strip() for name in cell.split(MULTI_VALUE_SEPARATOR) if name.strip()]
        used_images += names
        have = self.links[existing[0]]["image"] if existing else set()
        attach = []
        for name in dict.fromkeys(names):
            if image_key(name) in have:
                continue
            path = self.images.find(name) if self.images is not None else None
            if path is None:
                message = (
                    _("“%(name)s” was not found in the image folder or ZIP.")
                    if self.images is not None
                    else _(
                        "“%(name)s” was not found because no image folder or ZIP was given "
                        "with the spreadsheet."
                    )
                )
                errors.append(RowError(number, "image", message % {"name": name}))
                continue
            if path not in self.checked_files:
                self.checked_files[path] = check_image(path)
            if problem := self.checked_files[path]:
                message = _("“%(name)s”: %(problem)s") % {"name": name, "problem": problem}
                errors.append(RowError(number, "image", message))
            else:
                attach.append((unicodedata.normalize("NFC", name), path))
        return attach

    def changed_creators(self, creators, current):
        """None when the file does not change the creators, else the new (name, role) list."""
        if creators is None or [(self.people.get(n), role) for n, role in creators] == current:
            return None
        return creators

    def changed(self, names, current_ids, known):
        if names is None:
            return None
        ids = {known.get(name) for name in names}
        return None if ids == current_ids else names
