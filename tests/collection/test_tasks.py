"""The collection's background jobs, run by a real worker process."""

from io import StringIO

import pytest
from django.core.management import call_command

from collection.models import Item
from tests.collection.factories import ItemFactory
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


def test_asking_twice_while_queued_queues_one_rebuild(empty_queue):
    first, second = StringIO(), StringIO()

    call_command("refresh_search", "--background", stdout=first)
    call_command("refresh_search", "--background", stdout=second)

    assert "Queued the rebuild" in first.getvalue()
    assert "already queued" in second.getvalue()
