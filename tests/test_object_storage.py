"""Media in an S3-compatible bucket (S3_BUCKET; config.storage, core.storage): moto's
server in a process of its own, on 127.0.0.1, stands in for the service. Every file
lands in the bucket, none on the local disk; every object is private; pages keep the
site's addresses, which answer after the usual check with a redirect to a signed one."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from collection.models import Image, ImportJob, Item
from collection.tiles import info_name, tiles_folder
from core.models import Status
from core.storage import BucketStorage
from tests.collection.factories import ImageFactory, image_bytes
from tests.collection.spreadsheets.helpers import csv_bytes, staff, zip_bytes
from tests.collection.test_admin import ADD, item_form, with_images
from tests.jobs import queue_drained, wait_for
from tests.servers import Bucket

pytestmark = pytest.mark.django_db


def stored_names(image):
    return {image.original.name, image.thumbnail.name, image.display.name}


def follow(client, bucket, url):
    """What a browser gets for a file address on a page: the site's redirect, then the
    bucket's answer to the address it redirects to."""
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"].startswith(f"{bucket.server.url}/{bucket.name}/")
    status, body, headers = bucket.fetch(response["Location"])
    return response, status, body, headers


def test_an_admin_upload_stores_every_file_in_the_bucket_and_pages_link_to_them(
    bucket, admin_client, client, media_root
):
    data = with_images(
        item_form(status="published"),
        SimpleUploadedFile("a.jpg", image_bytes(2000, 1000), content_type="image/jpeg"),
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    image = Image.objects.get()
    assert bucket.names() == stored_names(image)
    assert list(media_root.iterdir()) == []  # nothing on this machine's disk
    page = client.get(image.item.get_absolute_url()).content.decode()
    assert image.display.url in page
    assert image.display.url.startswith("/media/derivatives/")

    redirect, status, body, headers = follow(client, bucket, image.display.url)
    assert status == 200
    assert body == bucket.read(image.display.name)
    assert headers["Content-Type"] == "image/webp"
    assert headers["Cache-Control"] == "public, max-age=300"
    # Browsers keep the redirect for half the signature's life, so a kept one still works.
    assert "public" in redirect["Cache-Control"]
    assert "max-age=300" in redirect["Cache-Control"]
    assert "X-Amz-Signature=" in redirect["Location"]


def test_every_object_is_private_in_the_bucket_whatever_its_status(bucket):
    published = ImageFactory()
    draft = ImageFactory(item__draft=True)

    for name in stored_names(published) | stored_names(draft):
        assert bucket.anonymous_get(name) == 403, name


def test_a_drafts_original_is_not_readable_anonymously_and_staff_get_a_signed_address(
    bucket, client, admin_client
):
    image = ImageFactory(item__draft=True)

    for name in stored_names(image):
        assert client.get(image.original.storage.url(name)).status_code == 404, name
    assert bucket.anonymous_get(image.original.name) == 403

    redirect, status, body, _headers = follow(admin_client, bucket, image.original.url)
    assert status == 200
    assert body == bucket.read(image.original.name)
    assert "private" in redirect["Cache-Control"]
    assert "Cookie" in redirect["Vary"]


def test_a_published_objects_original_is_for_staff_only(bucket, client):
    image = ImageFactory()

    assert client.get(image.original.url).status_code == 404


def test_unpublishing_stops_the_redirects_at_once(bucket, client):
    image = ImageFactory()
    assert client.get(image.thumbnail.url).status_code == 302

    Item.objects.filter(pk=image.item_id).update(status=Status.DRAFT)

    assert client.get(image.thumbnail.url).status_code == 404


def test_signed_addresses_are_made_for_the_endpoint_browsers_reach(bucket, settings):
    # A proxy in front of the bucket, as browsers reach it: the same server by another name.
    public_url = f"http://localhost:{bucket.server.port}"
    options = settings.STORAGES["default"]["OPTIONS"]
    storage = BucketStorage(**{**options, "public_url": public_url})
    image = ImageFactory()

    address = storage.signed_url(image.display.name)

    assert address.startswith(f"{public_url}/{bucket.name}/{image.display.name}?")
    assert bucket.fetch(address)[:2] == (200, bucket.read(image.display.name))


def test_deleting_an_image_removes_its_files_from_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    kept = ImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert bucket.names() == stored_names(kept)


def test_load_demo_stores_every_placeholder_in_the_bucket(bucket, client, media_root):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    images = list(Image.objects.all())
    assert images
    assert bucket.names() == set().union(*(stored_names(image) for image in images))
    assert list(media_root.iterdir()) == []
    item = images[0].item
    page = client.get(item.get_absolute_url()).content.decode()
    assert images[0].display.url in page
    assert follow(client, bucket, images[0].display.url)[1] == 200


# The import through the queue: the test process's job worker, restarted with the same
# bucket in its settings, reads the staged upload from the bucket and writes the images
# there. It is stopped afterwards; the next test that needs it starts it as it was (a
# worker left with other settings would take that test's jobs).

WORKER_BUCKET = "vitrine-jobs"


@pytest.fixture
def job_bucket(job_worker, s3_server, settings):
    bucket = Bucket.create(s3_server, settings, name=WORKER_BUCKET)
    job_worker.stop()
    job_worker.env = s3_server.environment_for(WORKER_BUCKET)
    job_worker.start()
    yield bucket
    job_worker.stop()
    job_worker.env = {}


@pytest.mark.worker
def test_an_import_with_a_zip_of_images_stores_them_in_the_bucket(
    job_bucket, job_worker, client, roles
):
    client.force_login(staff("Archivist"))
    sheet = csv_bytes([["A.1", "Photograph", "A1.jpg"]], ["accession_number", "title_en", "image"])
    images = zip_bytes({"scans/A1.JPG": image_bytes()})
    response = client.post(
        reverse("admin:collection_item_import"),
        {
            "spreadsheet": SimpleUploadedFile("sheet.csv", sheet),
            "images": SimpleUploadedFile("images.zip", images),
        },
    )
    assert response.status_code == 302
    pk = uuid.UUID(response.url.rstrip("/").rsplit("/", 1)[-1])

    def job():
        return ImportJob.objects.get(pk=pk)

    wait_for(lambda: job().state == ImportJob.State.CHECKED, what="the check")
    staged = {job().sheet_name, job().images_name}
    assert staged <= job_bucket.names()
    assert all(name.startswith("private/imports/") for name in staged)
    assert {job_bucket.anonymous_get(name) for name in staged} == {403}

    client.post(reverse("admin:collection_item_import_confirm", args=[pk]))
    wait_for(lambda: job().state == ImportJob.State.DONE, what="the write")

    # Writing the image queued its deep-zoom tiles: their job is done too.
    wait_for(queue_drained, what="the image's tiles")
    image = Image.objects.get()
    assert image.item.accession_number == "A.1"
    # The staged upload is gone once written; the image's files are all there is.
    folder = f"{tiles_folder(image.pk)}/"
    tiles = {name for name in job_bucket.names() if name.startswith(folder)}
    assert info_name(image.pk) in tiles
    assert job_bucket.names() - tiles == stored_names(image)
    assert not any((job_worker.media_root / name).exists() for name in stored_names(image))
