import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission, User

from core.models import Status
from tests.collection.factories import ImageFactory, ItemFactory
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory
from tests.public import all_sitemaps, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def test_exhibition_page_shows_published_objects_only(client):
    section = SectionFactory()
    ExhibitionItemFactory(section=section, item=ItemFactory(title_en="Shown object"))
    ExhibitionItemFactory(
        section=section, item=ItemFactory(title_en="Draft object", status=Status.DRAFT)
    )

    response = client.get(f"/en{section.exhibition.get_absolute_url()[3:]}")

    assert response.status_code == 200
    assert "Shown object" in response.text
    assert "Draft object" not in response.text


def test_draft_exhibition_and_its_sections_are_404_for_visitors(client):
    section = SectionFactory(exhibition__status=Status.DRAFT)

    assert client.get(section.exhibition.get_absolute_url()).status_code == 404
    assert client.get(section.get_absolute_url()).status_code == 404


def test_section_page_shows_the_label_written_for_the_exhibition(client):
    exhibited = ExhibitionItemFactory(label_title_vi="Nhãn riêng")

    response = client.get(exhibited.section.get_absolute_url())

    assert response.status_code == 200
    assert "Nhãn riêng" in response.text


# --- shared helpers ----------------------------------------------------------------


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def exhibit(section, **item_kwargs):
    """An object with a primary image, shown in ``section``."""
    item = ItemFactory(**item_kwargs)
    ImageFactory(item=item, alt_text_en="")  # the title stands in as the alt text
    return ExhibitionItemFactory(section=section, item=item)


TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


# --- the list ----------------------------------------------------------------------


def test_list_groups_current_upcoming_and_past_exhibitions(client):
    ExhibitionFactory(title_en="On now", opens_on=TODAY - 9 * DAY, closes_on=TODAY + DAY)
    ExhibitionFactory(title_en="Permanent", opens_on=TODAY - 900 * DAY, is_permanent=True)
    ExhibitionFactory(title_en="Soon", opens_on=TODAY + 9 * DAY)
    ExhibitionFactory(title_en="Closed", opens_on=TODAY - 90 * DAY, closes_on=TODAY - DAY)
    ExhibitionFactory(title_en="Hidden draft", status=Status.DRAFT)

    response = client.get(url("exhibitions:exhibition-list"))

    assert [e.title for e in response.context["current_exhibitions"]] == ["On now", "Permanent"]
    assert [e.title for e in response.context["upcoming_exhibitions"]] == ["Soon"]
    assert [e.title for e in response.context["object_list"]] == ["Closed"]
    assert "Hidden draft" not in response.text


def test_exhibition_closed_since_the_server_started_is_listed_as_past(client, monkeypatch):
    ExhibitionFactory(title_en="Closing soon", opens_on=TODAY - 9 * DAY, closes_on=TODAY + DAY)
    assert client.get(url("exhibitions:exhibition-list")).status_code == 200
    # The same process, three days later: "today" is read per request.
    later = TODAY + 3 * DAY
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: later)

    response = client.get(url("exhibitions:exhibition-list"))

    assert [e.title for e in response.context["object_list"]] == ["Closing soon"]
    assert response.context["current_exhibitions"].count() == 0
    assert "Closing soon" in response.text


def test_every_page_links_to_the_exhibition_and_event_lists(client):
    html = client.get(url("museum:home", language="vi")).text

    assert 'href="/vi/exhibitions/"' in html
    assert 'href="/vi/events/"' in html


def test_list_query_count_is_constant(client, django_assert_num_queries):
    def render():
        # 1. current exhibitions + hero images  2. upcoming ones  3. count of past ones
        # 4. the page of past ones + hero images
        with django_assert_num_queries(4):
            assert client.get(url("exhibitions:exhibition-list")).status_code == 200

    ExhibitionFactory(opens_on=TODAY, hero_image=ImageFactory())
    ExhibitionFactory(closes_on=TODAY - DAY, hero_image=ImageFactory())
    render()
    for offset in range(1, 20):
        ExhibitionFactory(opens_on=TODAY - offset * DAY, hero_image=ImageFactory())
        ExhibitionFactory(opens_on=TODAY + offset * DAY, hero_image=ImageFactory())
        ExhibitionFactory(closes_on=TODAY - offset * DAY, hero_image=ImageFactory())
    render()


