"""``manage.py undo_import ID [--dry-run] [--user NAME]``: undo an import, at once.

The same code path as the admin's "Undo this import" (collection.undo), run here
instead of by a worker. --dry-run prints what would be deleted, put back and left
alone, and writes nothing. Objects changed since the import are left alone and listed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from collection import undo as undoing
from collection.models import ImportRecord, ImportUndo

LISTED = 50


class Command(BaseCommand):
    help = "Undo an import: delete what it created, put back what it changed."

    def add_arguments(self, parser):
        parser.add_argument("record", type=int, help="the import record's id")
        parser.add_argument("--dry-run", action="store_true", help="say what, write nothing")
        parser.add_argument("--user", metavar="NAME", help="undo as this user (recorded)")

    def handle(self, *args, record, dry_run, user, **options):
        found = ImportRecord.objects.filter(pk=record).first()
        if found is None:
            raise CommandError(f"There is no import record {record}.")
        if undoing.is_undone(found):
            raise CommandError(f"Import record {record} is already undone.")
        if dry_run:
            self.print_report(undoing.preview(found).as_report(), would=True)
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            undo = undoing.request_undo(found, user=self.find_user(user))
        except undoing.UndoRefused as error:
            raise CommandError(str(error)) from None
        ImportUndo.objects.filter(pk=undo.pk).update(state=ImportUndo.State.RUNNING)
        try:
            undo = undoing.run_undo(undo)
        except Exception as error:
            ImportUndo.objects.filter(pk=undo.pk).update(
                state=ImportUndo.State.FAILED, error=str(error)
            )
            raise
        self.print_report(undo.report, would=False)
        self.stdout.write(self.style.SUCCESS(f"Import record {record} is undone (undo {undo.pk})."))

    def print_report(self, report, *, would):
        verb = "would be" if would else "were"
        for key, what in (
            ("deleted", f"objects {verb} deleted"),
            ("restored", f"objects {verb} put back as they were before the import"),
            ("kept", "objects changed since the import, left alone"),
            ("authorities_deleted", f"people, places and subjects {verb} deleted"),
            ("authorities_kept", "people, places and subjects still in use, kept"),
        ):
            part = report[key]
            self.stdout.write(f"{part['count']} {what}")
            if key in ("kept", "authorities_kept") or part["count"] <= LISTED:
                for name in part["shown"][:LISTED]:
                    self.stdout.write(f"  {name}")

    def find_user(self, name):
        if not name:
            return None
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: name}, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"There is no active user {name!r}.") from None
