"""axe-core in Chromium on every page type of the public site, in both languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from collection.models import Item
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks, heading order, one h1).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture
def pages():
    """One of each page type, filled in: an object with images, people, places, subjects."""
    item = ItemFactory(
        title_vi="Phố Khâm Thiên", title_en="Khâm Thiên Street", description_en="Ruins."
    )
    ImageFactory(item=item, is_primary=True, caption_en="At dawn")
    ImageFactory(item=item, is_primary=False, alt_text_en="")
    creator = CreatorFactory(item=item)
    place = ItemPlaceFactory(item=item)
    subject = SubjectFactory()
    item.subjects.add(subject)
    for _ in range(30):  # enough for a second page
        ImageFactory(item=ItemFactory())
    update_search_documents(Item.objects.all())
    invalidate_public_pages()
    return {
        "home": "",
        "browse": "collection/",
        "browse-filtered": "collection/?kind=photograph&has_image=on&sort=-date&page=2",
        "search": "search/?q=kham+thien",
        "search-empty": "search/",
        "search-nothing": "search/?q=zzzz",
        "object": f"collection/objects/{item.pk}/",
        "person": f"people/{creator.person.pk}/",
        "place": f"places/{place.place.pk}/",
        "subject": f"subjects/{subject.pk}/",
        "not-found": "no-such-page/",
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_axe_finds_no_violations_on_any_page_type(page, pages, language):
    axe = Axe()
    failures = []
    for name, path in pages.items():
        page.goto(f"/{language}/{path}")
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{name} (/{language}/{path}):\n{results.generate_report()}")

    assert not failures, "\n\n".join(failures)


def test_every_image_has_a_text_alternative(page, pages):
    for path in (pages["home"], pages["browse"], pages["object"]):
        page.goto(f"/en/{path}")
        missing = page.locator("img:not([alt]), img[alt='']").count()
        assert missing == 0, path
