"""What open data keeps of its own: each object's oai_dc elements, written by PostgreSQL
(opendata.oai.stored), never by Django."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DcRecord(models.Model):
    """An object's own oai_dc elements as finished text, in four parts: what a page of a
    harvest adds goes between them (opendata.oai.dc_sql)."""

    # The object's id: a foreign key in the database alone (migration 0002), which
    # deletes the row with its object. Django knows no relation, so that nothing takes
    # the row for a use of the object (an import's undo deletes only objects unused).
    item_id = models.BigIntegerField(_("object"), primary_key=True)
    head = models.TextField(
        _("titles to descriptions"),
        db_default="",
        help_text=_("The titles, the people, the subjects and the descriptions."),
    )
    formats = models.TextField(_("formats"), db_default="")
    tail = models.TextField(
        _("identifier and places"),
        db_default="",
        help_text=_("The accession number, then the places."),
    )
    rights = models.TextField(_("rights"), db_default="")

    class Meta:
        verbose_name = _("oai_dc record")
        verbose_name_plural = _("oai_dc records")

    def __str__(self):
        return str(self.item_id)
