"""A curator finds an earlier title in an object's History and reverts to it, in Chromium."""

import pytest

from collection.models import Item
from tests.browser.csp import PolicyWatch
from tests.collection.factories import ItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_sees_the_old_title_in_the_history_and_reverts_it(page, curator):
    item = ItemFactory(title_en="Kham Thien Street, 27 December 1972")
    Item.objects.filter(pk=item.pk).update(title_en="A wrong title")
    watch = PolicyWatch(page)

    page.goto(f"/admin/login/?next=/admin/collection/item/{item.pk}/change/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.click("a.historylink")

    newest = page.locator("tr.history-version").first
    assert "Kham Thien Street, 27 December 1972" in newest.locator("del").all_inner_texts()
    assert "A wrong title" in newest.locator("ins").all_inner_texts()
    page.locator("tr.history-version").nth(1).get_by_role("link", name="Revert").click()
    assert "A wrong title" in page.locator("table.history-changes").inner_text()
    page.click("input[type=submit]")

    page.wait_for_selector(".messagelist .success")
    assert Item.objects.get(pk=item.pk).title_en == "Kham Thien Street, 27 December 1972"
    assert page.locator("tr.history-version").count() == 3  # the revert is on the page too
    assert watch.violations() == []
