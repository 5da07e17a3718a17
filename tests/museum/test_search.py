"""The site's search: no dead ends. Objects, exhibitions, sections and events in groups;
"did you mean" from the site's own words; letters and digits however they are joined;
the browse filters on the results."""

import io

import pytest
from django.core.management import call_command

from collection.models import Item, Kind
from collection.search import update_search_documents
from core import vocabulary
from museum.management.commands import load_demo
from tests.collection.factories import ImageFactory, ItemFactory, ItemPlaceFactory, PlaceFactory
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, SectionFactory
from tests.public import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def search(client, query, language="en", **params):
    return client.get(url("museum:search", language=language), {"q": query, **params})


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    call_command("load_demo", stdout=io.StringIO())


def shown_objects(response):
    return {item.accession_number for item in response.context["object_list"]}


def test_exhibitions_sections_and_events_are_found_beside_objects(client):
    exhibition = ExhibitionFactory(title_en="Aspiration for Peace", title_vi="Khát vọng hòa bình")
    SectionFactory(exhibition=exhibition, title_en="Peace and rebuilding")
    EventFactory(title_en="A talk on peace")
    ItemFactory(title_en="Peace poster")
    ItemFactory(title_en="Unrelated")
    update_search_documents(Item.objects.all())

    response = search(client, "peace")

    assert [e.title for e in response.context["exhibitions"]] == ["Aspiration for Peace"]
    assert [s.title for s in response.context["sections"]] == ["Peace and rebuilding"]
    assert [e.title for e in response.context["events"]] == ["A talk on peace"]
    assert [i.title for i in response.context["object_list"]] == ["Peace poster"]
    html = response.text
    for heading in ("Exhibitions", "Sections of exhibitions", "Events", "Objects"):
        assert heading in html
    # Accents and case do not matter, in either language.
    assert search(client, "KHAT VONG").context["exhibitions"] == [exhibition]


def test_draft_exhibitions_and_events_are_not_found(client):
    ExhibitionFactory(title_en="Secret peace", status="draft")
    EventFactory(title_en="Secret peace talk", status="draft")

    response = search(client, "secret")

    assert response.context["exhibitions"] == []
    assert response.context["events"] == []


def test_letters_and_digits_match_with_a_hyphen_a_space_or_neither(client, demo):
    found = {query: shown_objects(search(client, query)) for query in ("B52", "B-52", "B 52")}

    assert found["B52"]
    assert found["B52"] == found["B-52"] == found["B 52"]
    # The introduction writes "34 B52 bombers": the exhibition is found by "B-52" too.
    assert search(client, "B-52").context["exhibitions"]


def test_a_misspelt_query_is_searched_as_the_collections_own_words(client, demo):
    response = search(client, "kham thein")

    assert response.context["suggestion"] == "Khâm Thiên"
    assert shown_objects(response) == {"DEMO.1972.005", "DEMO.1972.008"}
    html = response.text
    assert "Did you mean" in html
    assert 'href="/en/search/?q=Kh%C3%A2m+Thi%C3%AAn"' in html


def test_no_suggestion_when_something_matched(client, demo):
    response = search(client, "kham thien")

    assert response.context["suggestion"] is None
    assert shown_objects(response)


def test_no_suggestion_that_would_find_nothing(client):
    vocabulary.add_words("lighthouse")  # a word of some draft, say

    response = search(client, "lighthuose")

    assert response.context["suggestion"] is None
    assert "Nothing matched" in response.text


def test_the_results_have_the_browse_filters_and_their_chips(client):
    place = PlaceFactory(name_vi="Phố Khâm Thiên", name_en="Khâm Thiên Street")
    street = ItemFactory(title_en="Street photograph", kind=Kind.PHOTOGRAPH)
    ItemPlaceFactory(item=street, place=place)
    ImageFactory(item=street)
    ItemFactory(title_en="Street document", kind=Kind.DOCUMENT)
    update_search_documents(Item.objects.all())

    response = search(client, "street", kind="photograph")

    assert [i.title for i in response.context["object_list"]] == ["Street photograph"]
    html = response.text
    assert 'name="q" value="street"' in html  # the filters keep the words
    assert 'name="year_from"' in html
    assert 'name="sort"' not in html  # results come best first
    assert 'href="?q=street"' in html  # the chip that removes the kind


def test_empty_search_builds_no_filters(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url("museum:search"))
    assert "filter" not in response.context or response.context["filter"] is None


def test_the_vocabulary_prefers_a_swapped_letter_to_a_missing_one():
    vocabulary.add_words("Phố Khâm Thiên then their")

    assert vocabulary.suggestion("kham thein") == "Khâm Thiên"
    assert vocabulary.suggestion("kham thien") is None  # every word is known
    assert vocabulary.suggestion("zzzzqqq") is None  # nothing close


def test_edit_distance_counts_a_swap_as_one():
    assert vocabulary.distance("thein", "thien") == 1
    assert vocabulary.distance("thein", "then") == 1
    assert vocabulary.distance("bach", "bạch") == 1
    assert vocabulary.distance("", "abc") == 3
