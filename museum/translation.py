"""The museum's identity in Vietnamese and English; an empty language falls back to the
other, as everywhere on the site."""

from modeltranslation.translator import TranslationOptions, register

from museum.models import TRANSLATED, Museum


@register(Museum)
class MuseumTranslationOptions(TranslationOptions):
    fields = tuple(TRANSLATED)
    required_languages = ()
