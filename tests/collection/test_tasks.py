"""The collection's background jobs, run by a real worker process."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from collection.models import Image, Item
from collection.tasks import make_image_derivatives
from tests.collection.factories import ImageFactory, ItemFactory
from tests.jobs import wait_for

pytestmark = pytest.mark.worker


def test_refresh_search_background_is_run_by_a_worker(job_worker):
    ItemFactory(title_en="Khâm Thiên Street")
    Item.objects.update(search_document=None)
    output = StringIO()

    call_command("refresh_search", "--background", stdout=output)

    assert "Queued the rebuild" in output.getvalue()
    wait_for(lambda: Item.objects.filter(search_document__isnull=False).exists(), what="rebuild")
    assert list(Item.objects.published().search("kham thien")) == list(Item.objects.all())


def test_asking_twice_while_queued_queues_one_rebuild(idle_queue):
    first, second = StringIO(), StringIO()

    call_command("refresh_search", "--background", stdout=first)
    call_command("refresh_search", "--background", stdout=second)

    assert "Queued the rebuild" in first.getvalue()
    assert "already queued" in second.getvalue()


def test_a_very_large_upload_is_saved_at_once_and_its_derivatives_made_later(settings, db):
    settings.IMAGE_BACKGROUND_PIXELS = 1_000  # every test image is larger
    image = ImageFactory(item__title_en="Hàng Đẫy stadium")

    assert image.original
    assert not image.has_derivatives
    page = Client().get(image.item.get_absolute_url())
    assert page.status_code == 200
    assert 'src=""' not in page.text  # no broken image while the derivatives are made

    make_image_derivatives(image.pk)

    image.refresh_from_db()
    assert image.has_derivatives
    assert (image.display_width, image.display_height) == (1200, 800)
    assert image.display.url in Client().get(image.item.get_absolute_url()).text


def test_a_worker_makes_the_derivatives_of_a_very_large_upload(settings, job_worker):
    settings.IMAGE_BACKGROUND_PIXELS = 1_000

    image = ImageFactory()

    wait_for(lambda: Image.objects.get(pk=image.pk).has_derivatives, what="the derivatives")
    image.refresh_from_db()
    assert image.thumbnail_width == 400
