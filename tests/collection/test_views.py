import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from collection.models import Item, Kind
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.public import all_sitemaps, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def full_item(**kwargs):
    """A published photograph with two images, a photographer, a place and a subject."""
    item = ItemFactory(**kwargs)
    ImageFactory(item=item, is_primary=True, caption_en="The street at dawn")
    ImageFactory(item=item, is_primary=False, alt_text_en="", caption_en="")
    CreatorFactory(item=item)
    ItemPlaceFactory(item=item)
    item.subjects.add(SubjectFactory())
    return item


# --- the object page ---------------------------------------------------------------


def test_object_page_shows_images_metadata_and_links(client):
    item = full_item(
        title_en="Khâm Thiên Street", internal_notes="SECRET NOTE", current_location="Shelf 9"
    )
    response = client.get(url("collection:item-detail", item.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Khâm Thiên Street</h1>" in html
    assert 'srcset="' in html
    assert " 400w" in html
    assert item.creator_links.get().person.get_absolute_url() in html
    assert item.place_links.get().place.get_absolute_url() in html
    assert item.subjects.get().get_absolute_url() in html
    assert f"http://testserver{item.get_absolute_url()}" in html  # permalink / citation
    assert "SECRET NOTE" not in html
    assert "Shelf 9" not in html


def test_every_image_has_alt_text(client):
    item = full_item(title_en="Khâm Thiên Street")
    html = client.get(url("collection:item-detail", item.pk)).content.decode()

    alts = re.findall(r"<img [^>]*alt=\"([^\"]*)\"", html)
    assert len(alts) == 2
    assert all(alts)
    assert "Khâm Thiên Street" in alts  # the image without alt text falls back to the title


def test_object_page_has_open_graph_and_json_ld(client):
    item = full_item(title_en="Khâm Thiên Street", kind=Kind.PHOTOGRAPH)
    html = client.get(url("collection:item-detail", item.pk)).content.decode()

    assert '<meta property="og:image" content="http://testserver/media/derivatives/' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Photograph"
    assert data["name"] == "Khâm Thiên Street"
    assert data["identifier"] == item.accession_number
    assert data["image"]["contentUrl"].startswith("http://testserver/media/")


def test_json_ld_cannot_be_closed_by_the_text_it_carries(client):
    item = ItemFactory(title_en="</script><script>alert(1)</script>")
    response = client.get(url("collection:item-detail", item.pk))
    html = response.content.decode()

    assert response.status_code == 200
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_draft_object_is_404_for_visitors(client):
    item = ItemFactory(draft=True)

    assert client.get(url("collection:item-detail", item.pk)).status_code == 404
    assert client.get(url("collection:item-detail", item.pk, language="vi")).status_code == 404


def test_staff_with_view_permission_preview_drafts(client):
    item = ItemFactory(draft=True, title_en="Not yet")
    staff = User.objects.create_user("curator", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(url("collection:item-detail", item.pk)).status_code == 404

    staff.user_permissions.add(Permission.objects.get(codename="view_item"))
    response = client.get(url("collection:item-detail", item.pk))
    assert response.status_code == 200
    assert "only staff can see this page" in response.content.decode()


def test_object_page_lists_only_published_exhibitions(client):
    from core.models import Status
    from exhibitions.models import Exhibition, ExhibitionItem, Section

    item = ItemFactory()
    for title, status in (("Shown", Status.PUBLISHED), ("Secret plans", Status.DRAFT)):
        exhibition = Exhibition.objects.create(
            title_en=title, slug=title.lower().replace(" ", "-"), status=status
        )
        section = Section.objects.create(exhibition=exhibition, title_en="One", slug="one")
        ExhibitionItem.objects.create(section=section, item=item)
    html = client.get(url("collection:item-detail", item.pk)).content.decode()

    assert "Shown" in html
    assert "Secret plans" not in html


def test_content_falls_back_to_the_other_language(client):
    item = ItemFactory(title_vi="Phố Khâm Thiên", title_en="")
    html = client.get(url("collection:item-detail", item.pk, language="en")).content.decode()

    # Marked as Vietnamese, for screen readers on the English page (WCAG 3.1.2).
    assert '<h1 lang="vi">Phố Khâm Thiên</h1>' in html


def test_object_page_query_count_is_constant(client, django_assert_num_queries):
    from tests.exhibitions.factories import ExhibitionItemFactory, SectionFactory

    def exhibited_with_neighbours(item, neighbours):
        section = SectionFactory()
        for other in [item, *(ImageFactory().item for _ in range(neighbours))]:
            ExhibitionItemFactory(section=section, item=other)
        return section

    few = ItemFactory()
    CreatorFactory(item=few)
    ItemPlaceFactory(item=few)
    CreatorFactory(item=ImageFactory().item, person=few.creator_links.get().person)
    many = full_item()
    for _ in range(3):
        ImageFactory(item=many, is_primary=False)
        CreatorFactory(item=many)
        ItemPlaceFactory(item=many)
    # Related objects of its first place and by its first person, the groups shown.
    for link in many.place_links.all():
        for _ in range(5):
            ItemPlaceFactory(item=ImageFactory().item, place=link.place)
    for link in many.creator_links.all():
        CreatorFactory(item=ImageFactory().item, person=link.person)
    # 1. the item  2. its images  3. creator links + people  4. place links + places
    # 5. subjects  6. the published sections showing it, with their exhibitions
    # 7. the other objects of the section it came from  8. their primary images
    # 9. the ids of objects of its first place  10. of those by its first person (each
    # from its link table's index)  11. those objects  12. their primary images
    for item, neighbours in ((few, 1), (many, 10)):
        section = exhibited_with_neighbours(item, neighbours)
        address = url("collection:item-detail", item.pk, query=f"?section={section.pk}")
        with django_assert_num_queries(12):
            assert client.get(address).status_code == 200


# --- browse ------------------------------------------------------------------------


def test_browse_lists_published_objects_only(client):
    ItemFactory(title_en="Visible photograph")
    ItemFactory(title_en="Hidden draft", draft=True)
    html = client.get(url("collection:item-list")).content.decode()

    assert "Visible photograph" in html
    assert "Hidden draft" not in html
    assert "1 object" in html


def test_browse_counts_ignore_drafts(client):
    ItemFactory(kind=Kind.PHOTOGRAPH)
    ItemFactory(kind=Kind.PHOTOGRAPH, draft=True)
    ItemFactory(kind=Kind.DOCUMENT, draft=True)
    html = client.get(url("collection:item-list")).content.decode()

    assert "Photograph (1)" in html
    assert "Document (0)" in html


def test_browse_does_not_offer_people_known_only_from_drafts(client):
    CreatorFactory(item=ItemFactory(draft=True), person=PersonFactory(name="Draft Person"))
    CreatorFactory(item=ItemFactory(), person=PersonFactory(name="Public Person"))
    html = client.get(url("collection:item-list")).content.decode()

    assert "Public Person" in html
    assert "Draft Person" not in html


def test_filter_menus_are_in_the_language_of_the_page_whichever_came_first(client):
    place = PlaceFactory(name_vi="Phố Khâm Thiên", name_en="Kham Thien Street")
    ItemPlaceFactory(item=ItemFactory(kind=Kind.PHOTOGRAPH), place=place)
    english = client.get(url("collection:item-list", language="en")).content.decode()

    vietnamese = client.get(url("collection:item-list", language="vi")).content.decode()

    assert "Kham Thien Street" in english
    assert "Photograph (1)" in english
    assert "Phố Khâm Thiên" in vietnamese
    assert "Ảnh (1)" in vietnamese
    assert "Kham Thien Street" not in vietnamese
    assert "Photograph (1)" not in vietnamese


@pytest.mark.parametrize("value", ["²", "٣", "１", "9" * 30, "-1", "x"])
def test_person_place_and_subject_filters_refuse_values_that_are_no_record(client, value):
    """ "²" passes str.isdigit() but is no number: it was a server error."""
    ItemFactory()
    for name in ("person", "place", "subject"):
        response = client.get(url("collection:item-list", query=f"?{name}={value}"))
        assert response.status_code == 200, name
        assert response.context["filter"].errors[name], name


def test_search_query_with_a_nul_character_is_a_bad_request(client):
    assert client.get("/vi/search/?q=a%00b").status_code == 400
    assert client.get("/vi/search/?q=ab").status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=document", {"Letter"}),
        ("?year_from=1973", {"Letter"}),
        ("?year_to=1972", {"Street"}),
        ("?year_from=1972&year_to=1972", {"Street"}),
        ("?has_image=on", {"Street"}),
    ],
)
def test_filters_narrow_the_grid(client, query, expected):
    street = ItemFactory(title_en="Street", kind=Kind.PHOTOGRAPH, date_text="December 1972")
    ImageFactory(item=street)
    ItemFactory(title_en="Letter", kind=Kind.DOCUMENT, date_text="1975")
    response = client.get(url("collection:item-list", query=query))

    assert {item.title for item in response.context["object_list"]} == expected


def test_person_place_and_subject_filters(client):
    person, place, subject = PersonFactory(), PlaceFactory(), SubjectFactory()
    item = ItemFactory(title_en="Tagged")
    CreatorFactory(item=item, person=person, role="photographer")
    CreatorFactory(item=item, person=person, role="donor")  # twice: shown once
    ItemPlaceFactory(item=item, place=place)
    item.subjects.add(subject)
    ItemFactory(title_en="Other")

    for query in (f"?person={person.pk}", f"?place={place.pk}", f"?subject={subject.pk}"):
        response = client.get(url("collection:item-list", query=query))
        assert [i.title for i in response.context["object_list"]] == ["Tagged"], query


def test_sorting_by_date(client):
    ItemFactory(title_en="Later", date_text="1975")
    ItemFactory(title_en="Earlier", date_text="1968")
    ItemFactory(title_en="Undated", date_text="")

    oldest = client.get(url("collection:item-list", query="?sort=date")).context["object_list"]
    newest = client.get(url("collection:item-list", query="?sort=-date")).context["object_list"]
    assert [i.title for i in oldest] == ["Earlier", "Later", "Undated"]
    assert [i.title for i in newest] == ["Later", "Earlier", "Undated"]


def test_browse_paginates_and_keeps_the_filters(client):
    ItemFactory.create_batch(30, kind=Kind.PHOTOGRAPH)
    response = client.get(url("collection:item-list", query="?kind=photograph"))

    assert len(response.context["object_list"]) == 24
    assert "?kind=photograph&amp;page=2" in response.content.decode()
    second = client.get(url("collection:item-list", query="?kind=photograph&page=2"))
    assert len(second.context["object_list"]) == 6


def test_browse_query_count_is_constant(client, django_assert_num_queries):
    def render():
        # Adding objects is a content change: it makes pages and remembered values stale.
        invalidate_public_pages()
        # 1. kind counts  2. count  3. the page's ids  4. their objects  5. their first
        # images  6-11. the most used people, places and subjects (the menus), counted
        # from the links, then their names; 1, 2 and 6-11 are then remembered until the
        # next change.
        with django_assert_num_queries(11):
            assert client.get(url("collection:item-list")).status_code == 200
        # Until then only 3-5 run (the page cache is off in this module).
        with django_assert_num_queries(3):
            assert client.get(url("collection:item-list")).status_code == 200

    full_item()
    render()
    for _ in range(30):
        full_item()
    render()


def test_a_card_shows_its_image_or_a_text_tile_with_its_words_escaped_and_marked(client):
    pictured = ItemFactory(title_vi="Ảnh <b>phố</b>", title_en="", date_text="1972")
    ImageFactory(item=pictured, alt_text_en="", caption_en="")
    plain = ItemFactory(
        kind="document", title_en="Letter & note", accession_number="BT.9", date_text=""
    )
    html = client.get(url("collection:item-list", language="en")).content.decode()

    card = html[html.index(pictured.get_absolute_url()) - 40 :]
    card = card[: card.index("</article>")]
    # The Vietnamese title on the English page is marked as such, and escaped.
    assert '<h3 class="card__title" lang="vi">Ảnh &lt;b&gt;phố&lt;/b&gt;</h3>' in card
    assert re.search(r'<img alt="Ảnh &lt;b&gt;phố&lt;/b&gt;" decoding="async" height="\d+"', card)
    assert 'lang="vi" loading="lazy" src="/media/' in card
    assert "1972" in card
    tile = html[html.index(plain.get_absolute_url()) :]
    tile = tile[: tile.index("</article>")]
    assert '<span class="text-tile__title">Letter &amp; note</span>' in tile
    assert '<span class="text-tile__number">BT.9</span>' in tile
    assert '<p class="card__meta">Document</p>' in tile


# --- search ------------------------------------------------------------------------


def test_search_page_finds_and_ranks(client):
    item = ItemFactory(title_vi="Phố Khâm Thiên", title_en="Khâm Thiên Street")
    ItemFactory(title_en="Khâm Thiên draft", draft=True)
    update_search_documents(Item.objects.all())
    response = client.get(url("museum:search", query="?q=kham+thien"))

    assert list(response.context["object_list"]) == [item]
    assert "Khâm Thiên draft" not in response.content.decode()


def test_search_results_are_paged_best_first_and_counted(client):
    in_titles = [ItemFactory(title_en=f"Long Biên bridge {n}") for n in range(20)]
    in_descriptions = [
        ItemFactory(title_en=f"Photograph {n}", description_en="Near the Long Biên bridge.")
        for n in range(10)
    ]
    update_search_documents(Item.objects.all())

    first = client.get(url("museum:search", query="?q=long+bien+bridge"))
    second = client.get(url("museum:search", query="?q=long+bien+bridge&page=2"))

    shown = list(first.context["object_list"]) + list(second.context["object_list"])
    assert shown[:20] == sorted(in_titles, key=lambda item: item.pk)  # title words weigh more
    assert shown[20:] == sorted(in_descriptions, key=lambda item: item.pk)
    assert "30 objects found" in first.content.decode()
    assert len(first.context["object_list"]) == 24


def test_search_suggests_people_and_places_with_published_objects_only(client):
    place = PlaceFactory(name_vi="Bệnh viện Bạch Mai", name_en="Bạch Mai Hospital")
    ItemPlaceFactory(item=ItemFactory(), place=place)
    hidden = PlaceFactory(name_vi="Bạch Mai secret")
    ItemPlaceFactory(item=ItemFactory(draft=True), place=hidden)
    response = client.get(url("museum:search", query="?q=bach+mai"))

    assert list(response.context["places"]) == [place]


def test_empty_search_shows_the_form(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(url("museum:search"))
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_search_query_count_is_constant(client, django_assert_num_queries):
    def render():
        # 1. the planner's estimate of the matches (collection.search.RankedResults)
        # 2. the ranked ids (no separate count)  3. the page's objects  4. their first
        # images  5-7. matching exhibitions, sections, events  8. matching people
        # 9. matching places. The filters' menus are remembered (see browse).
        with django_assert_num_queries(9):
            assert client.get(url("museum:search", query="?q=photograph")).status_code == 200

    full_item()
    update_search_documents(Item.objects.all())
    client.get(url("museum:search", query="?q=photograph"))
    render()
    for _ in range(30):
        full_item()
    update_search_documents(Item.objects.all())
    render()


# --- people, places, subjects ------------------------------------------------------


@pytest.mark.parametrize("kind", ["person", "place", "subject"])
def test_authority_pages_list_published_objects(client, kind):
    item = full_item(title_en="Published one")
    draft = ItemFactory(title_en="Draft one", draft=True)
    record = {
        "person": lambda: item.creator_links.get().person,
        "place": lambda: item.place_links.get().place,
        "subject": lambda: item.subjects.get(),
    }[kind]()
    getattr(draft, {"person": "creators", "place": "places", "subject": "subjects"}[kind]).add(
        record
    )
    html = client.get(record.get_absolute_url()).content.decode()

    assert "Published one" in html
    assert "Draft one" not in html


def test_person_known_only_from_drafts_is_404(client):
    link = CreatorFactory(item=ItemFactory(draft=True))

    assert client.get(link.person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", ["person", "place", "subject"])
def test_authority_page_query_count_is_constant(client, django_assert_num_queries, kind):
    person, place, subject = PersonFactory(), PlaceFactory(), SubjectFactory()
    record = {"person": person, "place": place, "subject": subject}[kind]

    def add_item():
        item = ItemFactory()
        ImageFactory(item=item)
        CreatorFactory(item=item, person=person)
        ItemPlaceFactory(item=item, place=place)
        item.subjects.add(subject)

    def render():
        invalidate_public_pages()
        # 1. the record (if a published object points to it)  2. count (then remembered
        # until the next change)  3. the page's ids  4. their objects  5. their first images
        with django_assert_num_queries(5):
            assert client.get(record.get_absolute_url()).status_code == 200
        with django_assert_num_queries(4):
            assert client.get(record.get_absolute_url()).status_code == 200

    add_item()
    render()
    for _ in range(30):
        add_item()
    render()


# --- sitemap -----------------------------------------------------------------------


def test_sitemap_lists_published_content_in_both_languages(client):
    item = ItemFactory()
    draft = ItemFactory(draft=True)
    CreatorFactory(item=draft, person=PersonFactory(name="Only In Drafts"))
    xml = all_sitemaps(client)

    assert f"http://testserver/vi/collection/objects/{item.pk}/" in xml
    assert f"http://testserver/en/collection/objects/{item.pk}/" in xml
    assert f"/collection/objects/{draft.pk}/" not in xml
    assert f"/people/{draft.creator_links.get().person.pk}/" not in xml
