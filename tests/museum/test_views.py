import datetime

import pytest
from django.db import connection
from django.utils import timezone

from collection.models import Item
from core.models import Status
from events.models import Event
from exhibitions.models import Exhibition
from museum.views import featured_items
from tests.collection.factories import ImageFactory, ItemFactory
from tests.public import all_sitemaps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def exhibition(title, status=Status.PUBLISHED, **dates):
    slug = title.lower().replace(" ", "-")
    return Exhibition.objects.create(title_en=title, slug=slug, status=status, **dates)


def event(title, days_from_now, status=Status.PUBLISHED):
    starts = timezone.now() + datetime.timedelta(days=days_from_now)
    return Event.objects.create(
        title_en=title,
        slug=title.lower().replace(" ", "-"),
        status=status,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def test_home_shows_exhibitions_objects_and_upcoming_events(client):
    today = timezone.localdate()
    exhibition(
        "Hanoi 1972",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )
    exhibition("Secret show", status=Status.DRAFT)
    ImageFactory(item=ItemFactory(title_en="Khâm Thiên Street"))
    ItemFactory(title_en="Draft object", draft=True)
    event("Curator talk", days_from_now=5)
    event("Last year's opening", days_from_now=-400)
    event("Draft workshop", days_from_now=3, status=Status.DRAFT)

    html = client.get("/en/").content.decode()

    assert "Hanoi 1972" in html
    assert "On view now" in html
    assert "Khâm Thiên Street" in html
    assert "Curator talk" in html
    for hidden in ("Secret show", "Draft object", "Last year's opening", "Draft workshop"):
        assert hidden not in html


def test_home_query_count_is_constant(client, django_assert_num_queries):
    def render():
        # 1. exhibitions with their hero images  2. featured objects  3. their first
        # images  4. upcoming events
        with django_assert_num_queries(4):
            assert client.get("/vi/").status_code == 200

    ImageFactory(item=ItemFactory())
    exhibition("One")
    event("One event", 1)
    render()
    for n in range(10):
        ImageFactory(item=ItemFactory())
        exhibition(f"More {n}")
        event(f"Event {n}", n + 2)
    render()


def test_the_featured_objects_are_read_backwards_along_an_index_without_a_sort():
    Item.objects.bulk_create(ItemFactory.build(draft=n % 3 == 0) for n in range(2000))
    sql, params = featured_items()[:8].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE collection_item")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Scan Backward using opendata_published_item_datestamp" in plan
    assert "Sort" not in plan


def test_pages_are_served_under_both_language_prefixes(client):
    vi = client.get("/vi/")
    en = client.get("/en/")

    assert vi["Content-Language"] == "vi"
    assert '<html lang="vi">' in vi.content.decode()
    assert '<html lang="en">' in en.content.decode()
    assert "Bỏ qua" in vi.content.decode()  # the skip link, translated
    assert "Skip to content" in en.content.decode()


def test_language_links_point_to_the_same_page_with_hreflang(client):
    item = ItemFactory()
    html = client.get(f"/en/collection/objects/{item.pk}/?x=1").content.decode()

    assert (
        f'<link rel="alternate" hreflang="vi" href="http://testserver/vi/collection/objects/{item.pk}/?x=1">'
        in html
    )
    assert f'href="/vi/collection/objects/{item.pk}/?x=1" hreflang="vi" lang="vi"' in html
    assert 'hreflang="en" lang="en" aria-current="true"' in html


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_published_exhibitions_and_events_only(client):
    exhibition("Shown")
    exhibition("Hidden", status=Status.DRAFT)
    event("Open day", 3)
    event("Secret", 3, status=Status.DRAFT)
    xml = all_sitemaps(client)

    assert "/vi/exhibitions/shown/" in xml
    assert "/en/exhibitions/shown/" in xml
    assert "/events/open-day/" in xml
    assert "hidden" not in xml
    assert "secret" not in xml
