"""The collection's history is kept by the database: whatever writes, each change is
there with its old and new values and its context."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.utils import translation

from collection.models import CreatorVersion, Item, ItemVersion
from core.history.context import command_context
from core.history.versions import history_of, record_existing_rows
from tests.collection.factories import CreatorFactory, ItemFactory, SubjectFactory
from tests.collection.spreadsheets.helpers import ROW, import_rows

# A change set is a transaction: each step of these tests is one of its own.
pytestmark = pytest.mark.django_db(transaction=True)


def changes(item):
    """(field, old, new) of each change set of ``item``, newest first."""
    with translation.override("en"):
        return [[(c.label, c.old, c.new) for c in entry.changes] for entry in history_of(item)]


def test_a_bulk_queryset_update_is_in_the_history_with_old_and_new_values():
    item = ItemFactory(title_en="Before", title_vi="Trước")

    Item.objects.filter(pk=item.pk).update(title_en="After")

    assert changes(item)[0] == [("title [en]", "Before", "After")]


def test_a_raw_sql_update_is_in_the_history_with_old_and_new_values():
    item = ItemFactory(medium="Ink")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE collection_item SET medium = 'Steel' WHERE id = %s", [item.pk])

    assert changes(item)[0] == [("medium / materials", "Ink", "Steel")]
    assert history_of(item)[0].context is None  # straight from the database: nobody


def test_the_search_document_alone_changing_is_no_version():
    item = ItemFactory()
    before = ItemVersion.objects.filter(pgh_obj_id=item.pk).count()

    Item.objects.filter(pk=item.pk).update(search_document=None)

    assert ItemVersion.objects.filter(pgh_obj_id=item.pk).count() == before


def test_links_to_people_and_subjects_are_in_their_objects_history():
    item = ItemFactory()
    subject = SubjectFactory(name_vi="Cầu Long Biên")
    creator = CreatorFactory(item=item, person__name="Chu Chí Thành", role="photographer")

    item.subjects.add(subject)
    creator.delete()

    shown = [change for entry in changes(item) for change in entry]
    assert ("Subjects", "—", "Cầu Long Biên") in shown
    assert ("Creators", "Chu Chí Thành (Photographer)", "—") in shown


def test_a_commands_changes_carry_its_command_line_raw_sql_included():
    item = ItemFactory(medium="Ink")
    connection.close()  # the command's connections are opened inside its context

    with command_context(["manage.py", "shell", "-c", "..."]), connection.cursor() as cursor:
        # As typed in the shell: no parameters, so a % is just a %.
        cursor.execute(
            "UPDATE collection_item SET medium = '100% cotton' WHERE accession_number LIKE 'TEST.%'"
        )
    connection.close()

    newest = history_of(item)[0]
    assert newest.context.metadata == {"command": "manage.py shell -c ..."}
    assert changes(item)[0] == [("medium / materials", "Ink", "100% cotton")]


def test_an_imports_changes_name_its_record(tmp_path):
    _plan, record = import_rows(tmp_path, [ROW], user=User.objects.create_user("archivist"))

    item = Item.objects.get()
    context = history_of(item)[0].context
    assert (context.metadata["import_record"], context.metadata["user"]) == (
        record.pk,
        record.user_id,
    )
    # The links, written by COPY first of all, are under the same context.
    assert {c.pgh_context_id for c in CreatorVersion.objects.all()} == {context.pk}


def test_rows_there_before_the_history_began_get_a_first_version_to_compare_with():
    item = ItemFactory(medium="Ink")
    with connection.cursor() as cursor:  # as if written before the history was installed
        cursor.execute("ALTER TABLE collection_itemversion DISABLE TRIGGER USER")
        cursor.execute("TRUNCATE collection_itemversion")
        cursor.execute("ALTER TABLE collection_itemversion ENABLE TRIGGER USER")

    record_existing_rows(
        apps, SimpleNamespace(connection=connection), "collection", {"Item": "ItemVersion"}
    )
    Item.objects.filter(pk=item.pk).update(medium="Steel")

    assert changes(item)[0] == [("medium / materials", "Ink", "Steel")]
    assert history_of(item)[1].kind == "snapshot"
