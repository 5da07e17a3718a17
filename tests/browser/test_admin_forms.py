"""The admin's change forms in Chromium at 1,366 × 900, the curators' usual window: none
scrolls sideways, in either language; the object form puts its save buttons and images
near the top; a section's objects are reordered by keyboard and by drag; the header
names the museum."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import reverse

from exhibitions.models import ExhibitionItem
from museum.models import Museum
from tests.browser.axe import ADMIN_AXE_OPTIONS, WINDOW
from tests.browser.csp import PolicyWatch
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
)
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Select2, the autocomplete Django ships, builds its boxes as lists holding an unlabelled
# search field; that markup is the library's, not these forms'.
AXE_CONTEXT = {"exclude": [[".select2-container"]]}
LONG_TEXT = (
    "Ảnh chụp phố Khâm Thiên sau trận ném bom đêm 26 tháng 12 năm 1972, "
    "khi những ngôi nhà dọc phố bị san phẳng. " * 8
)


@pytest.fixture
def admin_page(browser, live_server):
    """``admin_page(user, language)``: a signed-in tab in the curators' window, its admin
    in ``language`` (the admin, outside the language prefixes, follows the language
    cookie that the public site's switcher sets)."""
    contexts = []

    def open_tab(user, language):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, viewport=WINDOW)
        context.set_default_timeout(10_000)
        contexts.append(context)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            ]
        )
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("chief", password="a-long-test-password")


@pytest.fixture
def records():
    """Filled records of every kind the curators edit: an object with images, people,
    places and subjects; an exhibition with sections and an event; a section with 20
    objects with labels."""
    item = ItemFactory(
        accession_number="BTHN.1972.042",
        title_vi="Phố Khâm Thiên bị phá huỷ sau trận ném bom đêm 26 tháng 12 năm 1972",
        title_en="Kham Thien Street destroyed after the bombing of 26 December 1972",
        description_vi=LONG_TEXT,
        description_en="The street after the bombing. " * 20,
        medium="Gelatin silver print",
        dimensions="24 × 30 cm",
        provenance=LONG_TEXT,
        internal_notes=LONG_TEXT,
    )
    for position, primary in enumerate((True, False)):
        ImageFactory(item=item, is_primary=primary, position=position, caption_vi=LONG_TEXT)
    for _ in range(2):
        CreatorFactory(item=item)
        ItemPlaceFactory(item=item)
    item.subjects.add(SubjectFactory(), SubjectFactory())
    exhibition = ExhibitionFactory(
        title_vi="Hà Nội 1972: Khát vọng hoà bình",
        title_en="Hanoi 1972: Aspiration for Peace",
        venue_en="Hanoi Museum",
        opens_on=datetime.date(2022, 12, 1),
        introduction_vi=LONG_TEXT,
        credits_en="Hanoi Department of Culture and Sports. " * 5,
        hero_image=item.images.get(is_primary=True),
    )
    sections = [
        SectionFactory(exhibition=exhibition, position=n, introduction_vi=LONG_TEXT)
        for n in range(1, 4)
    ]
    for position in range(1, 21):
        ExhibitionItemFactory(
            section=sections[0],
            position=position,
            item=item if position == 1 else ImageFactory().item,
            label_title_vi=f"Nhãn {position}: phố Khâm Thiên sau trận bom",
            label_title_en=f"Label {position}: Kham Thien Street after the bombing",
            label_text_vi=LONG_TEXT,
            label_text_en="Written for the gallery wall. " * 12,
        )
    event = EventFactory(
        title_vi="Toạ đàm: Hà Nội 12 ngày đêm",
        title_en="Seminar: Hanoi's twelve days and nights",
        venue_en="Hùng Vương Club",
        description_vi=LONG_TEXT,
        participants=700,
    )
    event.exhibitions.add(exhibition)
    museum = Museum.load()
    museum.name_vi, museum.name_en = "Bảo tàng Hà Nội", "Hanoi Museum"
    museum.save()
    return {
        "item": item,
        "exhibition": exhibition,
        "section": sections[0],
        "event": event,
        "person": item.creators.first(),
        "place": item.places.first(),
        "subject": item.subjects.first(),
        "image": item.images.first(),
        "museum": museum,
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_urls(records, superuser):
    """Every registered model's add form (where one may add), and a filled change form
    of each kind of record."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    adds = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_add_permission(request)
    ]
    changes = [change_url(obj) for obj in records.values()]
    return adds + changes + [change_url(superuser), change_url(Group.objects.get(name="Curator"))]


def horizontal_overflow(page):
    """How far the page scrolls sideways, and the widest elements past the window."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const wide = [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
            .slice(0, 5)
            .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
          return {scroll: root.scrollWidth - root.clientWidth, wide};
        }"""
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_admin_form_scrolls_sideways_in_the_curators_window(
    admin_page, records, superuser, roles, language
):
    page = admin_page(superuser, language)
    watch = PolicyWatch(page)
    urls = form_urls(records, superuser)
    failures = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("lang") == language
        overflow = horizontal_overflow(page)
        if overflow["scroll"] > 0:
            failures.append(f"{url}: {overflow}")

    assert failures == []
    assert len(urls) >= 20
    # The layout needs no inline style: the forms keep to the site's CSP.
    assert watch.violations() == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_forms_curators_use_most_meet_the_accessibility_bar(
    admin_page, records, curator, language
):
    page = admin_page(curator, language)
    axe = Axe()
    failures = []
    for obj in (records[name] for name in ("item", "exhibition", "section", "event")):
        add = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_add")
        for url in (add, change_url(obj)):
            page.goto(url)
            results = axe.run(page, context=AXE_CONTEXT, options=ADMIN_AXE_OPTIONS)
            if results.violations_count:
                failures.append(f"{url}:\n{results.generate_report()}")

    assert failures == []


def test_object_form_has_save_buttons_at_the_top_and_images_before_the_rights(
    admin_page, records, curator
):
    page = admin_page(curator, "en")
    page.goto(change_url(records["item"]))

    # In document order: the buttons, the fieldsets and inlines as cataloguers work.
    order = page.eval_on_selector_all(
        "#item_form .submit-row, #item_form fieldset.module > h2, #item_form .inline-group",
        "nodes => nodes.map(n => n.matches('.submit-row') ? 'save' : "
        "n.matches('.inline-group') ? n.id : n.textContent.trim())",
    )
    assert order[0] == "save"
    assert order[-1] == "save"
    assert order.index("images-group") < order.index("Rights, credit and provenance")
    assert order.index("Title and description") < order.index("creator_links-group")
    assert order.index("creator_links-group") < order.index("images-group")
    # Both languages of the title side by side: one row, two equal columns.
    vi, en = (page.locator(f"#id_title_{code}").bounding_box() for code in ("vi", "en"))
    assert vi["y"] == en["y"]
    assert vi["x"] < en["x"]
    assert abs(vi["width"] - en["width"]) < 2
    # The images' thumbnails are shown, near the top of the page.
    thumbnails = page.locator("#images-group img.admin-thumbnail")
    assert thumbnails.count() == 2
    assert (
        thumbnails.first.bounding_box()["y"] < page.locator("#id_credit_line").bounding_box()["y"]
    )


def test_object_form_in_a_narrow_window_puts_the_languages_one_above_the_other(
    admin_page, records, curator
):
    page = admin_page(curator, "vi")
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(change_url(records["item"]))

    vi, en = (page.locator(f"#id_title_{code}").bounding_box() for code in ("vi", "en"))
    assert vi["y"] < en["y"]
    assert horizontal_overflow(page)["scroll"] <= 0


def labels_in_order(section):
    return [
        title.split(":")[0] for title in section.items.values_list("label_title_en", flat=True)[:5]
    ]


def test_curator_reorders_a_sections_objects_by_keyboard(admin_page, records, curator):
    section = records["section"]
    page = admin_page(curator, "en")
    page.goto(change_url(section))
    third = page.locator("#items-group .inline-related:not(.empty-form)").nth(2)

    third.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    assert page.locator("#items-group [aria-live]").inner_text() == "Moved to position 2 of 20."
    # The button keeps the focus, so pressing again moves the object again.
    page.keyboard.press("Space")
    assert page.locator("#items-group [aria-live]").inner_text() == "Moved to position 1 of 20."
    page.click("input[name=_continue]")

    page.wait_for_selector(".messagelist .success")
    assert labels_in_order(section) == ["Label 3", "Label 1", "Label 2", "Label 4", "Label 5"]


def drag(rows, source, target, half):
    """Drag row ``source`` by its handle onto the ``half`` ("upper" or "lower") of row
    ``target``, with both in the window, as a curator's mouse would."""
    rows.nth(min(source, target)).evaluate("row => row.scrollIntoView()")
    box = rows.nth(target).bounding_box()
    rows.nth(source).locator(".ordering-handle").drag_to(
        rows.nth(target),
        target_position={"x": 40, "y": box["height"] * (0.2 if half == "upper" else 0.8)},
    )


