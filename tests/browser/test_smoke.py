import pytest

pytestmark = pytest.mark.browser


def test_home_page_renders_in_chromium(page):
    page.goto("/vi/")
    assert page.locator("main h1").inner_text() == "Vitrine"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
