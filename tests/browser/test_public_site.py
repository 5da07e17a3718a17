"""The public site in Chromium: search, filters, the language switch, the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from collection.models import Item, Kind
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PlaceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def museum():
    """A few published objects, a draft, a place; the page cache emptied (its table
    outlives the flush between live-server tests)."""
    kham_thien = ItemFactory(
        title_vi="Phố Khâm Thiên sau trận bom",
        title_en="Khâm Thiên Street after the bombing",
        kind=Kind.PHOTOGRAPH,
        date_text="27/12/1972",
    )
    ImageFactory(
        item=kham_thien, alt_text_en="Ruined houses along a street", alt_text_vi="Nhà đổ nát"
    )
    CreatorFactory(item=kham_thien)
    ItemPlaceFactory(
        item=kham_thien, place=PlaceFactory(name_vi="Khâm Thiên", name_en="Kham Thien")
    )
    letter = ItemFactory(
        title_vi="Thư gửi mẹ", title_en="Letter to a mother", kind=Kind.DOCUMENT, date_text="1973"
    )
    ItemFactory(title_en="Khâm Thiên draft", draft=True)
    update_search_documents(Item.objects.all())
    invalidate_public_pages()
    return {"kham_thien": kham_thien, "letter": letter}


def card_titles(page):
    return page.locator(".card__title").all_inner_texts()


def test_home_page_has_a_skip_link_first(page, museum):
    page.goto("/vi/")
    assert page.locator("main h1").inner_text() == "Bảo tàng"  # the museum, not yet named
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"


def test_search_for_kham_thien_without_accents_finds_the_photograph(page, museum):
    page.goto("/vi/")
    page.get_by_role("searchbox").fill("kham thien")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/vi/search/\?q=kham\+thien"))
    assert card_titles(page) == ["Phố Khâm Thiên sau trận bom"]


def test_a_filter_narrows_the_grid(page, museum):
    page.goto("/en/collection/")
    assert len(card_titles(page)) == 2

    page.get_by_label("Kind").select_option("document")
    page.get_by_role("button", name="Show objects").click()

    expect(page).to_have_url(re.compile(r"kind=document"))
    assert card_titles(page) == ["Letter to a mother"]
    expect(page.get_by_text("1 object", exact=True)).to_be_visible()


def test_the_language_switch_stays_on_the_same_page(page, museum):
    item = museum["kham_thien"]
    page.goto(f"/vi/collection/objects/{item.pk}/")
    expect(page.locator("h1")).to_have_text("Phố Khâm Thiên sau trận bom")

    page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(rf"/en/collection/objects/{item.pk}/$"))
    expect(page.locator("h1")).to_have_text("Khâm Thiên Street after the bombing")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_gallery_works_by_keyboard_alone(page, museum):
    page.goto("/en/collection/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")  # to the main content
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('card__link')"):
            break
    else:
        pytest.fail("no object card could be reached with the Tab key")
    # The focus is visible: an outline is drawn around the focused card.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/collection/objects/\d+/$"))


def test_filters_work_by_keyboard_alone(page, museum):
    page.goto("/en/collection/")
    page.get_by_label("Kind").focus()
    page.keyboard.press("ArrowDown")  # a closed <select> changes with the arrow keys
    page.get_by_role("button", name="Show objects").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"kind=artifact"))


@pytest.mark.parametrize("path", ["/vi/", "/en/collection/", "OBJECT"])
def test_pages_fit_a_320_pixel_screen(browser, live_server, museum, path):
    if path == "OBJECT":
        path = museum["kham_thien"].get_absolute_url()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
