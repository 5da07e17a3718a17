"""The deep-zoom viewer of an object's page, in Chromium: OpenSeadragon over the image's
IIIF level 0 tiles, by keyboard, and the plain image without scripts."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from collection.tiles import make_image_tiles
from tests.browser.axe import AXE_OPTIONS
from tests.browser.csp import PolicyWatch
from tests.collection.factories import ImageFactory, uploaded_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A tile at full resolution: 512 pixels of the image drawn as 512.
FULL_RESOLUTION_TILE = re.compile(r"/iiif/image/\d+/\d+,\d+,512,512/512,512/0/default\.jpg$")


@pytest.fixture
def tiled():
    image = ImageFactory(original=uploaded_image(width=3000, height=2000))
    make_image_tiles(image.pk)
    return image


def test_the_viewer_loads_tiles_and_zooms_in_with_the_keyboard(page, tiled):
    watch = PolicyWatch(page)
    tiles = []
    page.on("request", lambda request: "/iiif/image/" in request.url and tiles.append(request.url))

    page.goto(tiled.item.get_absolute_url().replace("/vi/", "/en/"))

    viewer = page.locator(".deep-zoom")
    expect(viewer).to_be_visible()
    expect(page.get_by_text("Deep zoom", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Full screen")).to_be_visible()
    expect(page.locator("[data-deep-zoom-plain] img")).to_be_hidden()
    # Not wait_for_function: Playwright runs its predicate through eval, which the
    # site's Content-Security-Policy refuses.
    page.locator(".deep-zoom__viewer canvas").first.wait_for(state="attached")
    page.wait_for_timeout(500)
    assert any(url.endswith(".jpg") for url in tiles)
    assert not any(FULL_RESOLUTION_TILE.search(url) for url in tiles)

    page.get_by_role("application", name="Deep zoom").focus()
    # Held down, + zooms in steadily.
    page.keyboard.down("Equal")
    page.wait_for_timeout(2500)
    page.keyboard.up("Equal")

    page.wait_for_timeout(1500)
    assert any(FULL_RESOLUTION_TILE.search(url) for url in tiles)
    assert watch.violations() == []


def test_without_scripts_the_plain_image_is_shown(browser, live_server, tiled):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(tiled.item.get_absolute_url())

    expect(page.locator("[data-deep-zoom-plain] img")).to_be_visible()
    expect(page.locator(".deep-zoom")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_viewer_meets_the_axe_bar_of_every_page(page, tiled, language):
    page.goto(tiled.item.get_absolute_url().replace("/vi/", f"/{language}/"))
    # Not wait_for_function: Playwright runs its predicate through eval, which the
    # site's Content-Security-Policy refuses.
    page.locator(".deep-zoom__viewer canvas").first.wait_for(state="attached")

    results = Axe().run(page, options=AXE_OPTIONS)

    assert not results.violations_count, results.generate_report()
