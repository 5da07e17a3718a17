"""The JSON API benchmark's passes (bench/opendata/api.py), on the site benchmark's
collection at its smallest: each sees every published object. Nothing is timed here."""

import pytest
from django.db import connection
from django.test import Client

from bench.opendata.api import figures_of, page_through, select_baseline
from bench.site.dataset import generate
from collection.models import Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(media_root, settings):
    settings.API_RATE = "1000000/s"
    with connection.cursor() as cursor:
        return generate(cursor, 300, media_root)


def test_each_pass_sees_every_published_object(data):
    published = Item.objects.published().count()

    objects, pages, seconds = page_through(Client(), 100)
    cached = page_through(Client(), 100)
    selected, _seconds = select_baseline()

    assert objects == cached[0] == selected == published == data["published_objects"]
    assert pages == cached[1] == 3
    assert figures_of(objects, pages, seconds)["objects"] == 300


def test_a_page_that_fails_stops_the_pass(data, settings):
    settings.API_RATE = "1/day"
    with pytest.raises(RuntimeError, match="429"):
        page_through(Client(), 1)
