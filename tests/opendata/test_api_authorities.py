"""The API's people, places and subjects: those a published object points to, as on the
site, each with its objects' address and count."""

from decimal import Decimal

import pytest

from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.opendata.api_records import every_page, get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def people():
    """Five people with published objects (one twice on the same object), one known only
    from a draft, one from nothing."""
    shown = []
    for n in range(5):
        person = PersonFactory(name=f"Nguyễn Văn {n}", birth_year=1930 + n, biography_en="Bio")
        for _ in range(n + 1):
            CreatorFactory(item=ItemFactory(), person=person)
        shown.append(person)
    CreatorFactory(item=shown[0].creator_links.get().item, person=shown[0], role="donor")
    hidden = PersonFactory(name="Only In A Draft")
    CreatorFactory(item=ItemFactory(draft=True), person=hidden)
    PersonFactory(name="Nobody's")
    return shown, hidden


def test_people_are_those_a_published_object_names(client, people):
    shown, hidden = people

    results, pages = every_page(client, "/people?limit=2")

    assert [result["id"] for result in results] == sorted(person.pk for person in shown)
    assert pages == 3
    first = results[0]
    assert first["name"] == {"vi": "Nguyễn Văn 0", "en": "Nguyễn Văn 0"}
    assert first["birth_year"] == 1930
    assert first["biography"] == {"vi": None, "en": "Bio"}
    assert first["permalink"]["en"] == f"http://testserver/en/people/{shown[0].pk}/"
    assert first["objects"] == f"http://testserver/api/v1/objects?person={shown[0].pk}"


def test_a_person_counts_their_published_objects_once_each(client, people):
    shown, hidden = people
    ItemFactory(draft=True)
    CreatorFactory(item=ItemFactory(draft=True), person=shown[2])

    assert get(client, f"/people/{shown[0].pk}")["objects_count"] == 1
    data = get(client, f"/people/{shown[2].pk}")
    assert data["objects_count"] == 3
    objects = get(client, data["objects"])["results"]
    assert len(objects) == 3


def test_a_person_known_only_from_drafts_is_a_404(client, people):
    _shown, hidden = people

    assert get(client, f"/people/{hidden.pk}", status=404)["error"]["code"] == "not_found"
    get(client, "/people/987654321", status=404)


def test_places_are_given_in_both_languages_with_their_coordinates(client):
    place = PlaceFactory(
        name_vi="Phố Khâm Thiên",
        name_en="Khâm Thiên Street",
        latitude=Decimal("21.019000"),
        longitude=Decimal("105.838000"),
    )
    ItemPlaceFactory(item=ItemFactory(), place=place)
    ItemPlaceFactory(item=ItemFactory(draft=True), place=PlaceFactory())

    results = get(client, "/places")["results"]
    data = get(client, f"/places/{place.pk}")

    assert [result["id"] for result in results] == [place.pk]
    assert data["name"] == {"vi": "Phố Khâm Thiên", "en": "Khâm Thiên Street"}
    assert data["latitude"] == 21.019
    assert data["longitude"] == 105.838
    assert data["objects_count"] == 1


def test_subjects_with_published_objects_only(client):
    subject = SubjectFactory(name_vi="Chiến tranh", name_en="War", description_en="Of 1972")
    ItemFactory().subjects.add(subject)
    hidden = SubjectFactory()
    ItemFactory(draft=True).subjects.add(hidden)

    results = get(client, "/subjects")["results"]

    assert [result["name"] for result in results] == [{"vi": "Chiến tranh", "en": "War"}]
    assert results[0]["description"] == {"vi": None, "en": "Of 1972"}
    assert get(client, f"/subjects/{subject.pk}")["objects_count"] == 1
    get(client, f"/subjects/{hidden.pk}", status=404)
    assert get(client, results[0]["objects"])["results"][0]["id"]


@pytest.mark.parametrize("resource", ["people", "places", "subjects"])
def test_a_list_is_one_query_and_a_record_two(client, django_assert_num_queries, resource):
    for _ in range(4):
        item = ItemFactory()
        CreatorFactory(item=item)
        ItemPlaceFactory(item=item)
        item.subjects.add(SubjectFactory())
    # The page of records, each with the EXISTS of a published object.
    with django_assert_num_queries(1):
        results = get(client, f"/{resource}")["results"]
    assert len(results) == 4
    # The record, then how many published objects point to it.
    with django_assert_num_queries(2):
        get(client, f"/{resource}/{results[0]['id']}")
