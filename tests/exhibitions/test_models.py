import pytest
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import translation

from core.models import Status
from exhibitions.models import Exhibition, ExhibitionItem, Section
from tests.collection.factories import ImageFactory, ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_sections_and_their_items_follow_their_positions():
    exhibition = ExhibitionFactory()
    peace = SectionFactory(exhibition=exhibition, slug="peace", position=3)
    silence = SectionFactory(exhibition=exhibition, slug="silence", position=1)
    confront = SectionFactory(exhibition=exhibition, slug="confront", position=2)
    last = ExhibitionItemFactory(section=confront, position=20)
    first = ExhibitionItemFactory(section=confront, position=10)

    assert list(exhibition.sections.all()) == [silence, confront, peace]
    assert list(confront.items.all()) == [first, last]


def test_label_falls_back_to_the_objects_title_and_image_caption():
    item = ItemFactory(title_en="Hang Day Stadium", description_en="Described.")
    ImageFactory(item=item, caption_en="The anti-aircraft artillery batteries.")
    exhibited = ExhibitionItemFactory(item=item)

    with translation.override("en"):
        assert exhibited.display_title == "Hang Day Stadium"
        assert exhibited.display_text == "The anti-aircraft artillery batteries."


def test_label_falls_back_to_the_description_when_the_image_has_no_caption():
    item = ItemFactory(description_en="Described.")
    exhibited = ExhibitionItemFactory(item=item)

    with translation.override("en"):
        assert exhibited.display_text == "Described."


def test_label_written_in_english_only_serves_vietnamese_visitors_too():
    exhibited = ExhibitionItemFactory(label_title_en="Batteries", label_text_en="Label.")

    with translation.override("vi"):
        assert exhibited.display_title == "Batteries"
        assert exhibited.display_text == "Label."


def test_one_object_in_two_exhibitions_keeps_each_exhibitions_label():
    item = ItemFactory(title_en="Own title")
    ExhibitionItemFactory(item=item, label_title_en="Label in Hanoi 1972")
    ExhibitionItemFactory(item=item, label_title_en="Label in Peace")

    with translation.override("en"):
        labels = {e.section.exhibition.slug: e.display_title for e in item.exhibition_items.all()}
    assert sorted(labels.values()) == ["Label in Hanoi 1972", "Label in Peace"]
    assert len(labels) == 2


def test_published_exhibition_hides_its_draft_objects():
    section = SectionFactory()
    shown = ExhibitionItemFactory(section=section, item=ItemFactory(status=Status.PUBLISHED))
    ExhibitionItemFactory(section=section, item=ItemFactory(status=Status.DRAFT))

    exhibition = Exhibition.objects.published().with_layout().get()
    assert list(exhibition.sections.all()[0].items.all()) == [shown]
    assert list(ExhibitionItem.objects.published()) == [shown]


def test_with_layout_reads_any_exhibition_in_four_queries(django_assert_num_queries):
    exhibition = ExhibitionFactory()
    for position in range(3):
        section = SectionFactory(exhibition=exhibition, position=position)
        for _ in range(3):
            ImageFactory(item=ExhibitionItemFactory(section=section).item)

    # The exhibition with its hero image, its sections, their visible items with the
    # objects, and the objects' primary images.
    with django_assert_num_queries(4):
        exhibition = Exhibition.objects.with_layout().get(pk=exhibition.pk)
        for section in exhibition.sections.all():
            for exhibited in section.items.all():
                assert exhibited.display_title
                assert exhibited.item.primary_image.thumbnail


def test_section_slugs_are_unique_within_an_exhibition_only():
    first = SectionFactory(slug="peace")
    SectionFactory(slug="peace")  # another exhibition

    with pytest.raises(IntegrityError):
        SectionFactory(exhibition=first.exhibition, slug="peace")


def test_sections_of_draft_exhibitions_are_not_published():
    SectionFactory(exhibition=ExhibitionFactory(status=Status.DRAFT))
    shown = SectionFactory()

    assert list(Section.objects.published()) == [shown]


def test_an_exhibited_object_cannot_be_deleted_from_the_collection():
    exhibited = ExhibitionItemFactory()

    with pytest.raises(ProtectedError):
        exhibited.item.delete()
