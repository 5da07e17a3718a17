"""No dead ends in the collection: filter chips and facet counts on the browse page,
related objects and the way back to a section on an object's page, text tiles for
objects without images."""

import re

import pytest
from django.utils import translation

from collection.models import Kind
from core.cache import invalidate_public_pages
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
)
from tests.exhibitions.factories import ExhibitionItemFactory, SectionFactory
from tests.public import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def options(html, name):
    """The option labels of the menu ``name``."""
    menu = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", menu)


@pytest.fixture
def collection():
    """Two photographs and a document of Khâm Thiên, a photograph of Bạch Mai; one of
    the Khâm Thiên photographs by Chu Chí Thành."""
    kham_thien = PlaceFactory(name_vi="Phố Khâm Thiên", name_en="Khâm Thiên Street")
    bach_mai = PlaceFactory(name_vi="Bệnh viện Bạch Mai", name_en="")
    photographer = PersonFactory(name="Chu Chí Thành")
    items = {
        "street": ItemFactory(title_en="Street", kind=Kind.PHOTOGRAPH),
        "ruins": ItemFactory(title_en="Ruins", kind=Kind.PHOTOGRAPH),
        "letter": ItemFactory(title_en="Letter", kind=Kind.DOCUMENT),
        "hospital": ItemFactory(title_en="Hospital", kind=Kind.PHOTOGRAPH),
    }
    for name in ("street", "ruins", "letter"):
        ItemPlaceFactory(item=items[name], place=kham_thien)
    ItemPlaceFactory(item=items["hospital"], place=bach_mai)
    CreatorFactory(item=items["street"], person=photographer)
    return {**items, "kham_thien": kham_thien, "bach_mai": bach_mai, "person": photographer}


# --- browse ------------------------------------------------------------------------


def test_facet_counts_honour_the_other_filters(client, collection):
    place = collection["kham_thien"].pk

    everything = client.get(url("collection:item-list")).text
    in_the_street = client.get(url("collection:item-list", query=f"?place={place}")).text
    photographs = client.get(url("collection:item-list", query="?kind=photograph")).text

    assert "Photograph (3)" in options(everything, "kind")
    assert "Photograph (2)" in options(in_the_street, "kind")
    assert "Document (1)" in options(in_the_street, "kind")
    # A facet's own choice does not narrow its counts: the other places stay countable.
    assert "Khâm Thiên Street (3)" in options(in_the_street, "place")
    assert "Khâm Thiên Street (2)" in options(photographs, "place")
    assert "Chu Chí Thành (1)" in options(photographs, "person")


def test_applied_filters_are_chips_that_each_remove_one(client, collection):
    place = collection["kham_thien"].pk
    html = client.get(
        url("collection:item-list", query=f"?kind=photograph&place={place}&page=1")
    ).text

    chips = re.findall(r'<a class="chip chip--applied" href="([^"]+)">(.*?)</a>', html, re.S)
    assert [href for href, _label in chips] == [f"?place={place}", "?kind=photograph"]
    labels = [re.sub(r"<[^>]+>|\s+", " ", label).split() for _href, label in chips]
    assert labels[0][:2] == ["Kind:", "Photograph"]
    assert "Khâm" in labels[1]
    assert 'class="chip chip--clear" href="/en/collection/"' in html
    assert "Filters (2)" in html


def test_no_chips_without_filters(client, collection):
    html = client.get(url("collection:item-list")).text

    assert "chip--applied" not in html
    assert ">Filters</summary>" in html


def test_a_name_known_in_one_language_is_marked_in_the_menu(client, collection):
    html = client.get(url("collection:item-list")).text

    assert re.search(r'<option value="\d+" lang="vi">Bệnh viện Bạch Mai \(1\)</option>', html)


