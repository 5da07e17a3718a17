"""The admin's export of the change list."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from collection.models import ExportJob, Item
from collection.search import update_search_documents
from collection.spreadsheets import tasks
from tests.collection.factories import ItemFactory
from tests.collection.spreadsheets.helpers import staff
from tests.jobs import wait_for

pytestmark = pytest.mark.django_db


def test_the_admin_export_needs_the_export_permission(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]))

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("accession_number,kind,title_en")
    assert Item.objects.count() == 2


def admin_export(client, query=""):
    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(content))][1:]


def test_the_admin_export_writes_what_the_change_list_lists(client, collection):
    client.force_login(staff("Archivist"))
    ItemFactory(accession_number="BTLS.1975.01", kind="document", title_en="Thạch Hãn map")
    # The list's search reads the search documents, which factories do not write.
    update_search_documents(Item.objects.all())

    listing = client.get(reverse("admin:collection_item_changelist") + "?kind__exact=document")
    exported = admin_export(client, "?kind__exact=document")

    assert "export.csv?kind__exact=document" in listing.content.decode()
    assert exported == ["BTLS.1975.01"]
    assert admin_export(client, "?q=thach+han") == ["BTLS.1972.10", "BTLS.1975.01"]
    assert admin_export(client) == ["1972.10", "BTLS.1972.10", "BTLS.1975.01"]


def test_an_admin_export_with_filters_the_list_does_not_offer_is_refused(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + "?secret=1")

    assert response.status_code == 400


def test_a_long_list_is_exported_by_a_job_into_a_file_to_download(client, collection, settings):
    settings.EXPORT_DIRECT_MAX = 0
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + "?status=draft")

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response.url == reverse("admin:collection_item_export_job", args=[job.pk])
    assert (job.state, job.count, job.query) == ("queued", 1, "status=draft")
    assert "data-status-url" in client.get(response.url).text  # the page follows the job
    tasks.export_list(str(job.pk))
    page = client.get(response.url)
    download = reverse("admin:collection_item_export_download", args=[job.pk])
    assert download in page.text
    content = b"".join(client.get(download).streaming_content).decode("utf-8-sig")
    exported = [row[0] for row in csv.reader(io.StringIO(content))][1:]
    assert exported == ["1972.10"]  # the list's filter: the draft only
    client.force_login(staff("Curator"))
    assert client.get(download).status_code == 404  # another user's file


@pytest.mark.worker
def test_a_worker_writes_the_export_of_a_long_list(client, job_worker, settings, roles):
    settings.EXPORT_DIRECT_MAX = 1
    ItemFactory.create_batch(3)
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["xlsx"]))
    job = ExportJob.objects.get()
    wait_for(lambda: ExportJob.objects.get().state == ExportJob.State.DONE, what="the export")

    download = client.get(reverse("admin:collection_item_export_download", args=[job.pk]))
    assert response.status_code == 302
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4  # the header and three objects
