import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from collection.models import Creator, Image, Item, ItemPlace, Person, Place
from core.text import normalise
from events.models import Event
from exhibitions.models import Exhibition, ExhibitionItem, Section
from museum import demo, demo_events
from museum.management.commands import load_demo
from museum.models import Museum

pytestmark = pytest.mark.django_db

MODELS = [Item, Image, Person, Place, Creator, ItemPlace, Exhibition, Section, ExhibitionItem]
SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"


def load(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


def snapshot():
    """Every demo record's count, and when each was last saved."""
    return {
        "counts": {model.__name__: model.objects.count() for model in [*MODELS, Event, Museum]},
        "updated": sorted(
            [*Item.objects.values_list("updated_at", flat=True)]
            + [*Person.objects.values_list("updated_at", flat=True)]
            + [*Place.objects.values_list("updated_at", flat=True)]
            + [*Exhibition.objects.values_list("updated_at", flat=True)]
            + [*Event.objects.values_list("updated_at", flat=True)]
            + [*Museum.objects.values_list("updated_at", flat=True)]
        ),
        "images": sorted(Image.objects.values_list("pk", "original", "caption_vi", "alt_text_en")),
    }


@pytest.fixture(autouse=True)
def small_placeholders(monkeypatch):
    # Full-size placeholders take seconds to encode; the pipeline is the same at any size.
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))


@pytest.fixture
def loaded():
    load()


def test_running_load_demo_twice_changes_nothing():
    load()
    first = snapshot()

    load()

    assert snapshot() == first
    assert first["counts"]["Item"] == 8
    assert first["counts"]["Image"] == 15
    assert first["counts"]["Event"] == 5
    assert first["counts"]["Museum"] == 1


def test_if_empty_leaves_an_existing_collection_alone():
    Item.objects.create(accession_number="BTHN.1.1", title="Already here")

    output = load("--if-empty")

    assert "not loaded" in output
    assert Item.objects.count() == 1
    assert not Exhibition.objects.exists()


def test_if_empty_loads_into_an_empty_database():
    load("--if-empty")

    assert Exhibition.objects.published().count() == 1


def test_the_museum_is_the_hanoi_museum_in_both_languages(loaded):
    museum = Museum.load()

    assert (museum.name_vi, museum.name_en) == ("Bảo tàng Hà Nội", "Hanoi Museum")
    # The articles give no address, hours or contact: none is made up.
    assert not any([museum.address_vi, museum.address_en, museum.email, museum.phone])


def test_exhibition_has_its_three_sections_in_order(loaded):
    exhibition = Exhibition.objects.published().with_layout().get()

    with translation.override("en"):
        assert exhibition.title == "Hanoi 1972 – Aspiration for Peace"
        assert [s.title for s in exhibition.sections.all()] == [
            "The Silence Moment",
            "Confront",
            "Peace",
        ]
    with translation.override("vi"):
        assert exhibition.title == "Hà Nội 1972 – Khát vọng hòa bình"
        assert exhibition.venue == "Bảo tàng Hà Nội"
        assert [s.title for s in exhibition.sections.all()] == [
            "Khoảnh khắc lặng im",
            "Đối đầu",
            "Hòa bình",
        ]
    assert sum(len(s.items.all()) for s in exhibition.sections.all()) == 8
    assert exhibition.hero_image is not None


def test_every_demo_text_is_in_both_languages(loaded):
    """No text falls back: each translated field filled in one language is filled in the
    other (proper names aside, which are not translated fields)."""
    from modeltranslation.translator import translator

    missing = []
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for record in model.objects.all():
            for field in fields:
                vi, en = getattr(record, f"{field}_vi"), getattr(record, f"{field}_en")
                if bool(vi) != bool(en):
                    missing.append(f"{model.__name__} {record.pk} {field}")
    assert missing == []


def test_the_demo_says_once_that_its_vietnamese_is_its_own_translation(loaded):
    exhibition = Exhibition.objects.get()

    assert "own translation" in exhibition.credits_en
    assert "bản dịch của chính bản trình diễn" in exhibition.credits_vi


