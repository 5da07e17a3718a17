import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collection.models import Item
from collection.search import RankedResults, update_search_documents
from core.models import Status
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


def search(query):
    return list(Item.objects.published().search(query))


@pytest.fixture
def kham_thien():
    item = ItemFactory(
        title_vi="Phố Khâm Thiên sau trận bom đêm 26/12/1972",
        title_en="Khâm Thiên Street after the bombing of 26 December 1972",
    )
    ItemFactory(title_en="A street in Haiphong")
    update_search_documents(Item.objects.all())
    return item


@pytest.mark.parametrize("query", ["kham thien", "Khâm Thiên", "KHAM THIEN", "khâm thien"])
def test_search_ignores_accents_and_case(kham_thien, query):
    assert search(query) == [kham_thien]


def test_decomposed_input_finds_the_same_object(kham_thien):
    # macOS sends Vietnamese decomposed (NFD); it is normalised before folding.
    import unicodedata

    assert search(unicodedata.normalize("NFD", "Khâm Thiên")) == [kham_thien]


def test_last_word_matches_as_a_prefix(kham_thien):
    assert search("kham thi") == [kham_thien]


def test_place_name_finds_its_photographs():
    hospital = PlaceFactory(name_vi="Bệnh viện Bạch Mai", name_en="Bạch Mai Hospital")
    photograph = ItemFactory(title_en="Rescue workers in the ruins")
    ItemPlaceFactory(item=photograph, place=hospital)
    ItemFactory(title_en="Something else")
    update_search_documents(Item.objects.all())

    assert search("bach mai") == [photograph]
    assert search("hospital") == [photograph]


def test_people_captions_and_variant_names_are_searched():
    item = ItemFactory(title_en="Untitled")
    CreatorFactory(
        item=item, person=PersonFactory(name="Chu Chí Thành", variant_names=["Chu Chi Thanh"])
    )
    image = ImageFactory(item=item, caption_vi="Đường Giải Phóng bị tàn phá")
    update_search_documents(Item.objects.filter(pk=image.item_id))

    assert search("chu chi thanh") == [item]
    assert search("giai phong") == [item]


def test_accession_number_and_its_parts_are_searched():
    item = ItemFactory(accession_number="BTHN.1972.001")
    update_search_documents(Item.objects.all())

    assert search("BTHN.1972.001") == [item]
    assert search("bthn") == [item]


def test_both_languages_are_searched_whatever_the_interface_language(kham_thien):
    assert search("bombing") == [kham_thien]
    assert search("trận bom") == [kham_thien]


def test_drafts_never_appear_in_results():
    ItemFactory(title_en="Khâm Thiên draft", draft=True)
    update_search_documents(Item.objects.all())

    assert search("kham thien") == []


def test_title_matches_rank_above_description_matches():
    described = ItemFactory(title_en="A crowd", description_en="People gather on Khâm Thiên.")
    titled = ItemFactory(title_en="Khâm Thiên", description_en="A street.")
    update_search_documents(Item.objects.all())

    assert search("kham thien") == [titled, described]


def test_exhibition_labels_of_published_exhibitions_are_searched():
    from exhibitions.models import Exhibition, ExhibitionItem, Section

    item = ItemFactory(title_en="Untitled")
    exhibition = Exhibition.objects.create(title_en="Hanoi 1972", slug="hanoi-1972")
    section = Section.objects.create(exhibition=exhibition, title_en="Confront", slug="confront")
    ExhibitionItem.objects.create(section=section, item=item, label_text_en="Anti-aircraft gun")
    update_search_documents(Item.objects.all())
    assert search("anti-aircraft") == []  # the exhibition is still a draft

    exhibition.status = Status.PUBLISHED
    exhibition.save()
    update_search_documents(Item.objects.all())
    assert search("anti-aircraft") == [item]


def test_punctuation_only_queries_find_nothing(kham_thien):
    assert search("") == []
    assert search(" -- ! ") == []
    assert search('"') == []


def test_websearch_syntax_is_understood(kham_thien):
    assert search('"kham thien" -haiphong') == [kham_thien]
    assert search("haiphong or kham") != []


def test_refresh_search_rebuilds_every_document():
    item = ItemFactory(title_en="Khâm Thiên")
    Item.objects.update(search_document=None)

    call_command("refresh_search", verbosity=0)

    assert search("kham thien") == [item]


def test_update_is_one_statement(django_assert_num_queries):
    items = ItemFactory.create_batch(5)
    # 1. UPDATE collection_item ... WHERE id IN (SELECT ...)
    # (the exhibition label subquery is part of the same statement)
    # 2-3. the words of the new documents and of their places' names, into the site's
    # vocabulary ("did you mean"), one INSERT each
    with django_assert_num_queries(3):
        assert update_search_documents(Item.objects.filter(pk__in=[i.pk for i in items])) == 5


def test_broad_searches_rank_a_bounded_number_of_matches(monkeypatch, client):
    monkeypatch.setattr("collection.search.MAX_RESULTS", 3)
    for number in range(5):
        ItemFactory(title_en=f"Hanoi street {number}")
    update_search_documents(Item.objects.all())

    assert len(search("hanoi")) == 3
    response = client.get("/en/search/", {"q": "hanoi"})
    assert "More than 3 objects match" in response.content.decode()


@pytest.fixture
def hanoi_streets():
    """Ten objects, the words "Hanoi street" in all, "coracle" in the last two only."""
    items = [ItemFactory(title_en=f"Hanoi street {number}") for number in range(8)]
    items += [ItemFactory(title_en=f"Hanoi street coracle {number}") for number in range(2)]
    update_search_documents(Item.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE collection_item")
    return items


def test_a_common_search_is_found_in_id_order_without_reading_every_match(
    monkeypatch, hanoi_streets
):
    monkeypatch.setattr("collection.search.MAX_RESULTS", 3)
    monkeypatch.setattr("collection.search.SCAN_ROWS", 5)
    monkeypatch.setattr("collection.search.COMMON_MATCHES", 0)
    # The planner's statistics of ten rows say little: here they say every object matches.
    monkeypatch.setattr(RankedResults, "_estimate", lambda self, queryset: 10)

    with CaptureQueriesContext(connection) as queries:
        found = Item.objects.published().search("hanoi").ids

    # Among the first five objects: every one matches, so the first three found are kept.
    assert found == [item.pk for item in hanoi_streets[:3]]
    assert any("AS scanned" in query["sql"] for query in queries.captured_queries)


def test_a_common_guess_that_is_wrong_falls_back_to_the_index(monkeypatch, hanoi_streets):
    monkeypatch.setattr("collection.search.MAX_RESULTS", 1)
    monkeypatch.setattr("collection.search.SCAN_ROWS", 5)
    monkeypatch.setattr("collection.search.COMMON_MATCHES", 0)
    # The planner's statistics say every object matches: none of the first five does.
    monkeypatch.setattr(RankedResults, "_estimate", lambda self, queryset: 10)

    found = Item.objects.published().search("coracle").ids

    assert len(found) == 1
    assert found[0] in {item.pk for item in hanoi_streets[8:]}
