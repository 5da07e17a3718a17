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
    # What a listed record's header and markers are written from (opendata.oai.listed):
    # the record itself is a generated column (migration 0003), which Django does not
    # read.
    kind = models.TextField(_("kind"), db_default="")
    date_text = models.TextField(_("date"), db_default="")
    datestamp = models.TextField(_("datestamp"), db_default="")
    stamped_at = models.DateTimeField(_("datestamp's moment"), null=True)
    sets = models.TextField(_("exhibitions' sets"), db_default="")
    published = models.BooleanField(_("published"), db_default=False)
    # The date's elements as opendata.oai.dates wrote them; null until it has ("" is a
    # date written out as no elements: undated).
    dates = models.TextField(_("dates"), null=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("oai_dc record")
        verbose_name_plural = _("oai_dc records")
        indexes = [
            # A harvest's pages, in the list's order (opendata.oai.listed).
            models.Index(
                fields=["stamped_at", "item_id"],
                condition=models.Q(published=True),
                name="opendata_dcrecord_listing",
            ),
            # The rows whose date is still to be written out (opendata.oai.dates).
            models.Index(
                fields=["date_text"],
                condition=models.Q(dates__isnull=True),
                name="opendata_dcrecord_undated",
            ),
        ]

    def __str__(self):
        return str(self.item_id)


class DcDate(models.Model):
    """A date as catalogued and its ``dc:date`` elements, written out by Python
    (opendata.oai.records.written_dates) once for every object that has it."""

    date_text = models.TextField(_("date"), primary_key=True)
    elements = models.TextField(_("elements"))

    class Meta:
        verbose_name = _("written date")
        verbose_name_plural = _("written dates")

    def __str__(self):
        return self.date_text
