"""A curator catalogues a photograph with two images, end to end in Chromium."""

import pytest

from collection.models import Item
from tests.browser.csp import PolicyWatch
from tests.collection.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_curator_catalogues_an_object_with_two_images(page, curator, tmp_path):
    front, back = tmp_path / "front.jpg", tmp_path / "back.png"
    front.write_bytes(image_bytes(2400, 1600))
    back.write_bytes(image_bytes(800, 1200, format="PNG"))
    watch = PolicyWatch(page)

    page.goto("/admin/login/?next=/admin/collection/item/add/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")

    page.fill("#id_accession_number", "  BTHN.1972.042 ")
    page.select_option("#id_kind", "photograph")
    page.fill("#id_title_vi", "Phố Khâm Thiên bị phá huỷ")
    page.fill("#id_title_en", "Kham Thien Street was destroyed")
    page.fill("#id_date_text", "tháng 12 năm 1972")
    for index, file in enumerate((front, back)):
        page.locator("#images-group .add-row a").click()
        page.set_input_files(f"#id_images-{index}-original", str(file))
        page.fill(f"#id_images-{index}-alt_text_en", f"Side {index + 1} of the photograph")
        page.fill(f"#id_images-{index}-position", str(index))
    page.click("input[name=_continue]")

    page.wait_for_selector(".messagelist .success")
    item = Item.objects.get()
    assert item.accession_number == "BTHN.1972.042"
    assert (item.date_earliest.isoformat(), item.date_latest.isoformat()) == (
        "1972-12-01",
        "1972-12-31",
    )
    images = list(item.images.all())
    assert [(i.width, i.height, i.is_primary) for i in images] == [
        (2400, 1600, True),
        (800, 1200, False),
    ]
    # The saved form shows both previews, served from the derivatives.
    previews = page.locator("#images-group td img, #images-group .readonly img")
    assert previews.count() == 2
    assert all(
        page.evaluate("img => img.naturalWidth", previews.nth(i).element_handle()) > 0
        for i in range(2)
    )
    # The admin, its widgets and our thumbnails keep to the site's CSP.
    page.goto("/admin/collection/item/")
    assert page.locator("img.admin-thumbnail").count() == 1
    assert watch.violations() == []
