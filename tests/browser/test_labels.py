"""A curator prints an exhibition's gallery labels from Chromium: the PDF has the pages
the layout promises at each size, and the screen view keeps to the CSP and to axe."""

import math
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.axe import AXE_OPTIONS
from tests.browser.csp import PolicyWatch
from tests.collection.factories import CreatorFactory, ImageFactory, ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_SHEET = {"a6": 4, "a5": 2, "a4": 1}
# An A4 page (210 × 297 mm) in PDF points, rounded.
A4_POINTS = (595, 842)


@pytest.fixture
def exhibition():
    """A draft exhibition of four sections: none yet, five objects, two, and none."""
    exhibition = ExhibitionFactory(status="draft", title_vi="Hà Nội 1972", title_en="Hanoi 1972")
    for count in (0, 5, 2, 0):
        section = SectionFactory(exhibition=exhibition)
        for n in range(count):
            item = ItemFactory(title_vi=f"Ảnh {n}", title_en=f"Photograph {n}")
            ImageFactory(item=item, caption_vi="Chú thích", caption_en="A caption")
            CreatorFactory(item=item)
            ExhibitionItemFactory(
                section=section,
                item=item,
                label_text_vi="Lời nhãn viết cho phòng trưng bày.",
                label_text_en="A label written for the gallery.",
            )
    return exhibition


def sign_in(page, next_url):
    page.goto(f"/admin/login/?next={next_url}")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    # Loaded, stylesheet and script too, before anything is measured.
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    page.wait_for_load_state("load")


def pdf_pages(pdf):
    """The size of each page of a PDF Chromium wrote, in points. Chromium writes plain
    objects (no object streams): each page is a ``/Type /Page`` dictionary with its
    ``/MediaBox``, and the root of the page tree (``/Type /Pages``) counts them all."""
    assert b"/ObjStm" not in pdf
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert max(int(n) for n in re.findall(rb"/Count\s+(\d+)", pdf)) == len(pages)
    assert len(boxes) == len(pages)
    return [(round(float(width)), round(float(height))) for width, height in boxes]


def test_printed_labels_have_the_pages_their_layout_implies(page, curator, exhibition):
    five = exhibition.sections.all()[1]
    labels_url = f"/admin/exhibitions/exhibition/{exhibition.pk}/labels/"
    sign_in(page, labels_url)
    assert page.locator(".label").count() == 7

    for size, per_sheet in PER_SHEET.items():
        page.goto(f"{labels_url}?size={size}")
        # Each section starts a sheet: 5 objects and 2, at ``per_sheet`` to a sheet.
        expected = math.ceil(5 / per_sheet) + math.ceil(2 / per_sheet)
        assert page.locator(".sheet").count() == expected, size

        pages = pdf_pages(page.pdf(prefer_css_page_size=True))

        assert pages == [A4_POINTS] * expected, size

    page.goto(f"/admin/exhibitions/section/{five.pk}/labels/?size=a5")
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) == [A4_POINTS] * 3


def test_the_print_hides_the_toolbar_and_lays_labels_at_their_real_size(page, curator, exhibition):
    sign_in(page, f"/admin/exhibitions/exhibition/{exhibition.pk}/labels/?size=a6")
    page.emulate_media(media="print")

    assert not page.locator(".toolbar").is_visible()
    assert not page.locator(".labels-section h2").first.is_visible()
    assert not page.locator(".label__warnings").first.is_visible()
    millimetre = 96 / 25.4
    sheet = page.locator(".sheet").first.bounding_box()
    label = page.locator(".label").first.bounding_box()
    assert round(sheet["width"] / millimetre) == 210
    assert (round(label["width"] / millimetre), round(label["height"] / millimetre)) == (
        105,
        148,
    )


def test_the_screen_view_keeps_to_the_policy_and_to_axe(page, curator, exhibition):
    long_text = ExhibitionItemFactory(
        section=exhibition.sections.all()[1],
        item=ItemFactory(title_vi="Dài", title_en="Long"),
        label_text_en="A label far too long for an A6 card. " * 60,
    )
    watch = PolicyWatch(page)
    sign_in(page, f"/admin/exhibitions/exhibition/{exhibition.pk}/change/")

    page.get_by_role("link", name="Print labels").click()
    page.wait_for_selector(".sheet")
    page.select_option("#label-size", "a5")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**size=a5")

    assert page.get_by_role("button", name="Print").is_visible()  # shown by the script
    long_label = page.locator(".label", has_text="Long")
    assert long_label.locator("[data-overflow-warning]").is_visible()
    # The text is cut, never the foot: the QR code is still on the label.
    label_box = long_label.bounding_box()
    qr_box = long_label.locator(".label__qr-code").bounding_box()
    assert qr_box["y"] + qr_box["height"] <= label_box["y"] + label_box["height"]
    assert page.locator("[data-overflow-warning]:visible").count() == 1
    assert page.locator(".label").count() == 8
    assert long_text.item.title_en in page.locator(".label").nth(5).inner_text()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert watch.violations() == []
