"""Factories for exhibitions. Objects and images come from the collection's factories."""

import factory

from core.models import Status
from exhibitions.models import Exhibition, ExhibitionItem, Section
from tests.collection.factories import ItemFactory


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
