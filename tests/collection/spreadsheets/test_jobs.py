"""Imports through the real queue: a worker process checks and writes them, is killed in
the middle of a write, and is started again."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from collection.models import ImportJob, ImportRecord, Item
from tests.collection.spreadsheets.helpers import HEADERS, ROW, csv_bytes, staff
from tests.jobs import wait_for

pytestmark = pytest.mark.worker

IMPORT = reverse("admin:collection_item_import")


def rows(count):
    return [[f"JOB.{n:06d}", "photograph", f"Photograph {n}", "", "12/1972", "", ""] for n in
            range(count)]  # fmt: skip


def upload(client, content):
    response = client.post(IMPORT, {"spreadsheet": SimpleUploadedFile("sheet.csv", content)})
    assert response.status_code == 302, response.content.decode()[:1000]
    return uuid.UUID(response.url.rstrip("/").rsplit("/", 1)[-1])


def job(pk):
    return ImportJob.objects.get(pk=pk)


def page(client, pk):
    return client.get(reverse("admin:collection_item_import_job", args=[pk]))


def post(client, pk, action):
    return client.post(reverse(f"admin:collection_item_import_{action}", args=[pk]))


def queued_writes():
    """Write jobs in the queue's table, whatever their status (finished ones stay)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'collection.write_import'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def archivist(client, roles):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("Archivist"))
    return client


def test_a_worker_checks_and_writes_an_upload_and_the_page_follows(archivist, job_worker):
    pk = upload(archivist, csv_bytes([ROW]))

    wait_for(lambda: job(pk).state == ImportJob.State.CHECKED, what="the check")
    status = archivist.get(reverse("admin:collection_item_import_status", args=[pk])).json()
    assert status["state"] == "checked"
    assert status["running"] is False
    post(archivist, pk, "confirm")
    wait_for(lambda: job(pk).state == ImportJob.State.DONE, what="the write")

    assert Item.objects.get().accession_number == "BTLS.1972.10"
    assert "1 new, 0 updated, 0 unchanged" in page(archivist, pk).text


def test_two_confirms_of_one_upload_queue_one_write(archivist, job_worker):
    pk = upload(archivist, csv_bytes([ROW]))
    wait_for(lambda: job(pk).state == ImportJob.State.CHECKED, what="the check")

    post(archivist, pk, "confirm")
    post(archivist, pk, "confirm")
    wait_for(lambda: job(pk).state == ImportJob.State.DONE, what="the write")

    assert queued_writes() == 1
    assert ImportRecord.objects.count() == 1
    assert Item.objects.count() == 1


@pytest.mark.slow
def test_killing_the_worker_mid_write_leaves_nothing_and_a_retry_imports_once(
    archivist, job_worker, settings
):
    settings.IMPORT_JOB_STALLED_SECONDS = 3
    count = 40_000
    pk = upload(archivist, csv_bytes(rows(count), HEADERS))
    wait_for(lambda: job(pk).state == ImportJob.State.CHECKED, timeout=60, what="the check")
    post(archivist, pk, "confirm")

    # Inside the write's transaction: the first batch of objects is in, not committed.
    wait_for(
        lambda: job(pk).state == ImportJob.State.WRITING and job(pk).done > 0,
        timeout=60,
        interval=0.05,
        what="the write to start",
    )
    job_worker.kill()

    assert Item.objects.count() == 0
    failed = wait_for(
        lambda: page(archivist, pk).context["status"]["state"] == "failed",
        timeout=20,
        what="the job to be shown as failed",
    )
    assert failed
    shown = page(archivist, pk)
    assert "stopped" in shown.context["status"]["error"]
    assert "nothing was written" in shown.context["status"]["error"]
    assert "Run it again" in shown.text
    assert Item.objects.count() == 0
    assert not ImportRecord.objects.exists()

    job_worker.start()
    post(archivist, pk, "retry")
    wait_for(lambda: job(pk).state == ImportJob.State.DONE, timeout=120, what="the retry")
    post(archivist, pk, "retry")  # a finished import is not run again

    assert Item.objects.count() == count
    assert ImportRecord.objects.count() == 1
    assert ImportRecord.objects.get().created_count == count
