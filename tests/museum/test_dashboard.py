"""The collection dashboard on the admin's index (museum.dashboard): its figures are the
database's, each of its links lists exactly the objects it counts, it is read in a few
queries, and only staff who may see the objects get it."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from lxml import html

from collection.models import ImportJob, ImportRecord, Item
from core.cache import invalidate_public_pages
from museum import dashboard
from tests.collection.factories import ImageFactory, ItemFactory
from tests.collection.spreadsheets.helpers import staff

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def curator(client, roles):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("Curator"))
    return client


@pytest.fixture
def collection():
    """Objects with and without each gap, of every kind and status, over three decades."""
    complete = {
        "title_vi": "Phố Khâm Thiên",
        "title_en": "Kham Thien Street",
        "description_vi": "Mô tả.",
        "description_en": "A description.",
        "rights": "CC BY 4.0",
    }
    made = {
        "complete": ItemFactory(**complete, date_text="1972"),
        "no_date": ItemFactory(**{**complete, "kind": "document"}, date_text=""),
        "undated": ItemFactory(**{**complete, "kind": "artifact"}, date_text="undated"),
        "no_title_vi": ItemFactory(**{**complete, "title_vi": None}, date_text="1965"),
        "blank_title_vi": ItemFactory(**{**complete, "title_vi": ""}, draft=True),
        "no_title_en": ItemFactory(**{**complete, "title_en": ""}, date_text="1968-1972"),
        "no_description_vi": ItemFactory(**{**complete, "description_vi": ""}),
        "no_description_en": ItemFactory(**{**complete, "description_en": None}, draft=True),
        "no_rights": ItemFactory(**{**complete, "rights": ""}, date_text="circa 1985"),
    }
    for name in ("complete", "no_date", "no_title_en"):
        ImageFactory(item=made[name])
    ImageFactory(item=made["complete"], is_primary=False)  # two images count once
    return made


def page_of(client, language="en"):
    response = client.get(INDEX, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def gap_rows(page):
    return {
        row.get("id").removeprefix("gap-"): (
            int(row.find_class("gap-count")[0].text_content()),
            (row.xpath(".//a/@href") or [None])[0],
        )
        for row in page.xpath("//tr[starts-with(@id, 'gap-')]")
    }


def listed(client, url):
    """The objects the change list at ``url`` shows, all of them (one page is enough)."""
    response = client.get(url)
    assert response.status_code == 200, url
    changelist = response.context["cl"]
    assert changelist.result_count == len(changelist.result_list)
    return set(changelist.result_list)


def test_the_gap_counts_are_the_database_and_their_links_list_exactly_those_objects(
    curator, collection
):
    expected = {
        "image": set(Item.objects.exclude(images__isnull=False)),
        "date": {collection["no_date"], collection["undated"]},
        "title_vi": {collection["no_title_vi"], collection["blank_title_vi"]},
        "title_en": {collection["no_title_en"]},
        "description_vi": {collection["no_description_vi"]},
        "description_en": {collection["no_description_en"]},
        "rights": {collection["no_rights"]},
    }
    assert len(expected["image"]) == 6

    rows = gap_rows(page_of(curator))

    assert {name: count for name, (count, _url) in rows.items()} == {
        name: len(items) for name, items in expected.items()
    }
    for name, (_count, url) in rows.items():
        assert listed(curator, url) == expected[name], name


def test_the_charts_count_kinds_statuses_and_decades_and_link_to_their_lists(curator, collection):
    page = page_of(curator)

    def table(key):
        rows = page.xpath(f"//div[contains(@class, 'dashboard-card--{key}')]//tbody/tr")
        return {
            row.xpath("th")[0].text_content().strip(): (
                int(row.xpath("td")[0].text_content()),
                (row.xpath("th/a/@href") or [None])[0],
            )
            for row in rows
        }

    kinds, statuses, decades = table("kind"), table("status"), table("decade")
    assert {label: count for label, (count, _url) in kinds.items()} == {
        "Artifact": 1,
        "Photograph": 7,
        "Document": 1,
    }
    assert {label: count for label, (count, _url) in statuses.items()} == {
        "Draft": 2,
        "Published": 7,
    }
    # "1968-1972" is in the 1960s and the 1970s, as the change list's decade filter says.
    assert {label: count for label, (count, _url) in decades.items()} == {
        "1960s": 2,
        "1970s": 5,
        "1980s": 1,
    }
    for rows in (kinds, statuses, decades):
        for _label, (count, url) in rows.items():
            assert len(listed(curator, url)) == count, url
    # Each chart's SVG is for the eye only; its table is what a screen reader reads.
    for svg in page.xpath("//svg[contains(@class, 'dashboard-svg')]"):
        assert svg.get("aria-hidden") == "true"
    assert not page.xpath("//*[@style]")  # the CSP allows no inline style


def test_the_dashboard_is_bilingual(curator, collection):
    vietnamese = page_of(curator, "vi").text_content()
    english = page_of(curator, "en").text_content()

    assert "Cataloguing gaps" in english
    assert "Without a Vietnamese title" in english
    assert "Thông tin biên mục còn thiếu" in vietnamese
    assert "Không có tên tiếng Việt" in vietnamese
    assert "thập niên 1970" in vietnamese


def test_recent_imports_and_changes_are_listed(curator, collection):
    ImportRecord.objects.create(file_name="catalogue-1972.xlsx", created_count=12)
    ImportJob.objects.create(file_name="waiting.xlsx", state=ImportJob.State.CHECKED)
    ImportJob.objects.create(file_name="finished.xlsx", state=ImportJob.State.DONE)
    item = collection["complete"]
    curator.post(
        reverse("admin:collection_item_changelist"),
        {
            "action": "bulk_set_condition",
            "index": "0",
            "_selected_action": [item.pk],
            "condition": "good",
            "apply": "1",
        },
    )

    page = page_of(curator)
    imports = page.xpath("//div[contains(@class, 'dashboard-card--imports')]")[0].text_content()
    changes = page.xpath("//div[contains(@class, 'dashboard-card--changes')]")[0].text_content()

    assert "catalogue-1972.xlsx" in imports
    assert "waiting.xlsx" in imports
    assert "finished.xlsx" not in imports  # done: it is the record above
    assert "Bulk edit of 1 object: set the condition" in changes
    assert "curator" in changes


def test_staff_who_may_not_see_objects_get_no_dashboard(client):
    user = User.objects.create_user("events", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)
    ItemFactory()

    page = page_of(client)

    assert not page.find_class("collection-dashboard")
    assert page.get_element_by_id("content-main") is not None  # the app list stays


def test_staff_who_may_only_view_objects_get_the_figures_not_the_imports(client):
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)
    ItemFactory(rights="")

    page = page_of(client)

    assert gap_rows(page)["rights"][0] == 1
    assert not page.find_class("dashboard-card--imports")
    assert page.find_class("dashboard-card--changes")  # of the objects, which they may see


def test_the_figures_are_kept_a_minute_or_until_the_content_changes(
    curator, collection, monkeypatch
):
    assert gap_rows(page_of(curator))["rights"][0] == 1
    ItemFactory(rights="")  # straight into the database: no change seen by the cache

    assert gap_rows(page_of(curator))["rights"][0] == 1
    now = dashboard.time.time()
    monkeypatch.setattr(dashboard.time, "time", lambda: now + dashboard.FIGURES_SECONDS)
    assert gap_rows(page_of(curator))["rights"][0] == 2
    ItemFactory(rights="")
    invalidate_public_pages()  # as every change through the admin or an import does
    assert gap_rows(page_of(curator))["rights"][0] == 3


def test_an_empty_collection_says_so(curator):
    page = page_of(curator)

    assert "0 objects in the collection" in page.text_content()
    assert "No objects yet." in page.text_content()


def test_the_index_runs_a_few_queries_whatever_the_size_of_the_collection(
    curator, django_assert_num_queries
):
    def build(count):
        for index in range(count):
            item = ItemFactory(date_text=f"{1900 + index * 7}", rights="" if index % 2 else "CC0")
            if index % 3:
                ImageFactory(item=item)
        ImportRecord.objects.create(file_name=f"import-{count}.csv")
        ImportJob.objects.create(file_name=f"job-{count}.csv", state=ImportJob.State.QUEUED)

    # Session, user, the user's and the group's permissions (4); Django's recent actions
    # of the user (1); the figures: one pass over the objects, the objects with images,
    # the decades (3); the latest imports, the imports under way, the latest change sets
    # with who made them and what they changed (3).
    build(3)
    with django_assert_num_queries(11):
        curator.get(INDEX)
    invalidate_public_pages()
    build(30)
    with django_assert_num_queries(11):
        response = curator.get(INDEX)
    assert "33 objects in the collection" in response.content.decode()
    # Within the minute, the figures come from the cache.
    with django_assert_num_queries(8):
        curator.get(INDEX)


def test_count_figures_reads_the_collection_in_three_queries(collection, django_assert_num_queries):
    with django_assert_num_queries(3):
        counts = dashboard.count_figures()

    assert counts["total"] == 9
    assert counts["gaps"]["image"] == 6
    assert counts["decades"] == [(1960, 2), (1970, 5), (1980, 1)]
