"""The API's objects: every published object through the pages, the site's filters and
search, each object in both languages with its images, and drafts a 404."""

import datetime

import pytest

from collection.filters import SORTS, ItemFilter
from collection.models import Item, Kind
from collection.search import update_search_documents
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.opendata.api_records import every_page, full_item, get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def ids(results):
    return [result["id"] for result in results]


@pytest.fixture
def collection():
    """Twenty-three published objects of every kind, dated and not, and four drafts."""
    kinds = [Kind.PHOTOGRAPH, Kind.ARTIFACT, Kind.DOCUMENT]
    dates = ["18/12/1972", "1968", "", "1975-1980", "tháng 5 năm 1954", "undated"]
    for n in range(23):
        ItemFactory(
            accession_number=f"{'btn' if n % 2 else 'BTN'}.{(n * 7) % 23:03d}",
            kind=kinds[n % 3],
            date_text=dates[n % len(dates)],
        )
    for n in range(4):
        ItemFactory(draft=True, accession_number=f"BTN.DRAFT.{n}")


def test_paging_through_every_object_gives_exactly_the_published_ones(client, collection):
    results, pages = every_page(client, "/objects?limit=5")

    assert len(results) == Item.objects.published().count() == 23
    assert pages == 5
    expected = Item.objects.published().order_by(*SORTS["number"]).values_list("pk", flat=True)
    assert ids(results) == list(expected)
    assert not any("DRAFT" in result["accession_number"] for result in results)


@pytest.mark.parametrize("sort", ["number", "date", "-date"])
def test_each_order_pages_through_every_object_once_as_the_site_orders_it(client, collection, sort):
    results, _pages = every_page(client, f"/objects?limit=4&sort={sort}")

    expected = Item.objects.published().order_by(*SORTS[sort]).values_list("pk", flat=True)
    assert ids(results) == list(expected)


def test_a_page_starts_after_the_last_one_shown_whatever_changed_in_between(client, collection):
    first = get(client, "/objects?limit=5")
    shown = ids(first["results"])
    Item.objects.filter(pk=shown[-1]).delete()
    ItemFactory(accession_number="AAA.000")  # sorts before everything shown

    second = get(client, first["next"])

    remaining = Item.objects.published().order_by(*SORTS["number"]).values_list("pk", flat=True)
    after = list(remaining)[list(remaining).index(shown[-2]) + 1 :]
    assert ids(second["results"]) == after[:5]


def test_the_default_page_has_twenty_and_a_page_at_most_a_thousand(client, collection):
    assert len(get(client, "/objects")["results"]) == 20
    assert len(get(client, "/objects?limit=1000")["results"]) == 23
    assert get(client, "/objects?limit=1001", status=400)["error"]["params"] == ["limit"]


@pytest.fixture
def linked():
    """Objects linked to one person, one place and one subject, with images or not."""
    person, place, subject = PersonFactory(), PlaceFactory(), SubjectFactory()
    for n in range(6):
        item = ItemFactory(
            kind=Kind.ARTIFACT if n % 2 else Kind.PHOTOGRAPH, date_text=str(1965 + 2 * n)
        )
        if n % 2:
            CreatorFactory(item=item, person=person, role="photographer")
            CreatorFactory(item=item, person=person, role="donor")
        if n % 3:
            ItemPlaceFactory(item=item, place=place)
        if n < 3:
            item.subjects.add(subject)
        if n in (0, 5):
            ImageFactory(item=item)
    ItemFactory(draft=True, date_text="1970")
    return {"person": person.pk, "place": place.pk, "subject": subject.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "artifact"},
        {"person": "person"},
        {"place": "place"},
        {"subject": "subject"},
        {"year_from": "1970"},
        {"year_to": "1969"},
        {"year_from": "1967", "year_to": "1971"},
        {"has_image": "true"},
        {"kind": "photograph", "place": "place", "year_from": "1966"},
    ],
)
def test_the_filters_find_what_the_collection_browser_finds(client, linked, query):
    query = {name: str(linked.get(value, value)) for name, value in query.items()}
    address = "/objects?limit=100&" + "&".join(f"{name}={value}" for name, value in query.items())

    found = ids(get(client, address)["results"])

    site = ItemFilter(query, queryset=Item.objects.published()).qs
    assert sorted(found) == sorted(site.values_list("pk", flat=True))
    assert len(found) == len(set(found))  # a photographer who is also donor: once
    assert found


def test_a_person_with_no_published_object_finds_nothing(client, linked):
    draft_only = PersonFactory()
    CreatorFactory(item=ItemFactory(draft=True), person=draft_only)

    assert get(client, f"/objects?person={draft_only.pk}")["results"] == []
    assert get(client, "/objects?person=987654321")["results"] == []


