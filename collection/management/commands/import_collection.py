"""``manage.py import_collection FILE [--images DIR] [--dry-run] [--user NAME]``, and
``manage.py import_collection --template FILE.xlsx|FILE.csv`` for the blank template.

The same code path as the admin's import: read, plan (every row checked), then write
all or nothing. Any error writes nothing, is printed with its row and column, and exits
with status 1. Without --user the import is recorded without a user and may publish;
with one, that account's permissions apply (publishing needs collection.publish_item).
With --background the files are staged and a job worker checks and writes them, on the
same code path as the admin's import; the command returns at once.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from collection.models import ImportJob
from collection.spreadsheets import matching, staging, tasks
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.image_files import images_from_folder
from collection.spreadsheets.planning import ImportConflict, plan_file
from collection.spreadsheets.reading import SpreadsheetError
from collection.spreadsheets.writing import write_template
from collection.spreadsheets.zipfiles import ArchiveError

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Import objects from a spreadsheet (XLSX or CSV) in the template's columns."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the spreadsheet: .xlsx or .csv")
        parser.add_argument("--images", metavar="DIR", help="folder holding the image files")
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, write nothing"
        )
        parser.add_argument("--user", metavar="NAME", help="import as this user")
        parser.add_argument(
            "--background",
            action="store_true",
            help="queue the check and the write for a job worker and return at once",
        )
        parser.add_argument(
            "--template",
            metavar="FILE",
            help="write the blank template (.xlsx with a sheet explaining the columns, or "
            ".csv) to FILE and stop",
        )

    def handle(self, *args, file, images, dry_run, user, template, background=False, **options):
        if template:
            self.write_template(Path(template))
            return
        if not file:
            raise CommandError(_("Give the spreadsheet to import (or --template FILE)."))
        user = self.find_user(user)
        path = Path(file)
        if background:
            self.enqueue(path, images and Path(images), user=user, dry_run=dry_run)
            return
        try:
            files = images_from_folder(images) if images else None
            plan = plan_file(
                path,
                file_name=path.name,
                images=files,
                user=user,
                progress=self.bar(_("Checking")),
            )
        except (OSError, ArchiveError, SpreadsheetError) as error:
            raise CommandError(str(error)) from None
        self.print_summary(plan)
        if plan.errors:
            for error in plan.errors:
                where = (
                    _("row %(row)s, column %(column)s") % {"row": error.row, "column": error.column}
                    if error.column
                    else _("row %(row)s") % {"row": error.row}
                )
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(
                _("%(errors)s error(s) in %(rows)s row(s); nothing was imported.")
                % {"errors": len(plan.errors), "rows": plan.counts["errors"]}
            )
        if dry_run:
            self.stdout.write(_("Dry run: the file is valid; nothing was written."))
            return
        try:
            record = apply_import(
                plan, user=user, file_name=path.name, progress=self.bar(_("Writing"))
            )
        except ImportConflict as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(name)s: %(new)s new, %(updated)s updated, %(unchanged)s "
                    "unchanged (import record %(record)s)."
                )
                % {
                    "name": path.name,
                    "new": record.created_count,
                    "updated": record.updated_count,
                    "unchanged": record.unchanged_count,
                    "record": record.pk,
                }
            )
        )
        # On a line of its own and never translated, for scripts: `undo_import N` undoes it.
        self.stdout.write(f"Import record: {record.pk}")

    def enqueue(self, path, images, *, user, dry_run):
        """Stage the files as an upload would be, and queue the check (then the write)."""
        if not path.is_file() or (images and not images.is_dir()):
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        job = ImportJob(
            user=user,
            file_name=path.name,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            confirm_when_checked=not dry_run,
        )
        with tempfile.TemporaryDirectory() as folder:
            archive = None
            if images:
                # The worker may be on another machine: the images travel as one ZIP.
                archive = Path(shutil.make_archive(str(Path(folder) / "images"), "zip", images))
            staging.stage_paths(job, sheet=path, images=archive)
        transaction.on_commit(lambda: tasks.enqueue_check(job))
        self.stdout.write(
            _("Queued import job %(job)s for %(name)s; a worker checks it%(then)s.")
            % {
                "job": job.pk,
                "name": path.name,
                "then": "" if dry_run else _(" and, if it has no error, writes it"),
            }
        )
        self.stdout.write(
            _("Follow it in the admin: %(url)s")
            % {"url": reverse("admin:collection_item_import_job", args=[job.pk])}
        )

    def write_template(self, path):
        kind = path.suffix.lower().lstrip(".")
        if kind not in ("xlsx", "csv"):
            raise CommandError(_("The template file must end in .xlsx or .csv."))
        with open(path, "wb") as out:
            write_template(out, format=kind)
        self.stdout.write(_("Wrote the blank template to %(path)s.") % {"path": path})

    def find_user(self, name):
        if not name:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: name}, is_active=True)
        except User.DoesNotExist:
            raise CommandError(
                _("There is no active user %(name)s.") % {"name": repr(name)}
            ) from None

    def print_summary(self, plan):
        counts = plan.counts
        line = (
            _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(errors)s with errors")
            % counts
        )
        if plan.sheet_name:
            line += " " + _('(sheet "%(sheet)s")') % {"sheet": plan.sheet_name}
        lines = [line]
        for label, names in (
            (_("New people"), plan.new_people),
            (_("New places"), plan.new_places),
            (_("New subjects"), plan.new_subjects),
            (_("Columns ignored (not in the template)"), plan.unknown_columns),
            (_("Image files no row names"), plan.unused_images),
        ):
            if names:
                shown = ", ".join(names[:20])
                if len(names) > 20:
                    shown += " " + _("and %(more)s more") % {"more": len(names) - 20}
                lines.append(f"{label} ({len(names)}): {shown}")
        lines += matching.summary_lines(plan)
        self.stdout.write("\n".join(lines))

    def bar(self, label):
        """A progress bar on a terminal; nothing when the output is a file or a pipe."""
        stream = self.stderr._out
        if not (hasattr(stream, "isatty") and stream.isatty()):
            return None

        def show(done, total):
            filled = BAR_WIDTH * done // max(total, 1)
            stream.write(
                f"\r{label} [{'#' * filled}{' ' * (BAR_WIDTH - filled)}] "
                f"{100 * done // max(total, 1):3d}%"
            )
            if done >= total:
                stream.write("\n")
            stream.flush()

        return show
