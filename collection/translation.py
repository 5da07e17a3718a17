"""Public text in Vietnamese and English (django-modeltranslation): each field below
gets ``_vi`` and ``_en`` columns, and an empty one falls back to the other language."""

from modeltranslation.translator import TranslationOptions, register

from collection.models import Image, Item, Person, Place, Subject


@register(Item)
class ItemTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Image)
class ImageTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text")


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("biography",)


@register(Place)
class PlaceTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("vi",)


@register(Subject)
class SubjectTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("vi",)
