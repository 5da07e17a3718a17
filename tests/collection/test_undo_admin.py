"""Undoing an import from its record in the admin: a preview, then a worker does it."""

import pytest
from django.urls import reverse

from collection.models import ImportUndo, Item
from core.models import ChangeSet
from tests.collection.factories import ItemFactory
from tests.collection.spreadsheets.helpers import ROW, import_rows, staff
from tests.jobs import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(client, role):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff(role))
    return client


def urls(record):
    return (
        reverse("admin:collection_importrecord_change", args=[record.pk]),
        reverse("admin:collection_importrecord_undo", args=[record.pk]),
    )


def test_the_record_page_previews_the_undo_and_names_objects_changed_since(client, roles, tmp_path):
    ItemFactory(accession_number="OLD.1", title_en="As it was")
    _plan, record = import_rows(tmp_path, [ROW, ["OLD.1", "artifact", "Changed", "", "", "", ""]])
    Item.objects.filter(accession_number="OLD.1").update(medium="Edited since")
    record_url, undo_url = urls(record)
    signed_in(client, "Curator")

    assert "Undo this import" in client.get(record_url).content.decode()
    preview = client.get(undo_url).content.decode()

    assert "Objects deleted: 1" in preview
    assert "BTLS.1972.10" in preview
    assert "Objects changed since, left alone: 1" in preview
    assert "OLD.1" in preview
    assert Item.objects.count() == 2  # a preview writes nothing


def test_an_archivist_cannot_undo_an_import(client, roles, tmp_path):
    _plan, record = import_rows(tmp_path, [ROW])
    record_url, undo_url = urls(record)
    signed_in(client, "Archivist")

    assert "Undo this import" not in client.get(record_url).content.decode()
    assert client.post(undo_url).status_code == 403
    assert Item.objects.count() == 1


@pytest.mark.worker
def test_confirming_queues_the_undo_for_a_worker_and_the_record_page_says_done(
    client, roles, tmp_path, job_worker
):
    _plan, record = import_rows(tmp_path, [ROW])
    record_url, undo_url = urls(record)
    signed_in(client, "Curator")

    client.post(undo_url)
    client.post(undo_url)  # a second click queues nothing
    wait_for(lambda: ImportUndo.objects.get().state == ImportUndo.State.DONE, what="the undo")

    assert not Item.objects.exists()
    page = client.get(record_url).content.decode()
    assert "Undo the undo" in page
    assert "1 deleted, 0 put back, 0 left alone" in page


def test_the_recent_changes_list_the_import_and_filter_by_it(client, roles, tmp_path):
    _plan, record = import_rows(tmp_path, [ROW], user=staff("Archivist"))
    ItemFactory(accession_number="OTHER.1")  # outside any context: not a change set
    signed_in(client, "Curator")
    changes = reverse("admin:core_changeset_changelist")

    listed = client.get(changes, {"import_record": record.pk}).content.decode()
    assert f"import {record.pk}" in listed
    assert "Objects: 1" in listed
    assert "archivist" in listed  # who imported

    by_model = client.get(changes, {"model": "exhibitions.exhibition"}).content.decode()
    assert f"import {record.pk}" not in by_model


def test_a_change_set_opens_on_its_versions_field_by_field(client, roles, tmp_path):
    ItemFactory(accession_number="OLD.1", title_en="As it was")
    _plan, record = import_rows(tmp_path, [["OLD.1", "artifact", "Changed", "", "", "", ""]])
    signed_in(client, "Curator")
    (context,) = ChangeSet.objects.filter(metadata__import_record=record.pk)

    page = client.get(reverse("admin:core_changeset_change", args=[context.pk])).content.decode()

    assert "As it was" in page
    assert "Changed" in page
    assert reverse("admin:collection_item_history", args=[Item.objects.get().pk]) in page