# --- an exhibition -----------------------------------------------------------------


def test_exhibition_page_shows_its_facts_and_sections_in_order(client):
    exhibition = ExhibitionFactory(
        title_en="Hanoi 1972",
        subtitle_en="Aspiration for Peace",
        venue_en="Hanoi Museum",
        organisers_en="Hanoi Department of Culture",
        opens_on=datetime.date(2022, 12, 1),
        closes_on=datetime.date(2023, 2, 28),
        introduction_en="Photographs of twelve days.",
        hero_image=ImageFactory(),
    )
    second = SectionFactory(exhibition=exhibition, title_en="Second room", position=2)
    first = SectionFactory(exhibition=exhibition, title_en="First room", position=1)
    exhibit(first)

    html = client.get(exhibition.get_absolute_url()).text

    assert html.index("First room") < html.index("Second room")
    assert first.get_absolute_url() in html
    assert second.get_absolute_url() in html
    for text in ("Aspiration for Peace", "Hanoi Museum", "Hanoi Department of Culture"):
        assert text in html
    assert '<meta name="description" content="Photographs of twelve days.">' in html
    assert '<meta property="og:image" content="http://testserver/media/derivatives/' in html


def test_exhibition_page_has_exhibition_event_json_ld(client):
    exhibition = ExhibitionFactory(
        title_en="Hanoi 1972",
        venue_en="Hanoi Museum",
        organisers_en="Hanoi Department of Culture",
        opens_on=datetime.date(2022, 12, 1),
        hero_image=ImageFactory(),
    )

    data = json_ld(client.get(url("exhibitions:exhibition-detail", exhibition.slug)).text)

    assert data["@type"] == "ExhibitionEvent"
    assert data["name"] == "Hanoi 1972"
    assert data["startDate"] == "2022-12-01"
    assert "endDate" not in data  # not known
    assert data["location"] == {"@type": "Place", "name": "Hanoi Museum"}
    assert data["organizer"]["name"] == "Hanoi Department of Culture"
    assert data["url"] == f"http://testserver/en/exhibitions/{exhibition.slug}/"
    assert data["image"].startswith("http://testserver/media/derivatives/")


def test_hero_image_of_a_draft_object_is_not_shown(client):
    hero = ImageFactory(item=ItemFactory(status=Status.DRAFT))
    exhibition = ExhibitionFactory(hero_image=hero, title="Triển lãm có ảnh nháp")

    response = client.get(exhibition.get_absolute_url())
    html = response.text

    assert response.status_code == 200
    assert "Triển lãm có ảnh nháp" in html
    assert hero.display.url not in html
    assert "og:image" not in html


@pytest.mark.parametrize("how", ["draft", "unpublished later"])
def test_hero_image_of_an_unpublished_object_is_on_no_card(client, how):
    """The home page, the exhibition list and an event's page show the exhibition's card
    without the image, its addresses or its alt text (finding 1 of issue 17)."""
    hero = ImageFactory(alt_text_en="Secret draft photo", alt_text_vi="Ảnh nháp bí mật")
    if how == "draft":
        hero.item.status = Status.DRAFT
        hero.item.save()
    exhibition = ExhibitionFactory(hero_image=hero, title_en="Open show", opens_on=TODAY)
    if how == "unpublished later":
        type(hero.item).objects.filter(pk=hero.item.pk).update(status=Status.DRAFT)
    event = EventFactory()
    event.exhibitions.add(exhibition)

    for address in (
        url("museum:home"),
        url("exhibitions:exhibition-list"),
        event.get_absolute_url(),
        exhibition.get_absolute_url(),
    ):
        html = client.get(address).text
        assert "Open show" in html, address
        for leak in (hero.display.url, hero.thumbnail.url, "Secret draft", "Ảnh nháp"):
            assert leak not in html, (address, leak)


def test_card_shows_the_hero_image_of_a_published_object(client):
    hero = ImageFactory(alt_text_en="Published photo")
    ExhibitionFactory(hero_image=hero, opens_on=TODAY)

    html = client.get(url("exhibitions:exhibition-list")).text

    assert hero.display.url in html


