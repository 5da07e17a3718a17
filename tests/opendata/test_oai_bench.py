"""The OAI-PMH benchmark's harvest and baselines (bench/opendata/harvesting.py), run on
the site benchmark's collection in the test database: if the protocol or the models
change, these fail before a bench run does."""

import pytest
from django.db import connection
from django.test import Client

from bench.opendata.harvesting import harvest, select_all
from bench.site.dataset import generate
from collection.models import Item
from opendata.oai.stored import refill
from tests.opendata.answers import configure

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(settings, media_root):
    configure(settings)
    settings.OAI_PAGE_SIZE = 70
    with connection.cursor() as cursor:
        generate(cursor, 300, media_root)
        # One withdrawn object, as the bench withdraws one in a hundred.
        cursor.execute("UPDATE collection_item SET status = 'draft' WHERE id = 7")
    refill()  # as the bench does: the dates written out, and each row once


def test_the_bench_harvests_every_record_through_the_tokens(collection):
    figures = harvest(Client())
    assert figures["pages"] == 5
    assert figures["records"] == Item.objects.published().count() + 1
    assert figures["deleted_records"] == 1
    # The page's records, the history's last version id among them.
    assert figures["queries_per_page"] == 1


@pytest.mark.parametrize("with_links", [False, True])
def test_the_baselines_select_every_published_object(collection, with_links):
    assert select_all(with_links)["rows"] == Item.objects.published().count() == 299