def test_facet_counts_are_remembered_per_combination_of_filters(
    client, collection, django_assert_num_queries
):
    address = url("collection:item-list", query=f"?place={collection['kham_thien'].pk}")
    invalidate_public_pages()
    client.get(address)
    # 1. the chosen place  2. count  3. the page of items  4. their first images
    with django_assert_num_queries(4):
        assert client.get(address).status_code == 200


def test_objects_without_images_get_a_text_tile(client, collection):
    collection["letter"].date_text = "December 1972"
    collection["letter"].save()
    html = client.get(url("collection:item-list")).text

    tile = re.search(r'<div class="text-tile" aria-hidden="true">(.*?)</div>', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", tile.group(1)).split())
    assert "Document" in text or "Photograph" in text
    assert collection["letter"].accession_number in html
    assert html.count('class="text-tile"') == 4  # no object here has an image
    assert html.count('class="card__media"></div>') == 0


# --- the object page ---------------------------------------------------------------


def test_related_objects_by_the_same_person_and_of_the_same_place(client, collection):
    ImageFactory(item=collection["ruins"])
    also_by = ItemFactory(title_en="Another by him")
    CreatorFactory(item=also_by, person=collection["person"])

    html = client.get(url("collection:item-detail", collection["street"].pk)).text

    by_person = html[html.index("More by Chu Chí Thành") :]
    of_place = html[html.index("More from") :]
    assert "Another by him" in by_person
    assert "Ruins" in of_place
    assert "Letter" in of_place
    assert "Hospital" not in html


def test_related_objects_are_the_newest_published_of_the_place_shown_oldest_first(client):
    place = PlaceFactory(name_en="Hàng Cỏ station")
    item = ItemFactory()
    ItemPlaceFactory(item=item, place=place)
    # Catalogued in the order of their dates: 1978 is the newest.
    for year in range(1969, 1979):
        ItemPlaceFactory(
            item=ItemFactory(title_en=f"Station in {year}", date_text=str(year)), place=place
        )
    ItemPlaceFactory(item=ItemFactory(title_en="A draft of the station", draft=True), place=place)

    html = client.get(url("collection:item-detail", item.pk)).text

    group = html[html.index("More from Hàng Cỏ station") :]
    # The eight newest are 1971 to 1978; the first four of them by date are shown.
    shown = list(dict.fromkeys(re.findall(r"Station in (\d{4})", group)))
    assert shown == ["1971", "1972", "1973", "1974"]
    assert "A draft of the station" not in html


def test_no_related_objects_for_an_object_on_its_own(client):
    html = client.get(url("collection:item-detail", ItemFactory().pk)).text

    assert "related-objects" not in html


def test_the_object_page_leads_back_to_the_section_it_was_reached_from(client, collection):
    section = SectionFactory(title_en="Confront")
    for name in ("street", "ruins"):
        ExhibitionItemFactory(section=section, item=collection[name])
    other = SectionFactory(title_en="Elsewhere")
    ExhibitionItemFactory(section=other, item=collection["street"])
    address = url("collection:item-detail", collection["street"].pk)

    from_section = client.get(f"{address}?section={section.pk}").text
    plain = client.get(address).text

    with translation.override("en"):
        section_url = section.get_absolute_url()
    assert f'<a href="{section_url}">' in from_section
    assert "Back to the section “Confront”" in from_section
    assert "More from the section “Confront”" in from_section
    assert f'href="{collection["ruins"].get_absolute_url()}?section={section.pk}"' in (
        from_section.replace("/vi/", "/en/")
    )
    # The section's objects are not shown a second time among those of the same place.
    assert from_section.count('class="card__title">Ruins</h3>') == 1
    assert "Back to the section" not in plain
    # An address of a section the object is not in leads nowhere.
    unrelated = SectionFactory()
    assert "Back to the section" not in client.get(f"{address}?section={unrelated.pk}").text
    assert "Back to the section" not in client.get(f"{address}?section=nonsense").text
    # The page names one address for search engines, whichever way it was reached.
    assert f'<link rel="canonical" href="http://testserver{address}">' in from_section
