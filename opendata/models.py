"""What open data keeps of its own: each object's oai_dc elements, written by PostgreSQL
(opendata.oai.stored), never by Django."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DcRecord(models.Model):
    """An object's own oai_dc elements as finished text, a column for each part of its
    record (opendata.oai.dc_sql.PARTS): what a page of a harvest adds goes between them
    (the publisher, the date, the type, the permalink)."""

    # The object's id: a foreign key in the database alone (migration 0002), which
    # deletes the row with its object. Django knows no relation, so that nothing takes
    # the row for a use of the object (an import's undo deletes only objects unused).
    item_id = models.BigIntegerField(_("object"), primary_key=True)
    titles = models.TextField(_("titles"), db_default="")
    creators = models.TextField(_("creators"), db_default="")
    contributors = models.TextField(_("contributors"), db_default="")
    subjects = models.TextField(_("subjects"), db_default="")
    descriptions = models.TextField(_("descriptions"), db_default="")
    formats = models.TextField(_("formats"), db_default="")
    accession = models.TextField(_("accession number"), db_default="")
    places = models.TextField(_("places"), db_default="")
    rights = models.TextField(_("rights"), db_default="")

    class Meta:
        verbose_name = _("oai_dc record")
        verbose_name_plural = _("oai_dc records")

    def __str__(self):
        return str(self.item_id)
