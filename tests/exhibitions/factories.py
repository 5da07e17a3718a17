from io import BytesIO

import factory
from django.core.files.base import ContentFile
from PIL import Image as PillowImage

from collection.models import Image, Item, Kind
from core.models import Status
from exhibitions.models import Exhibition, ExhibitionItem, Section


def image_file(name="photo.png"):
    buffer = BytesIO()
    PillowImage.new("RGB", (40, 30), "#888").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    accession_number = factory.Sequence(lambda n: f"TEST.1972.{n:03d}")
    kind = Kind.PHOTOGRAPH
    title = factory.Sequence(lambda n: f"Photograph {n}")
    status = Status.PUBLISHED


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    item = factory.SubFactory(ItemFactory)
    original = factory.LazyFunction(image_file)
    is_primary = True


class ExhibitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibition

    title = factory.Sequence(lambda n: f"Exhibition {n}")
    slug = factory.Sequence(lambda n: f"exhibition-{n}")
    status = Status.PUBLISHED


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    exhibition = factory.SubFactory(ExhibitionFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    position = factory.Sequence(lambda n: n)


class ExhibitionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionItem

    section = factory.SubFactory(SectionFactory)
    item = factory.SubFactory(ItemFactory)
    position = factory.Sequence(lambda n: n)
