"""Public exhibition text in Vietnamese and English; an empty language falls back to the
other, as in the collection."""

from modeltranslation.translator import TranslationOptions, register

from exhibitions.models import Exhibition, ExhibitionItem, Section


@register(Exhibition)
class ExhibitionTranslationOptions(TranslationOptions):
    fields = ("title", "subtitle", "venue", "organisers", "introduction", "credits")
    required_languages = ()


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = ()


@register(ExhibitionItem)
class ExhibitionItemTranslationOptions(TranslationOptions):
    fields = ("label_title", "label_text")
