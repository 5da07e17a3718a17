"""A curator finds two people who are one, merges them and undoes the merge, in Chromium
at 1,366 × 900, the curators' usual window."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from collection.models import Creator, Item, Person
from collection.search import update_search_documents
from tests.browser.axe import ADMIN_AXE_OPTIONS, WINDOW
from tests.browser.csp import PolicyWatch
from tests.collection.factories import CreatorFactory, ItemFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(browser, live_server, curator):
    """A signed-in tab in the curators' window, its admin in English."""
    client = Client()
    client.force_login(curator)
    context = browser.new_context(base_url=live_server.url, viewport=WINDOW)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {"name": name, "value": value, "url": live_server.url}
            for name, value in (
                (settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value),
                (settings.LANGUAGE_COOKIE_NAME, "en"),
            )
        ]
    )
    page = context.new_page()
    yield page
    context.close()


def check(page, watch, axe, failures):
    """No Content-Security-Policy violation, no accessibility violation, and nothing
    wider than the window."""
    failures += watch.violations()
    results = axe.run(page, options=ADMIN_AXE_OPTIONS)
    # axe's own probes set inline styles, which the policy refuses: not the page's.
    watch.console.clear()
    if results.violations_count:
        failures.append(f"{page.url}:\n{results.generate_report()}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        failures.append(f"{page.url}: {overflow} px wider than the window")


def test_a_curator_merges_two_people_and_undoes_it(tab, live_server):
    kept = PersonFactory(name="Chu Chí Thành", birth_year=1921)
    merged = PersonFactory(name="Chu Chi Thanh", variant_names=["C. C. Thành"])
    for person, titles in ((kept, ("Crossing the Thạch Hãn", "Hanoi, 1972")), (merged, ("Ruins",))):
        for title in titles:
            CreatorFactory(person=person, item=ItemFactory(title_en=title), role="photographer")
    update_search_documents(Item.objects.all())
    before = sorted(Creator.objects.values_list("id", "item_id", "person_id", "role", "position"))
    watch = PolicyWatch(tab)
    axe, failures = Axe(), []

    tab.goto("/admin/collection/person/")
    tab.get_by_role("link", name="Likely duplicates").click()
    check(tab, watch, axe, failures)
    pair = tab.locator(f'tr[data-pair="{kept.pk}-{merged.pk}"]')
    assert "the same name without accents" in pair.inner_text()
    pair.get_by_role("link", name="Merge “Chu Chí Thành” and “Chu Chi Thanh”…").click()

    # Both side by side, with their objects; the one with more of them offered to keep.
    check(tab, watch, axe, failures)
    table = tab.locator("#merge-records")
    assert "2 objects (2 published)" in table.inner_text()
    assert "1 object (1 published)" in table.inner_text()
    assert tab.get_by_label("Keep “Chu Chí Thành”").is_checked()
    tab.get_by_role("button", name="Merge").click()

    tab.wait_for_selector(".messagelist .success")
    assert "“Chu Chi Thanh” was merged into “Chu Chí Thành”." in tab.inner_text(".messagelist")
    assert Creator.objects.filter(person=kept).count() == 3
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
    assert "Chu Chi Thanh" in tab.locator("#merged-here").inner_text()
    check(tab, watch, axe, failures)
    # The old public address leads to the kept record's page.
    response = tab.request.get(f"/en/people/{merged.pk}/", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"] == f"/en/people/{kept.pk}/"

    tab.locator(".messagelist").get_by_role("link", name="Undo the merge").click()
    check(tab, watch, axe, failures)
    assert "1 link to an object goes back to it" in tab.inner_text("#undo-merge-plan")
    tab.get_by_role("button", name="Yes, undo the merge").click()

    tab.wait_for_selector(".messagelist .success")
    assert "is a record of its own again" in tab.inner_text(".messagelist")
    assert Person.objects.get(pk=merged.pk).merged_into_id is None
    assert Person.objects.get(pk=kept.pk).variant_names == []
    after = sorted(Creator.objects.values_list("id", "item_id", "person_id", "role", "position"))
    assert after == before
    assert tab.request.get(f"/en/people/{merged.pk}/", max_redirects=0).status == 200
    assert failures + watch.violations() == []
