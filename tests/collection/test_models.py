import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from collection.models import Image, Item, Person, Place
from core.models import Status
from tests.collection.factories import ImageFactory, ItemFactory, uploaded_image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  BTHN.1972.001  ", "BTHN.1972.001"),
        ("BTHN   1972\t001", "BTHN 1972 001"),
        ("BTHN\u00a01972", "BTHN 1972"),
        (unicodedata.normalize("NFD", "HN-Ảnh-01"), unicodedata.normalize("NFC", "HN-Ảnh-01")),
    ],
)
def test_accession_number_is_stored_normalised(typed, stored):
    item = ItemFactory(accession_number=typed)

    item.refresh_from_db()
    assert item.accession_number == stored


def test_accession_numbers_are_unique_whatever_their_case():
    ItemFactory(accession_number="bthn.1972.001")

    with pytest.raises(IntegrityError), transaction.atomic():
        ItemFactory(accession_number="  BTHN.1972.001")


def test_duplicate_accession_number_is_a_form_error_not_a_crash():
    ItemFactory(accession_number="BTHN.1972.001")
    item = Item(accession_number="Bthn.1972.001 ", title_en="Another")

    with pytest.raises(ValidationError) as error, translation.override("en"):
        item.full_clean()

    assert "already exists" in str(error.value)


def test_date_as_written_gives_earliest_and_latest_dates():
    item = ItemFactory(date_text="18–29/12/1972")

    assert (item.date_earliest, item.date_latest) == (date(1972, 12, 18), date(1972, 12, 29))
    assert not item.date_is_approximate


def test_impossible_date_is_a_validation_error_on_the_date_field():
    item = Item(accession_number="X.1", title_en="x", date_text="31/02/1972")

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert "date_text" in error.value.message_dict


def test_names_typed_composed_or_decomposed_are_one_person():
    composed = unicodedata.normalize("NFC", "Chu Chí Thành")
    Person.objects.create(name=composed)

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name=unicodedata.normalize("NFD", composed))

    assert Person.objects.get(name=unicodedata.normalize("NFC", composed)).name == composed


def test_names_differing_by_one_diacritic_are_two_people():
    Person.objects.create(name="Trần Thị Hà")
    Person.objects.create(name="Trần Thị Hạ")

    assert Person.objects.count() == 2


def test_place_names_are_unique_in_vietnamese():
    Place.objects.create(name_vi="Khâm Thiên")

    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.create(name_vi=unicodedata.normalize("NFD", "Khâm Thiên"))


def test_published_returns_only_published_objects():
    published = ItemFactory(status=Status.PUBLISHED)
    ItemFactory(status=Status.DRAFT)

    assert list(Item.objects.published()) == [published]


def test_text_falls_back_to_the_other_language():
    item = ItemFactory(title_en="Kham Thien Street was destroyed.", title_vi="")
    item_vi = ItemFactory(title_en="", title_vi="Phố Khâm Thiên bị phá huỷ")

    with translation.override("vi"):
        assert Item.objects.get(pk=item.pk).title == "Kham Thien Street was destroyed."
    with translation.override("en"):
        assert Item.objects.get(pk=item_vi.pk).title == "Phố Khâm Thiên bị phá huỷ"


def test_saving_an_image_makes_derivatives_and_stores_safe_names(media_root):
    image = ImageFactory(original=uploaded_image("../../etc/Ảnh gốc.JPG", width=3000, height=2000))

    assert (image.width, image.height) == (3000, 2000)
    assert (image.display_width, image.display_height) == (1600, 1067)
    assert (image.thumbnail_width, image.thumbnail_height) == (400, 267)
    assert image.original.name.startswith("originals/")
    assert image.original.name.endswith(".jpg")
    assert "Ảnh" not in image.original.name
    assert ".." not in image.original.name
    for field in (image.original, image.display, image.thumbnail):
        assert (media_root / field.name).is_file()


def test_a_failed_database_write_leaves_no_files_behind(media_root):
    item = ItemFactory()
    ImageFactory(item=item, is_primary=True)
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())

    # A second primary image breaks the one-primary constraint at the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.create(item=item, original=uploaded_image(), is_primary=True)

    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before


def test_first_image_becomes_primary_when_none_is_marked():
    item = ItemFactory()
    second = ImageFactory(item=item, is_primary=False, position=2)
    first = ImageFactory(item=item, is_primary=False, position=1)

    item.ensure_primary_image()

    assert item.primary_image == first
    assert not Image.objects.get(pk=second.pk).is_primary


def test_a_title_in_either_language_is_required():
    untitled = Item(accession_number="X.2", title_vi="", title_en="")
    english_only = Item(accession_number="X.3", title_en="Bach Mai Hospital was destroyed")

    with pytest.raises(ValidationError) as error:
        untitled.full_clean()

    assert "title_vi" in error.value.message_dict
    english_only.full_clean()


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


def test_deleting_an_object_removes_its_image_files_once_committed(
    media_root, django_capture_on_commit_callbacks
):
    image = ImageFactory()
    kept = ImageFactory()
    assert len(stored_files(media_root)) == 6  # two originals and their derivatives

    with django_capture_on_commit_callbacks(execute=True):
        image.item.delete()  # the image goes by cascade

    assert not Image.objects.filter(pk=image.pk).exists()
    assert stored_files(media_root) == sorted(
        Path(media_root, file.name) for file in (kept.original, kept.thumbnail, kept.display)
    )


def test_a_deletion_rolled_back_keeps_the_image_files(media_root):
    image = ImageFactory()
    pk = image.pk

    def delete_then_fail():
        with transaction.atomic():
            image.delete()
            raise RuntimeError("the deletion fails later")

    with pytest.raises(RuntimeError):
        delete_then_fail()

    assert Image.objects.filter(pk=pk).exists()
    assert len(stored_files(media_root)) == 3
