from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self):
        from collection.models import Item
        from collection.search import register_text_source
        from core.cache import register_dependents
        from exhibitions import history  # noqa: F401 - what the history keeps
        from exhibitions.models import Section
        from exhibitions.search import label_text

        register_text_source("labels", label_text)
        register_dependents(Item, Section.showing)
