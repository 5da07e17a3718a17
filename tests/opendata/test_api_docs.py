"""The API's interactive documentation (Swagger UI) in Chromium, under the site's
Content-Security-Policy: its scripts and styles are django-ninja's own static files."""

import pytest
from playwright.sync_api import expect

from tests.browser.csp import PolicyWatch
from tests.collection.factories import ItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_the_operations_and_tries_one_without_policy_violations(page):
    ItemFactory(title_en="Khâm Thiên Street", title_vi="Phố Khâm Thiên")
    watch = PolicyWatch(page)

    page.goto("/api/v1/docs")

    operation = page.locator("#operations-objects-listObjects")
    expect(operation).to_be_visible()
    expect(page.locator("#operations-exhibitions-getExhibition")).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Execute").click()
    expect(operation.locator(".responses-wrapper")).to_contain_text("Phố Khâm Thiên")
    assert watch.violations() == []
