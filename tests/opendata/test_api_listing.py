"""The object list's pages, written by PostgreSQL (opendata.api.listing), are the bytes
django-ninja writes from ``summary()`` through the ``ObjectPage`` schema: the same
texts, escapes, timestamps, thumbnails and addresses, on disk and in a bucket."""

import datetime
import json

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from collection.models import Image, Item, Kind
from opendata.api.objects import ORDERS, list_queryset, summary, with_primary_images
from opendata.api.schemas import ObjectPage
from opendata.api.shaping import Links
from tests.collection.factories import ImageFactory, ItemFactory
from tests.opendata.api_records import API

pytestmark = pytest.mark.django_db

AWKWARD = 'Quote " backslash \\ tab\tline\nreturn\r bell\x07 esc\x1b del\x7f Hà Nội 河内 😀'


class VersionedStorage(FileSystemStorage):
    """A storage whose addresses are not the name appended to a base."""

    def url(self, name):
        return super().url(name) + "?v=2"


@pytest.fixture
def varied():
    """Objects with every shape an entry takes: texts needing escapes, empty and null
    languages, dates and none, times with and without microseconds, images primary or
    not, without web copies, and with a name the storage must quote."""
    moments = [
        datetime.datetime(2024, 5, 17, 8, 30, 0, tzinfo=datetime.UTC),
        datetime.datetime(2024, 5, 17, 8, 30, 0, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2024, 5, 17, 8, 30, 0, 500, tzinfo=datetime.UTC),
        datetime.datetime(1999, 12, 31, 23, 59, 59, 123456, tzinfo=datetime.UTC),
    ]
    items = [
        ItemFactory(title_vi=AWKWARD, title_en=""),
        ItemFactory(title_vi="", title_en=None, date_text="18/12/1972", kind=Kind.DOCUMENT),
        ItemFactory(title_en=AWKWARD, date_text="khoảng 1968", kind=Kind.ARTIFACT),
        ItemFactory(date_text="1975-1980"),
        ItemFactory(date_text=""),
    ]
    ImageFactory(item=items[0], is_primary=False, position=2, alt_text_vi=AWKWARD)
    ImageFactory(item=items[0], is_primary=False, position=1, alt_text_en="")
    ImageFactory(item=items[2], is_primary=True, position=3)
    ImageFactory(item=items[2], is_primary=False, position=0)
    without_copies = ImageFactory(item=items[3])
    Image.objects.filter(pk=without_copies.pk).update(display="")
    odd = ImageFactory(item=items[4])
    Image.objects.filter(pk=odd.pk).update(thumbnail="derivatives/Ảnh gốc #1 (1).webp")
    for item, moment in zip(items, moments * 2, strict=False):
        Item.objects.filter(pk=item.pk).update(updated_at=moment)
    ItemFactory(draft=True)
    return items


def expected_page(rows, following):
    """The page as django-ninja writes it from summary() and the ObjectPage schema."""
    links = Links(RequestFactory().get("/"))
    page = {"results": [summary(item, links) for item in with_primary_images(rows)]}
    dumped = ObjectPage.model_validate(page | {"next": following}).model_dump()
    return json.dumps(dumped, cls=NinjaJSONEncoder, ensure_ascii=False).encode()


def every_page_matches(client, limit, sort="number", kind=None):
    """Pages through the list, checking each body against the pydantic path's."""
    listed = list_queryset() if kind is None else list_queryset().filter(kind=kind)
    ordered = list(ORDERS[sort].apply(listed))
    query = f"limit={limit}&sort={sort}" + (f"&kind={kind}" if kind else "")
    address, start, pages = f"{API}/objects?{query}", 0, 0
    while address:
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        following = json.loads(response.content)["next"]
        assert response.content == expected_page(ordered[start : start + limit], following)
        start, pages, address = start + limit, pages + 1, following
    assert start >= len(ordered) == listed.count()
    return pages


@pytest.mark.usefixtures("no_page_cache")
def test_each_page_is_the_schemas_answer_byte_for_byte(client, varied):
    # The default list (its query compiled once), then the others (built per request).
    assert every_page_matches(client, 2) == 3
    assert every_page_matches(client, 100) == 1
    assert every_page_matches(client, 2, sort="date") == 3
    assert every_page_matches(client, 2, sort="-date") == 3
    assert every_page_matches(client, 1, kind=Kind.PHOTOGRAPH) == 3


@pytest.mark.usefixtures("no_page_cache")
def test_the_escapes_and_times_read_back_as_stored(client, varied):
    results = json.loads(client.get(f"{API}/objects?limit=100").content)["results"]

    by_id = {result["id"]: result for result in results}
    assert by_id[varied[0].pk]["title"] == {"vi": AWKWARD, "en": None}
    assert by_id[varied[1].pk]["title"] == {"vi": None, "en": None}
    assert by_id[varied[1].pk]["updated_at"] == "2024-05-17T08:30:00.999Z"
    assert by_id[varied[2].pk]["updated_at"] == "2024-05-17T08:30:00.000Z"
    assert by_id[varied[3].pk]["thumbnail"] is None
    assert by_id[varied[4].pk]["thumbnail"]["url"].endswith(
        "/media/derivatives/%E1%BA%A2nh%20g%E1%BB%91c%20%231%20(1).webp"
    )


@pytest.mark.usefixtures("no_page_cache")
def test_a_storage_writing_its_own_addresses_writes_every_thumbnails(client, varied, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.VersionedStorage"},
    }
    assert every_page_matches(client, 100) == 1
    results = json.loads(client.get(f"{API}/objects?limit=100").content)["results"]
    assert all(r["thumbnail"]["url"].endswith("?v=2") for r in results if r["thumbnail"])


@pytest.mark.usefixtures("no_page_cache")
def test_thumbnails_in_a_bucket_are_the_sites_addresses(client, varied, bucket):
    assert every_page_matches(client, 3) == 2
    results = json.loads(client.get(f"{API}/objects?limit=100").content)["results"]
    assert sum(1 for result in results if result["thumbnail"]) == 3


def test_cursor_pages_are_not_kept_by_the_page_cache_and_the_first_is(client, varied):
    first = client.get(f"{API}/objects?limit=2")
    following = json.loads(first.content)["next"]
    assert "no-store" not in first["Cache-Control"]
    assert client.get(following)["Cache-Control"] == "no-store, public, no-cache"

    # The first page again, from the page cache: no query.
    with CaptureQueriesContext(connection) as cached:
        assert client.get(f"{API}/objects?limit=2").content == first.content
    # The second page again, written afresh: its one query (the page's entries).
    with CaptureQueriesContext(connection) as written:
        assert client.get(following).status_code == 200
    assert (len(cached), len(written)) == (0, 1)