@pytest.fixture
def searchable():
    street = ItemFactory(title_vi="Phố Khâm Thiên sau trận bom", title_en="Khâm Thiên Street")
    plane = ItemFactory(title_en="Wreck of a B-52", kind=Kind.ARTIFACT)
    ItemFactory(title_en="Khâm Thiên, a letter", kind=Kind.DOCUMENT)
    ItemFactory(title_en="Khâm Thiên draft", draft=True)
    for n in range(4):
        ItemFactory(title_en=f"Khâm Thiên house {n}")
    update_search_documents(Item.objects.all())
    return street, plane


def test_search_finds_what_the_site_finds_best_first_through_every_page(client, searchable):
    results, pages = every_page(client, "/objects?q=kham+thien&limit=2")

    expected = [item.pk for item in Item.objects.published().search("kham thien")]
    assert ids(results) == expected
    assert len(expected) == 6
    assert pages == 3
    assert ids(get(client, "/objects?q=B52")["results"]) == [searchable[1].pk]


def test_search_takes_the_filters_too(client, searchable):
    found = get(client, "/objects?q=Khâm+Thiên&kind=document")["results"]

    assert [result["title"]["en"] for result in found] == ["Khâm Thiên, a letter"]


def test_blank_search_is_the_whole_list(client, searchable):
    assert len(get(client, "/objects?q=+&limit=100")["results"]) == 7


def test_an_object_is_given_in_both_languages_with_images_people_places_and_subjects(client):
    item = full_item(
        title_vi="Phố Khâm Thiên",
        title_en="Khâm Thiên Street",
        description_vi="Sau trận bom đêm 26/12/1972.",
        date_text="26/12/1972",
        medium="Ảnh bạc",
        internal_notes="SECRET NOTE",
        current_location="Shelf 9",
        condition_note="Torn corner",
    )

    data = get(client, f"/objects/{item.pk}")

    assert data["id"] == item.pk
    assert data["accession_number"] == item.accession_number
    assert data["kind"] == "photograph"
    assert data["kind_label"] == {"vi": "Ảnh", "en": "Photograph"}
    assert data["title"] == {"vi": "Phố Khâm Thiên", "en": "Khâm Thiên Street"}
    assert data["description"] == {"vi": "Sau trận bom đêm 26/12/1972.", "en": None}
    assert data["date"]["earliest"] == data["date"]["latest"] == "1972-12-26"
    assert data["date"]["display"] == {"vi": "26/12/1972", "en": "26 December 1972"}
    assert data["date"]["iso"] == "1972-12-26"
    assert data["medium"] == "Ảnh bạc"
    assert data["url"] == f"http://testserver/api/v1/objects/{item.pk}"
    assert data["permalink"] == {
        "vi": f"http://testserver/vi/collection/objects/{item.pk}/",
        "en": f"http://testserver/en/collection/objects/{item.pk}/",
    }
    assert data["iiif_manifest"] == f"http://testserver/iiif/objects/{item.pk}/manifest.json"
    primary, other = item.images.order_by("position")
    assert [image["id"] for image in data["images"]] == [primary.pk, other.pk]
    assert data["images"][0]["caption"] == {"vi": None, "en": "The street at dawn"}
    assert data["images"][0]["alt_text"] == {"vi": "Phố", "en": "A test image"}
    assert data["images"][0]["display"] == {
        "url": f"http://testserver{primary.display.url}",
        "width": primary.display_width,
        "height": primary.display_height,
    }
    assert data["thumbnail"]["url"] == f"http://testserver{primary.thumbnail.url}"
    person = item.creator_links.get().person
    assert data["creators"] == [
        {
            "person": {
                "id": person.pk,
                "name": {"vi": person.name, "en": person.name},
                "url": f"http://testserver/api/v1/people/{person.pk}",
            },
            "role": "photographer",
            "role_label": {"vi": "Nhiếp ảnh gia", "en": "Photographer"},
        }
    ]
    place = item.place_links.get().place
    assert data["places"][0]["place"]["name"] == {"vi": place.name_vi, "en": None}
    assert data["places"][0]["relation"] == "depicted"
    assert data["subjects"][0]["url"].endswith(f"/api/v1/subjects/{item.subjects.get().pk}")
    text = str(data)
    assert "SECRET NOTE" not in text
    assert "Shelf 9" not in text
    assert "Torn corner" not in text


