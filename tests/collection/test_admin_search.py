"""The objects' change list at scale (collection.admin_search): search through the search
documents and an accession-number prefix, both answerable by indexes; filters that list
the most linked records rather than every one."""

import pytest
from django.db import connection
from django.urls import reverse

from collection.admin_search import TOP_LINKED, search_matches
from collection.models import Item
from collection.search import update_search_documents
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:collection_item_changelist")


@pytest.fixture
def catalogue():
    street = ItemFactory(
        accession_number="BTHN.1972.100",
        title_vi="Phố Khâm Thiên sau trận bom",
        title_en="Kham Thien Street after the bombing",
    )
    hospital = ItemFactory(accession_number="BTHN.1973.7", title_en="Bach Mai hospital", draft=True)
    CreatorFactory(item=hospital, person=PersonFactory(name="Chu Chí Thành"))
    stadium = ItemFactory(accession_number="LS.2001.3", title_en="A stadium")
    ItemPlaceFactory(item=stadium, place=PlaceFactory(name_vi="Hàng Đẫy", name_en="Hang Day"))
    update_search_documents(Item.objects.all())
    return {"street": street, "hospital": hospital, "stadium": stadium}


def found(client, term):
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {item.accession_number for item in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("kham thien", {"BTHN.1972.100"}),  # words of a title, accents optional
        ("Khâm Thiên bom", {"BTHN.1972.100"}),  # the Vietnamese title
        ("after the bomb", {"BTHN.1972.100"}),  # the English title; the last word a prefix
        ("chu chi thanh", {"BTHN.1973.7"}),  # a person; drafts are found too
        ("hang day", {"LS.2001.3"}),  # a place
        ("bthn.197", {"BTHN.1972.100", "BTHN.1973.7"}),  # an accession number's beginning
        ("BTHN.1973.7", {"BTHN.1973.7"}),
        ("hospital stadium", set()),  # every word must match
        ("...", set()),
    ],
)
def test_the_change_list_search_finds_by_words_people_places_and_number(
    admin_client, catalogue, term, expected
):
    assert found(admin_client, term) == expected


def test_a_search_runs_a_constant_number_of_queries(
    admin_client, catalogue, django_assert_num_queries
):
    for number in range(20):
        ItemFactory(accession_number=f"BTHN.1972.{200 + number}", title_en=f"Kham Thien {number}")
    update_search_documents(Item.objects.all())

    admin_client.get(CHANGELIST)  # the filters' choices, kept for a few minutes

    # 1. the session  2. its user  3. the filters' chosen names: places  4. people
    # 5. the ids of the first found  6. the count of those  7. the results  8. their
    # first images (and the savepoint around the list's queries: 9, 10)
    with django_assert_num_queries(10):
        response = admin_client.get(CHANGELIST, {"q": "kham thien"})
    assert len(response.context["cl"].result_list) == 21


def test_a_search_finding_more_than_it_counts_says_more_than(admin_client, catalogue, monkeypatch):
    monkeypatch.setattr("collection.admin_search.MAX_COUNTED", 3)
    for number in range(5):
        ItemFactory(accession_number=f"BTHN.1972.{200 + number}", title_en=f"Kham Thien {number}")
    update_search_documents(Item.objects.all())

    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = admin_client.get(CHANGELIST, {"q": "kham thien"}, **english)
    html = response.text

    assert response.context["cl"].search_capped
    assert len(response.context["cl"].result_list) == 3
    assert "3 listed, of more than 3 found" in html
    assert "more than 3 results, the first 3 found listed" in html
    # A search finding fewer, and the list without a search, count exactly.
    fewer = admin_client.get(CHANGELIST, {"q": "bthn.1972.10"}, **english)
    assert not fewer.context["cl"].search_capped
    assert "1 result" in fewer.text
    assert "more than" not in fewer.text
    assert "more than" not in admin_client.get(CHANGELIST, **english).text


def test_the_capped_count_is_said_in_vietnamese(admin_client, catalogue, monkeypatch):
    monkeypatch.setattr("collection.admin_search.MAX_COUNTED", 1)
    html = admin_client.get(CHANGELIST, {"q": "bthn"}, HTTP_ACCEPT_LANGUAGE="vi").text

    assert "liệt kê 1, trong hơn 1 tìm được" in html
    assert "hơn 1 kết quả, liệt kê 1 kết quả tìm được đầu tiên" in html


def explain(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_search_can_be_answered_by_indexes_alone(rf, admin_user, catalogue):
    from django.contrib.admin.sites import site

    model_admin = site._registry[Item]
    request = rf.get(CHANGELIST)
    request.user = admin_user
    _results, may_have_duplicates = model_admin.get_search_results(
        request, Item.objects.all(), "bthn kham"
    )
    plan = explain(search_matches(Item.objects.all(), "bthn kham"))

    assert not may_have_duplicates  # no join, so no DISTINCT over the results
    assert "collection_item_search" in plan  # the words: the documents' GIN index
    assert "collection_item_number_prefix" in plan  # the number: its prefix index
    assert "Seq Scan" not in plan


def test_the_people_filter_offers_the_most_linked_and_the_chosen_one(admin_client):
    prolific = PersonFactory(name="Võ An Ninh")
    for _ in range(3):
        CreatorFactory(person=prolific)
    rare = [PersonFactory(name=f"Rare {n:02d}") for n in range(TOP_LINKED + 5)]
    for person in rare:
        CreatorFactory(person=person)

    def choices(**params):
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200
        spec = next(
            f
            for f in response.context["cl"].filter_specs
            if getattr(f, "parameter_name", "") == "creators__id__exact"
        )
        return [title for _value, title in spec.lookup_choices]

    offered = choices()
    assert len(offered) == TOP_LINKED
    assert "Võ An Ninh" in offered

    last = rare[-1]
    chosen = choices(creators__id__exact=str(last.pk))
    assert last.name in chosen
    response = admin_client.get(CHANGELIST, {"creators__id__exact": str(last.pk)})
    assert [item.pk for item in response.context["cl"].result_list] == [
        link.item_id for link in last.creator_links.all()
    ]


@pytest.mark.parametrize("value", ["abc", "1" * 40, "-3", "٣"])
def test_a_filter_value_no_link_offers_goes_back_to_the_whole_list(admin_client, value):
    response = admin_client.get(CHANGELIST, {"places__id__exact": value})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")
