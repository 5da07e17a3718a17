"""The site benchmark's collection, written into the test database as the bench writes
it: if a model changes, these fail before a bench run does."""

import pytest

from bench.site.dataset import EXHIBITION_SLUG
from bench.site.search_documents import update_range
from collection.models import Image, Item, Person
from exhibitions.models import Exhibition

pytestmark = pytest.mark.django_db


def test_generated_collection_has_the_published_objects_and_drafts_asked_for(data):
    assert Item.objects.published().count() == 300
    assert Item.objects.drafts().count() == data["draft_objects"] == 300
    assert Person.objects.count() == data["people"] == 2000
    assert Image.objects.count() == data["images"]


def test_generated_rows_are_valid_objects(data):
    item = Item.objects.for_detail().get(pk=1)
    item.full_clean()
    assert item.title_vi
    assert item.title_en
    assert item.description_en
    assert item.creator_links.exists()
    assert item.place_links.exists()
    assert item.subjects.exists()
    assert item.created_at is not None


def test_generated_images_point_to_real_files(data, media_root):
    image = Image.objects.first()
    assert (media_root / image.original.name).is_file()
    assert (media_root / image.thumbnail.name).is_file()
    assert image.thumbnail_width == 400


def test_generated_exhibition_is_published_with_sixty_objects(data):
    exhibition = Exhibition.objects.published().get(slug=EXHIBITION_SLUG)
    assert exhibition.hero_image is not None
    assert sum(section.items.count() for section in exhibition.sections.all()) == 60
    assert data["exhibition_items"] == 60


def test_sequences_continue_after_the_generated_ids(data):
    assert Person.objects.create(name="Người mới").pk == data["people"] + 1


def test_search_documents_are_filled_by_id_range(data):
    last = data["published_objects"] + data["draft_objects"]
    assert update_range(1, last) == last
    assert len(Item.objects.published().search("khâm thiên")) > 0
