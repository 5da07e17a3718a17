"""A curator's working day in Chromium at 1,366 × 900: a bulk edit of a whole page of
fifty objects, a person added through the autocomplete, and the dashboard whose gap
counts are the database's and whose links list exactly those objects."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from collection.models import Creator, Item
from core.history.versions import version_model
from core.models import ChangeSet
from tests.browser.axe import AXE_OPTIONS
from tests.browser.csp import PolicyWatch
from tests.collection.factories import ImageFactory, ItemFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def wide_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def keeps_to_the_policy_and_passes_axe(page, watch, where):
    """No CSP violation so far, then none of axe's. axe-core adds styles of its own,
    which the policy refuses: its reports are set aside once it has run."""
    assert watch.violations() == [], where
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, f"{where}:\n{results.generate_report()}"
    page.evaluate("window.__cspViolations = []")
    watch.console.clear()


def fits_the_window(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_curator_sets_the_condition_of_a_whole_page_of_fifty_objects(wide_page, curator):
    page = wide_page
    fifty = [ItemFactory(accession_number=f"BULK.{n:03d}") for n in range(50)]
    rest = [ItemFactory(accession_number=f"ZZZ.{n}", condition="poor") for n in range(3)]
    for item in fifty[:4]:
        Item.objects.filter(pk=item.pk).update(condition="good")
    watch = PolicyWatch(page)

    sign_in(page, "/admin/collection/item/")
    page.check("#action-toggle")  # every object of the page: list_per_page is 50
    assert page.locator("input.action-select:checked").count() == 50
    page.select_option("select[name=action]", "bulk_set_condition")
    page.click("button[name=index]")

    assert "50 objects selected." in page.locator("#bulk-edit-selection").inner_text()
    assert fits_the_window(page)
    keeps_to_the_policy_and_passes_axe(page, watch, "the bulk edit's value")
    page.select_option("#id_condition", "good")
    page.click("input[name=preview]")

    assert page.locator("#bulk-edit-changing").inner_text() == "46"
    assert page.locator("#bulk-edit-unchanged").inner_text() == "4"
    assert "Not assessed" in page.locator("#bulk-edit-earlier").inner_text()
    keeps_to_the_policy_and_passes_axe(page, watch, "the confirmation")
    page.click("input[name=apply]")

    message = page.locator(".messagelist .success").inner_text()
    assert message == "Set the condition: 46 objects changed. 4 already had it."
    assert set(
        Item.objects.filter(pk__in=[i.pk for i in fifty]).values_list("condition", flat=True)
    ) == {"good"}
    assert set(
        Item.objects.filter(pk__in=[i.pk for i in rest]).values_list("condition", flat=True)
    ) == {"poor"}
    (change_set,) = ChangeSet.objects.filter(metadata__has_key="bulk_edit")
    assert change_set.metadata["bulk_edit"] == {"edit": "set_condition", "count": 46}
    assert version_model(Item).objects.filter(pgh_context=change_set).count() == 46
    assert watch.violations() == []


def test_curator_adds_a_photographer_through_the_autocomplete(wide_page, curator):
    page = wide_page
    items = [ItemFactory() for _ in range(2)]
    person = PersonFactory(name="Chu Chí Thành")
    watch = PolicyWatch(page)

    sign_in(page, "/admin/collection/item/")
    for item in items:
        page.check(f"input.action-select[value='{item.pk}']")
    page.select_option("select[name=action]", "bulk_add_person")
    page.click("button[name=index]")
    page.click("#id_person + .select2 .select2-selection")
    page.fill(".select2-search__field", "chu chi")
    page.click(".select2-results__option:has-text('Chu Chí Thành')")
    page.select_option("#id_role", "photographer")
    page.click("input[name=preview]")
    assert page.locator("#bulk-edit-value").inner_text() == "Chu Chí Thành · Photographer"
    page.click("input[name=apply]")

    page.wait_for_selector(".messagelist .success")
    links = Creator.objects.filter(person=person, role="photographer")
    assert sorted(links.values_list("item_id", flat=True)) == sorted(i.pk for i in items)
    assert watch.violations() == []


def changelist_ids(page):
    """The ids of the objects the change list shows, and the count it says it has."""
    ids = {
        int(v)
        for v in page.locator("input.action-select").evaluate_all(
            "boxes => boxes.map(box => box.value)"
        )
    }
    said = page.locator(".paginator").inner_text()
    return ids, int(re.search(r"(\d+) objects?", said).group(1))


def test_the_dashboards_gaps_are_the_databases_and_lead_to_exactly_those_objects(
    wide_page, curator
):
    page = wide_page
    complete = {
        "title_vi": "Phố Khâm Thiên",
        "title_en": "Kham Thien Street",
        "description_vi": "Ảnh chụp.",
        "description_en": "A photograph.",
        "rights": "CC BY 4.0",
    }
    gaps = {
        "image": {ItemFactory(**complete)},
        "date": {
            ItemFactory(**complete, date_text=""),
            ItemFactory(**complete, date_text="undated"),
        },
        "title_vi": {ItemFactory(**{**complete, "title_vi": ""})},
        "title_en": {
            ItemFactory(**{**complete, "title_en": ""}),
            ItemFactory(**{**complete, "title_en": None}),
        },
        "description_vi": {ItemFactory(**{**complete, "description_vi": ""})},
        "description_en": {ItemFactory(**{**complete, "description_en": ""}, kind="document")},
        "rights": {ItemFactory(**{**complete, "rights": ""}, date_text="1968-1975", draft=True)},
    }
    for name, items in gaps.items():
        if name != "image":
            for item in items:
                ImageFactory(item=item)
    for _ in range(3):
        ImageFactory(item=ItemFactory(**complete))
    watch = PolicyWatch(page)

    sign_in(page, "/admin/")
    assert fits_the_window(page)
    keeps_to_the_policy_and_passes_axe(page, watch, "the index with its dashboard")
    shown = {name: int(page.locator(f"#gap-{name} .gap-count").inner_text()) for name in gaps}
    assert shown == {name: len(items) for name, items in gaps.items()}
    for name, items in gaps.items():
        page.goto("/admin/")
        with page.expect_navigation():
            page.locator(f"#gap-{name} a").click()
        ids, count = changelist_ids(page)
        assert ids == {item.pk for item in items}, name
        assert count == len(items), name
    # A chart's link too: the decades the rights-less object's range touches.
    page.goto("/admin/")
    with page.expect_navigation():
        page.locator(".dashboard-card--decade a", has_text="1960s").click()
    assert changelist_ids(page)[0] == {i.pk for i in gaps["rights"]}
    assert watch.violations() == []


def test_the_dashboard_reads_in_vietnamese(browser, live_server, curator):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    watch = PolicyWatch(page)
    ItemFactory(title_vi="")

    sign_in(page, "/admin/")

    assert page.locator("#dashboard-gaps").inner_text() == "Thông tin biên mục còn thiếu"
    assert page.locator("#gap-title_vi th").inner_text() == "Không có tên tiếng Việt"
    keeps_to_the_policy_and_passes_axe(page, watch, "the dashboard in Vietnamese")
    context.close()
