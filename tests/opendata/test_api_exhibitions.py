"""The API's exhibitions and events: the published ones, an exhibition's sections and
objects in order with their labels, events to come and past."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from exhibitions.models import Exhibition
from tests.collection.factories import ImageFactory, ItemFactory
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory
from tests.opendata.api_records import API, every_page, get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def exhibition():
    """A published exhibition of two sections, given out of order, with a draft object."""
    exhibition = ExhibitionFactory(
        slug="hanoi-1972",
        title_vi="Hà Nội 1972",
        title_en="Hanoi 1972",
        opens_on=datetime.date(2022, 12, 14),
        opens_precision="month",
        introduction_en="Twelve days and nights.",
    )
    second = SectionFactory(exhibition=exhibition, slug="peace", position=2, title_en="Peace")
    first = SectionFactory(exhibition=exhibition, slug="skies", position=1, title_en="Skies")
    late = ExhibitionItemFactory(section=first, position=5, label_text_vi="Nhãn sau")
    early = ExhibitionItemFactory(
        section=first, position=1, label_title_en="A label's title", label_text_en="A label"
    )
    ImageFactory(item=early.item)
    ExhibitionItemFactory(section=first, position=3, item=ItemFactory(draft=True))
    ExhibitionItemFactory(section=second, position=0)
    return exhibition, [early, late]


def test_an_exhibition_gives_its_sections_and_objects_in_order_with_labels(client, exhibition):
    exhibition, (early, late) = exhibition

    data = get(client, "/exhibitions/hanoi-1972")

    assert data["title"] == {"vi": "Hà Nội 1972", "en": "Hanoi 1972"}
    assert data["introduction"] == {"vi": None, "en": "Twelve days and nights."}
    assert data["opening"] == {
        "earliest": "2022-12-01",
        "latest": "2022-12-31",
        "precision": "month",
    }
    assert data["closing"] is None
    assert data["iiif_manifest"] == "http://testserver/iiif/exhibitions/hanoi-1972/manifest.json"
    assert data["permalink"]["vi"] == "http://testserver/vi/exhibitions/hanoi-1972/"
    assert [section["slug"] for section in data["sections"]] == ["skies", "peace"]
    skies = data["sections"][0]
    assert skies["permalink"]["en"] == "http://testserver/en/exhibitions/hanoi-1972/skies/"
    assert [shown["object"]["id"] for shown in skies["items"]] == [early.item.pk, late.item.pk]
    assert skies["items"][0]["label"] == {
        "title": {"vi": None, "en": "A label's title"},
        "text": {"vi": None, "en": "A label"},
    }
    assert skies["items"][1]["label"]["text"] == {"vi": "Nhãn sau", "en": None}
    assert skies["items"][0]["object"]["thumbnail"]["url"].startswith("http://testserver/media/")
    assert skies["items"][0]["object"]["url"] == f"http://testserver{API}/objects/{early.item.pk}"


def test_exhibitions_are_the_published_ones(client, exhibition):
    ExhibitionFactory(slug="coming", status="draft")
    for n in range(3):
        ExhibitionFactory(slug=f"other-{n}")

    results, pages = every_page(client, "/exhibitions?limit=2")

    assert [result["slug"] for result in results] == list(
        Exhibition.objects.published().order_by("pk").values_list("slug", flat=True)
    )
    assert "coming" not in [result["slug"] for result in results]
    assert pages == 2
    get(client, "/exhibitions/coming", status=404)
    get(client, "/exhibitions/nowhere", status=404)


def test_a_hero_image_of_an_object_unpublished_since_is_not_shown(client):
    image = ImageFactory()
    ExhibitionFactory(slug="with-hero", hero_image=image)
    assert get(client, "/exhibitions/with-hero")["hero_image"]["url"]

    image.item.status = "draft"
    image.item.save()

    assert get(client, "/exhibitions/with-hero")["hero_image"] is None


def test_an_exhibition_costs_four_queries_whatever_its_size(
    client, exhibition, django_assert_num_queries
):
    exhibition, _items = exhibition
    section = SectionFactory(exhibition=exhibition, position=9)
    for n in range(6):
        shown = ExhibitionItemFactory(section=section, position=n)
        ImageFactory(item=shown.item)
    # The exhibition and its hero image, its sections, their published items with their
    # objects, the objects' primary images.
    with django_assert_num_queries(4):
        data = get(client, "/exhibitions/hanoi-1972")
    assert len(data["sections"][-1]["items"]) == 6
    # The list: the exhibitions with their hero images, in one query.
    with django_assert_num_queries(1):
        get(client, "/exhibitions")


@pytest.fixture
def events():
    now = timezone.now().replace(microsecond=0)
    hour = datetime.timedelta(hours=1)
    exhibition = ExhibitionFactory(slug="hanoi-1972", title_en="Hanoi 1972")
    hidden = ExhibitionFactory(slug="secret", status="draft")
    made = {
        "long_ago": EventFactory(starts_at=now - 100 * hour),
        "just_ended": EventFactory(starts_at=now - 3 * hour),
        "under_way": EventFactory(starts_at=now - hour),
        "soon": EventFactory(starts_at=now + hour, title_vi="Khai mạc", title_en="Opening"),
        "later": EventFactory(starts_at=now + 50 * hour),
    }
    made["soon"].exhibitions.add(exhibition, hidden)
    EventFactory(starts_at=now + 2 * hour, status="draft", slug="draft-event")
    return made


def slugs(results):
    return [result["slug"] for result in results]


def test_events_to_come_are_soonest_first_and_past_ones_latest_first(client, events):
    upcoming, _pages = every_page(client, "/events?when=upcoming&limit=1")
    past, _pages = every_page(client, "/events?when=past&limit=1")
    everything, _pages = every_page(client, "/events?limit=2")

    names = {event.slug: name for name, event in events.items()}
    assert [names[slug] for slug in slugs(upcoming)] == ["under_way", "soon", "later"]
    assert [names[slug] for slug in slugs(past)] == ["just_ended", "long_ago"]
    assert len(everything) == 5
    assert "draft-event" not in slugs(everything)


def test_an_event_gives_its_times_in_its_zone_and_its_published_exhibitions(client, events):
    soon = events["soon"]

    data = get(client, f"/events/{soon.slug}")

    assert data["title"] == {"vi": "Khai mạc", "en": "Opening"}
    assert data["starts_at"] == soon.local_starts_at.isoformat()
    assert data["starts_at"].endswith("+07:00")
    assert data["time_zone"] == "Asia/Ho_Chi_Minh"
    assert [exhibition["slug"] for exhibition in data["exhibitions"]] == ["hanoi-1972"]
    assert data["calendar"] == f"http://testserver/vi/events/{soon.slug}.ics"
    assert data["kind_label"] == {"vi": "Nói chuyện / giao lưu", "en": "Talk / exchange"}
    get(client, "/events/draft-event", status=404)


def test_the_lists_by_time_are_modified_when_an_event_ends(client, events):
    response = client.get(f"{API}/events?when=upcoming")

    ended = events["just_ended"].ends_at.replace(microsecond=0)
    assert parse_http_date(response["Last-Modified"]) >= ended.timestamp()


def test_events_cost_two_queries_and_three_by_time(client, events, django_assert_num_queries):
    # The events, then their published exhibitions.
    with django_assert_num_queries(2):
        get(client, "/events")
    # And when the last event ended, for Last-Modified.
    with django_assert_num_queries(3):
        get(client, "/events?when=past")
    with django_assert_num_queries(2):
        get(client, f"/events/{events['soon'].slug}")
