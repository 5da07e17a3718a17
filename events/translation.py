"""Public event text in Vietnamese and English; an empty language falls back to the other."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "venue", "organisers", "description")
    required_languages = ()