def test_exhibition_page_query_count_is_constant(client, django_assert_num_queries):
    exhibition = ExhibitionFactory(hero_image=ImageFactory())

    def render():
        # 1. the exhibition + hero image + its object  2. sections  3. their visible
        # exhibited objects + objects  4. the objects' primary images  5. its events
        with django_assert_num_queries(5):
            assert client.get(exhibition.get_absolute_url()).status_code == 200

    exhibit(SectionFactory(exhibition=exhibition))
    render()
    for _ in range(4):
        section = SectionFactory(exhibition=exhibition)
        for _ in range(6):
            exhibit(section)
    render()


# --- a section ---------------------------------------------------------------------


def test_section_page_shows_labels_in_order_linking_to_object_pages(client):
    section = SectionFactory()
    later = exhibit(section, title_en="Later object")
    later.position, later.label_text_en = 9, "Seen last."
    later.save()
    earlier = exhibit(section, title_en="Earlier object")
    earlier.position, earlier.label_title_en = 1, "The label's own title"
    earlier.save()

    html = client.get(url("exhibitions:section-detail", section.exhibition.slug, section.slug)).text

    assert html.index("The label&#x27;s own title") < html.index("Later object")
    assert "Seen last." in html
    # The object's page is told the section, for its way back.
    item_url = url("collection:item-detail", earlier.item.pk, query=f"?section={section.pk}")
    assert f'href="{item_url}"' in html
    assert f'href="{url("exhibitions:exhibition-detail", section.exhibition.slug)}"' in html


def test_section_page_links_to_previous_and_next_sections_in_words(client):
    exhibition = ExhibitionFactory()
    first, middle, last = (
        SectionFactory(exhibition=exhibition, title_en=f"Room {n}", position=n) for n in (1, 2, 3)
    )

    html = client.get(middle.get_absolute_url()).text
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html
    assert "Previous section" in html
    assert "Next section" in html

    html = client.get(first.get_absolute_url()).text
    assert 'rel="prev"' not in html
    assert f'href="{middle.get_absolute_url()}" rel="next"' in html


def test_draft_object_never_appears_on_the_section_page(client):
    section = SectionFactory()
    exhibit(section, title_en="Shown object")
    draft = exhibit(section, title_en="Draft object", status=Status.DRAFT)

    for page in (section.get_absolute_url(), section.exhibition.get_absolute_url()):
        html = client.get(page).text
        assert "Shown object" in html
        assert "Draft object" not in html
        assert draft.item.get_absolute_url() not in html


def test_unknown_section_is_404(client):
    section = SectionFactory()

    assert client.get(f"{section.exhibition.get_absolute_url()}no-such-room/").status_code == 404


def test_section_page_query_count_is_constant(client, django_assert_num_queries):
    exhibition = ExhibitionFactory()
    section = SectionFactory(exhibition=exhibition)

    def render():
        # 1. the section + exhibition  2. visible exhibited objects + objects
        # 3. the objects' primary images  4. the exhibition's sections (previous/next)
        with django_assert_num_queries(4):
            assert client.get(section.get_absolute_url()).status_code == 200

    exhibit(section)
    render()
    for _ in range(20):
        exhibit(section)
    for _ in range(5):
        SectionFactory(exhibition=exhibition)
    render()


# --- sitemap -----------------------------------------------------------------------


def test_sitemap_lists_published_exhibitions_and_sections_in_both_languages(client):
    section = SectionFactory()
    hidden = SectionFactory(exhibition__status=Status.DRAFT)
    xml = all_sitemaps(client)

    for language in ("vi", "en"):
        for name, args in (
            ("exhibitions:exhibition-list", ()),
            ("exhibitions:exhibition-detail", (section.exhibition.slug,)),
            ("exhibitions:section-detail", (section.exhibition.slug, section.slug)),
        ):
            assert f"http://testserver{url(name, *args, language=language)}<" in xml
    assert hidden.exhibition.slug not in xml


def test_staff_who_may_view_exhibitions_preview_a_draft_and_its_sections(client):
    section = SectionFactory(exhibition__status=Status.DRAFT, exhibition__title_en="Not yet")
    exhibit(section, title_en="Shown object")
    staff = User.objects.create_user("curator", password="x", is_staff=True)
    client.force_login(staff)
    pages = [f"/en{page.get_absolute_url()[3:]}" for page in (section.exhibition, section)]
    assert [client.get(page).status_code for page in pages] == [404, 404]

    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_exhibition", "view_section"])
    )
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert "Shown object" in response.text
        assert "only staff can see this page" in response.text