def test_curator_reorders_a_sections_objects_by_drag(admin_page, records, curator):
    section = records["section"]
    page = admin_page(curator, "vi")
    page.goto(change_url(section))
    rows = page.locator("#items-group .inline-related:not(.empty-form)")
    status = page.locator("#items-group [aria-live]")

    drag(rows, 0, 1, "lower")  # the first object after the second
    assert status.inner_text() == "Đã chuyển đến vị trí 2 trên 20."
    drag(rows, 4, 3, "upper")  # the fifth object before the fourth
    assert status.inner_text() == "Đã chuyển đến vị trí 4 trên 20."
    page.click("input[name=_continue]")

    page.wait_for_selector(".messagelist .success")
    assert labels_in_order(section) == ["Label 2", "Label 1", "Label 3", "Label 5", "Label 4"]
    assert ExhibitionItem.objects.filter(section=section).count() == 20


def test_exhibition_form_lists_and_links_its_events(admin_page, records, curator):
    page = admin_page(curator, "en")
    page.goto(change_url(records["exhibition"]))

    page.get_by_role("link", name="Seminar: Hanoi's twelve days and nights").click()

    assert page.url.endswith(change_url(records["event"]))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_header_names_the_museum_in_both_languages(admin_page, records, curator, language):
    page = admin_page(curator, language)
    page.goto("/admin/")

    header = page.locator("#site-name")
    assert header.inner_text().index("Bảo tàng Hà Nội") < header.inner_text().index("Hanoi Museum")
    assert header.locator("[lang=en]").inner_text() == "Hanoi Museum"
    assert ("Bảo tàng Hà Nội" if language == "vi" else "Hanoi Museum") in page.title()
