"""Factories for the collection. Images are real files made with Pillow."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from collection.models import Creator, Image, Item, ItemPlace, Kind, Person, Place, Subject
from core.models import Status


def image_bytes(width=1200, height=800, format="JPEG", color=(120, 90, 60)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), color).save(buffer, format=format)
    return buffer.getvalue()


def uploaded_image(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name_vi = factory.Sequence(lambda n: f"Phố {n}")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    name_vi = factory.Sequence(lambda n: f"Chủ đề {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    accession_number = factory.Sequence(lambda n: f"TEST.{n:05d}")
    kind = Kind.PHOTOGRAPH
    title_en = factory.Sequence(lambda n: f"Photograph {n}")
    status = Status.PUBLISHED
    date_text = "December 1972"

    class Params:
        draft = factory.Trait(status=Status.DRAFT)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    item = factory.SubFactory(ItemFactory)
    original = factory.LazyFunction(uploaded_image)
    alt_text_en = "A test image"
    is_primary = True


class CreatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creator

    item = factory.SubFactory(ItemFactory)
    person = factory.SubFactory(PersonFactory)
    role = "photographer"


class ItemPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemPlace

    item = factory.SubFactory(ItemFactory)
    place = factory.SubFactory(PlaceFactory)