def test_the_press_conference_is_one_object_with_eight_photographs_told_apart(loaded):
    item = Item.objects.get(description_en__startswith=demo.CAPTION_PRESS_CONFERENCE["en"])
    images = list(item.images.order_by("position"))

    assert len(images) == 8
    assert len({image.caption_en for image in images}) == 8
    assert len({image.caption_vi for image in images}) == 8
    assert images[2].caption_en == "Photograph 3 of 8 from the press conference"
    assert images[2].caption_vi == "Ảnh 3/8 tại cuộc họp báo"
    assert [image.is_primary for image in images] == [True] + [False] * 7
    assert item.date_text == "28–30/12/1972"
    assert item.date_earliest == datetime.date(1972, 12, 28)


def test_photographs_credit_chu_chi_thanh_and_depict_the_places(loaded):
    photographer = Person.objects.get(name="Chu Chí Thành")
    hang_day = Place.objects.get(name_vi="Sân vận động Hàng Đẫy")

    assert photographer.items.count() == 7
    assert "Chu Chi Thanh" in photographer.variant_names
    assert photographer.biography_vi.startswith("Phóng viên ảnh")
    assert hang_day.name_en == "Hàng Đẫy Stadium"
    assert hang_day.items.get().accession_number == "DEMO.1972.001"


def test_demo_images_are_plainly_placeholders(loaded):
    for item in Item.objects.all():
        assert "is a placeholder made for the demo" in item.description_en
        assert "là ảnh giữ chỗ tạo cho bản trình diễn" in item.description_vi
    for image in Image.objects.all():
        assert image.alt_text_en.startswith("Placeholder image")
        assert image.alt_text_vi.startswith("Ảnh giữ chỗ")
        assert image.thumbnail
        assert image.display


def test_events_keep_the_dates_the_articles_give_no_more(loaded):
    dates = {
        event.slug: (event.local_starts_at.date(), event.local_ends_at.date())
        for event in Event.objects.published()
    }
    precisions = dict(Event.objects.values_list("slug", "date_precision"))
    december_8 = datetime.date(2022, 12, 8)
    december = (datetime.date(2022, 12, 1), datetime.date(2022, 12, 31))

    assert dates["hanoi-1972-tribute-8-december"] == (december_8, december_8)
    assert dates["memory-of-50-years-exchange"] == (december_8, december_8)
    # The workshop, the seminar and the opening: "December 2022", and no day.
    for slug in (
        "hanoi-air-defense-victory-workshop",
        "hanoi-dien-bien-phu-in-the-air-seminar",
        "hanoi-1972-exhibition-opening",
    ):
        assert dates[slug] == december, slug
        assert precisions[slug] == "month", slug
    seminar = Event.objects.get(kind="seminar")
    assert seminar.participants is None  # "nearly 700" is no count of 700
    assert "nearly 700 delegates" in seminar.description_en
    assert "gần 700 đại biểu" in seminar.description_vi
    opening = Event.objects.get(kind="opening")
    assert list(opening.exhibitions.all()) == [Exhibition.objects.get()]


def test_the_exhibition_opened_in_december_2022_and_is_not_claimed_as_on_view(loaded):
    exhibition = Exhibition.objects.get()

    assert (exhibition.opens_on, exhibition.opens_precision) == (
        datetime.date(2022, 12, 1),
        "month",
    )
    assert exhibition.closes_on is None
    assert not exhibition.is_permanent
    assert not Exhibition.objects.current(today=datetime.date(2026, 6, 1)).exists()


def test_campaign_figures_are_told(loaded):
    seminar = Event.objects.get(kind="seminar")
    introduction = Exhibition.objects.get().introduction_en

    assert "81 aircraft, including 34 B-52 aircraft" in seminar.description_en
    assert "December 18-29, 1972" in seminar.description_en
    assert "81 aircraft, including 34 B52 bombers" in introduction


def test_an_earlier_demos_extra_objects_are_removed(loaded):
    section = Section.objects.get(slug="confront")
    for number in range(9, 16):
        old = Item.objects.create(accession_number=f"DEMO.1972.{number:03d}", title_en="Old")
        ExhibitionItem.objects.create(section=section, item=old)

    load()

    assert Item.objects.count() == 8
    assert not Item.objects.filter(title_en="Old").exists()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles are not beside the project")
def test_every_sentence_given_as_quoted_is_in_the_articles():
    articles = normalise(" ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")))).lower()

    for sentence in [*demo.VERBATIM, *demo_events.VERBATIM]:
        # A quoted clause may end a sentence here and continue one there.
        assert normalise(sentence).rstrip(".").lower() in articles, sentence
