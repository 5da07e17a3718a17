from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


def _museum_name():
    from museum.identity import identity

    return str(identity().name)


class MuseumConfig(AppConfig):
    """The site: it knows every app, and no app knows it."""

    name = "museum"
    verbose_name = _("Museum")

    def ready(self):
        from django.contrib import admin

        from core import identity
        from museum.identity import identity as museum_identity
        from museum.roles import sync_roles

        # As django.contrib.auth creates permissions: after migrate (and after a test
        # flush), for this app, which comes last, so every permission exists by then.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="museum.sync_roles")
        # The collection's citations and the events' calendars name the museum through
        # core, without knowing this app.
        identity.provide(museum_identity)
        # The admin is titled with the museum's name, read when each page is drawn.
        name = lazy(_museum_name, str)()
        admin.site.site_header = name
        admin.site.site_title = name