def test_the_detail_and_its_list_entry_agree(client):
    item = full_item()

    entry = get(client, "/objects")["results"][0]
    data = get(client, f"/objects/{item.pk}")

    assert {key: value for key, value in data.items() if key in entry and key != "date"} == {
        key: value for key, value in entry.items() if key != "date"
    }


def test_a_card_shows_the_image_the_sites_cards_show(client):
    marked = ItemFactory(accession_number="A.1")
    ImageFactory(item=marked, is_primary=False, position=0)
    ImageFactory(item=marked, is_primary=True, position=1)
    unmarked = ItemFactory(accession_number="A.2")
    ImageFactory(item=unmarked, is_primary=False, position=2)
    ImageFactory(item=unmarked, is_primary=False, position=1)
    ItemFactory(accession_number="A.3")

    entries = get(client, "/objects")["results"]

    site = Item.objects.published().for_gallery().order_by(*SORTS["number"])
    expected = [item.primary_image and item.primary_image.thumbnail.url for item in site]
    shown = [entry["thumbnail"] and entry["thumbnail"]["url"] for entry in entries]
    assert shown == [f"http://testserver{url}" if url else None for url in expected]
    assert shown[0] == f"http://testserver{marked.images.get(is_primary=True).thumbnail.url}"
    assert shown[1] == f"http://testserver{unmarked.images.get(position=1).thumbnail.url}"
    assert shown[2] is None


def test_an_image_still_without_web_copies_is_left_out(client, settings):
    item = full_item()
    settings.IMAGE_BACKGROUND_PIXELS = 100  # its copies are left to a job worker
    waiting = ImageFactory(item=item, is_primary=False, position=5)
    assert not waiting.has_derivatives

    data = get(client, f"/objects/{item.pk}")

    assert waiting.pk not in [image["id"] for image in data["images"]]
    assert len(data["images"]) == 2


def test_a_draft_object_is_a_404_with_the_error_shape(client):
    draft = full_item(draft=True)

    vietnamese = get(client, f"/objects/{draft.pk}", status=404)
    english = get(client, f"/objects/{draft.pk}", status=404, accept_language="en")

    assert vietnamese == {
        "error": {
            "code": "not_found",
            "message": "Không có bản ghi đã công bố nào mang mã này.",
            "params": [],
        }
    }
    assert english["error"]["message"] == "No published record has this identifier."
    assert get(client, "/objects/987654321", status=404)["error"]["code"] == "not_found"


def test_an_object_unpublished_leaves_the_list_and_its_address(client):
    item = full_item()
    assert ids(get(client, "/objects")["results"]) == [item.pk]

    Item.objects.filter(pk=item.pk).update(status="draft")

    assert get(client, "/objects")["results"] == []
    get(client, f"/objects/{item.pk}", status=404)


def test_the_list_costs_one_query_whatever_its_length(client, django_assert_num_queries):
    for n in range(12):
        item = full_item(date_text=f"{1960 + n}")
        ImageFactory(item=item, is_primary=False, position=3)
    # The page of objects (filters included), each with its primary image, as JSON.
    with django_assert_num_queries(1):
        assert len(get(client, "/objects?limit=10")["results"]) == 10
    with django_assert_num_queries(1):
        get(client, "/objects?limit=10&sort=-date&has_image=true&year_from=1962&kind=photograph")


def test_a_later_page_costs_the_same_one_query(client, collection, django_assert_num_queries):
    following = get(client, "/objects?limit=5")["next"]
    # The page of objects after the cursor's, with their primary images, as JSON.
    with django_assert_num_queries(1):
        get(client, following)


def test_a_search_costs_four_queries(client, searchable, django_assert_num_queries):
    # The planner's estimate of the matches (collection.search.RankedResults), the
    # ranked matches, the objects of the page, their primary images.
    with django_assert_num_queries(4):
        assert len(get(client, "/objects?q=kham+thien&limit=3")["results"]) == 3


def test_an_object_costs_five_queries(client, django_assert_num_queries):
    item = full_item()
    CreatorFactory(item=item)
    item.subjects.add(SubjectFactory())
    # The object, its images, its creators with their people, its places, its subjects.
    with django_assert_num_queries(5):
        data = get(client, f"/objects/{item.pk}")
    assert len(data["creators"]) == 2


def test_dates_are_given_as_catalogued_and_as_bounds(client):
    ItemFactory(date_text="circa 1972")

    date = get(client, "/objects")["results"][0]["date"]

    assert date["text"] == "circa 1972"
    assert date["approximate"] is True
    assert datetime.date.fromisoformat(date["earliest"]) < datetime.date(1972, 1, 1)
