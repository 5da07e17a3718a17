"""Pages of published objects (collection.pagination): every object once, in order; the
count remembered until the collection changes; a deep page's ids read from the index."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from collection.filters import SORTS
from collection.models import Item
from collection.pagination import CollectionPaginator
from core.cache import invalidate
from tests.collection.factories import ItemFactory

pytestmark = pytest.mark.django_db


def published():
    return Item.objects.published().for_gallery().order_by(*SORTS["number"])


def test_the_pages_hold_every_published_object_once_in_catalogue_order():
    for number in range(23):
        ItemFactory(accession_number=f"A.{number:03d}", draft=number % 5 == 0)
    paginator = CollectionPaginator(published(), 4, orphans=1)

    pages = [paginator.page(n) for n in paginator.page_range]
    seen = [item.accession_number for page in pages for item in page]

    expected = list(published().values_list("accession_number", flat=True))
    assert seen == expected
    assert paginator.count == len(expected) == 18
    assert len(pages[-1]) == 2  # 18 = 4 x 4 + 2, and an orphan of 1 would have joined
    assert all(item.primary_images == [] for item in pages[0])  # the card's prefetch


def test_the_count_is_remembered_until_an_object_changes():
    ItemFactory.create_batch(3)

    def counts_run():
        with CaptureQueriesContext(connection) as queries:
            count = CollectionPaginator(published(), 2).count
        return count, sum("COUNT(" in q["sql"] for q in queries.captured_queries)

    assert counts_run() == (3, 1)
    assert counts_run() == (3, 0)
    added = ItemFactory()
    invalidate([added])
    assert counts_run() == (4, 1)


def vacuumed_plan(queryset):
    """The plan of ``queryset`` as on a real collection (and in the bench): statistics
    known, the pages vacuumed, and no sequential scan or sort unless nothing else can
    answer. Without VACUUM the planner's costs of two indexes were close enough for it to
    choose either (the unique one, in a full run)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE collection_item")  # outside a transaction
        with transaction.atomic():
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
def test_a_deep_pages_ids_come_from_the_public_order_index():
    # Enough rows, a third of them drafts, for the plans' costs to tell the indexes apart.
    Item.objects.bulk_create(
        ItemFactory.build(accession_number=f"B.{n:05d}", draft=n % 3 == 0) for n in range(3000)
    )
    plan = vacuumed_plan(published().values_list("pk", flat=True)[1500:1524])

    assert "Index Only Scan using collection_item_public_order" in plan


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.parametrize(("sort", "index"), [("date", "oldest"), ("-date", "newest")])
def test_the_date_orders_are_read_from_their_indexes(sort, index):
    def dated(n):
        year = datetime.date(1900 + n % 100, 1, 1)
        return ItemFactory.build(
            date_text=str(year.year), date_earliest=year, date_latest=year, draft=n % 3 == 0
        )

    Item.objects.bulk_create(dated(n) for n in range(3000))
    plan = vacuumed_plan(published().order_by(*SORTS[sort]).values_list("pk", flat=True)[1500:1524])

    # Read in order from the index, no sort of every published object.
    assert f"Index Only Scan using collection_item_public_{index}" in plan
    assert "Sort" not in plan


@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_deep_page_by_title_is_read_from_its_languages_index(language):
    Item.objects.bulk_create(
        ItemFactory.build(title_vi=f"Ảnh {n:05d}", title_en=f"Photo {n:05d}", draft=n % 3 == 0)
        for n in range(3000)
    )
    with translation.override(language):
        ids = published().order_by(*SORTS["title"]).values_list("pk", flat=True)[1500:1524]
        plan = vacuumed_plan(ids)

    assert f"Index Only Scan using collection_item_pub_title_{language}" in plan
    assert "Sort" not in plan
