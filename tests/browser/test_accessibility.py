"""axe-core in Chromium on every page type of the public site, in both languages."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from collection.models import Item
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from tests.browser.axe import AXE_OPTIONS
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


@pytest.fixture
def pages():
    """One of each page type, filled in: an object with images, people, places, subjects;
    an exhibition showing it; an upcoming and a past (all-day) event."""
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
    # An exhibition of two sections showing the object, and events around it.
    exhibition = ExhibitionFactory(
        title_vi="Hà Nội 1972",
        title_en="Hanoi 1972",
        subtitle_en="Aspiration for Peace",
        venue_en="Hanoi Museum",
        organisers_en="Hanoi Department of Culture and Sports",
        opens_on=datetime.date(2022, 12, 1),
        introduction_en="Photographs of twelve days and nights.",
        hero_image=item.images.get(is_primary=True),
    )
    sections = [
        SectionFactory(exhibition=exhibition, title_en=title, introduction_en="A room.")
        for title in ("The Silence Moment", "Confront", "Peace")
    ]
    ExhibitionItemFactory(section=sections[1], item=item, label_text_en="Written for the room.")
    no_image = ItemFactory(title_en="No image yet")
    ExhibitionItemFactory(section=sections[1], item=no_image)
    now = timezone.now()
    event = EventFactory(
        title_en="Seminar",
        starts_at=now + datetime.timedelta(days=3),
        venue_en="Hùng Vương Club",
        organisers_en="Hanoi Museum",
        participants=700,
        description_en="Veterans and students.",
    )
    event.exhibitions.add(exhibition)
    past = EventFactory(is_all_day=True, starts_at=now - datetime.timedelta(days=30))
    # Known only to the month, as the demo's workshop.
    EventFactory(date_precision="month", starts_at=now - datetime.timedelta(days=400))
    update_search_documents(Item.objects.all())
    invalidate_public_pages()
    return {
        "home": "",
        "browse": "collection/",
        "browse-filtered": "collection/?kind=photograph&has_image=on&sort=-date&page=2",
        "search": "search/?q=kham+thien",
        "search-empty": "search/",
        "search-nothing": "search/?q=zzzz",
        "search-did-you-mean": "search/?q=kham+thein",
        "object": f"collection/objects/{item.pk}/",
        "object-from-section": f"collection/objects/{item.pk}/?section={sections[1].pk}",
        "object-without-image": f"collection/objects/{no_image.pk}/",
        "person": f"people/{creator.person.pk}/",
        "place": f"places/{place.place.pk}/",
        "subject": f"subjects/{subject.pk}/",
        "exhibitions": "exhibitions/",
        "exhibition": f"exhibitions/{exhibition.slug}/",
        "section": f"exhibitions/{exhibition.slug}/{sections[1].slug}/",
        "events": "events/",
        "event": f"events/{event.slug}/",
        "event-ended": f"events/{past.slug}/",
        "not-found": "no-such-page/",
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_axe_finds_no_violations_on_any_page_type(page, pages, language):
    axe = Axe()
    failures = []
    for name, path in pages.items():
        page.goto(f"/{language}/{path}")
        assert page.locator("main").count() == 1, path
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            failures.append(f"{name} (/{language}/{path}):\n{results.generate_report()}")

    assert not failures, "\n\n".join(failures)


def test_every_image_has_a_text_alternative(page, pages):
    for path in (pages["home"], pages["browse"], pages["object"], pages["exhibition"]):
        page.goto(f"/en/{path}")
        missing = page.locator("img:not([alt]), img[alt='']").count()
        assert missing == 0, path


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_type_breaks_the_content_security_policy(page, pages, language):
    """Every page type, with the site's CSP and Permissions-Policy on: no violation
    reported, and every image shown (image files are checked per request)."""
    watch = PolicyWatch(page)
    violations, broken = [], []
    for path in pages.values():
        response = page.goto(f"/{language}/{path}")
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy, (path, response.status, response.headers)
        assert "unsafe-inline" not in policy, path
        page.wait_for_load_state("load")
        violations += watch.violations()
        broken += page.eval_on_selector_all(
            "img", "images => images.filter(i => i.complete && !i.naturalWidth).map(i => i.src)"
        )
        watch.console.clear()

    assert violations == []
    assert broken == []
