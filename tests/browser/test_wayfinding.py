"""No dead ends, in Chromium: filter chips that remove a filter, related objects that
lead on, "did you mean" that finds what a typo missed, the filters folded on a phone."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from museum.management.commands import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_museum(monkeypatch):
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    call_command("load_demo", stdout=StringIO())


def card_titles(page):
    return page.locator(".browse__results .card__title").all_inner_texts()


def test_filter_chips_show_what_is_applied_and_remove_it(page, demo_museum):
    page.goto("/en/collection/")
    everything = len(card_titles(page))
    page.get_by_label("Place").select_option(label="Bạch Mai Hospital (2)")
    page.get_by_role("button", name="Show objects").click()

    chip = page.locator(".chip--applied")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Place: Bạch Mai Hospital")
    expect(page.locator(".filters-panel__summary")).to_have_text("Filters (1)")
    assert len(card_titles(page)) == 2
    # The kinds are counted among what the place leaves.
    expect(page.get_by_label("Kind").locator("option", has_text="Photograph")).to_have_text(
        "Photograph (2)"
    )

    chip.click()
    expect(page.locator(".chip--applied")).to_have_count(0)
    assert len(card_titles(page)) == everything


def test_related_objects_lead_to_the_same_places_photographs(page, demo_museum):
    page.goto("/en/collection/")
    page.get_by_role("link", name="Bạch Mai Hospital destroyed").click()

    # The other photograph of the hospital is in the same section: shown there, once.
    related = page.locator(".related-objects", has_text="More from the section “Confront”")
    expect(related).to_be_visible()
    expect(page.get_by_role("link", name="Opening a tunnel at Bạch Mai Hospital")).to_have_count(1)
    related.get_by_role("link", name="Opening a tunnel at Bạch Mai Hospital").click()
    expect(page.locator("h1")).to_have_text("Opening a tunnel at Bạch Mai Hospital")
    expect(page.locator(".related-objects", has_text="More by Chu Chí Thành")).to_be_visible()


def test_did_you_mean_finds_what_a_typo_missed(page, demo_museum):
    page.goto("/vi/")
    page.get_by_label("Tìm trong sưu tập").fill("kham thein")
    page.get_by_label("Tìm trong sưu tập").press("Enter")

    offer = page.locator(".did-you-mean")
    expect(offer).to_contain_text("kham thein")
    expect(page.locator(".browse__results .card__title")).to_have_count(2)
    offer.get_by_role("link", name="Khâm Thiên").click()
    expect(page).to_have_url(re.compile(r"q=Kh%C3%A2m\+Thi%C3%AAn"))
    expect(page.locator(".did-you-mean")).to_have_count(0)
    expect(page.locator(".browse__results .card__title")).to_have_count(2)


def test_on_a_phone_the_filters_fold_behind_their_count(browser, live_server, demo_museum):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto("/en/collection/?kind=photograph")

    summary = phone.locator(".filters-panel__summary")
    expect(summary).to_have_text("Filters (1)")
    expect(phone.get_by_label("Place")).to_be_hidden()
    summary.click()
    expect(phone.get_by_label("Place")).to_be_visible()
    context.close()
