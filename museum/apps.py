from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MuseumConfig(AppConfig):
    """The site: it knows every app, and no app knows it."""

    name = "museum"
    verbose_name = _("Museum")

    def ready(self):
        from museum.roles import sync_roles

        # As django.contrib.auth creates permissions: after migrate (and after a test
        # flush), for this app, which comes last, so every permission exists by then.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="museum.sync_roles")
