"""How many published objects there are of each kind, and point to each person, place
and subject, kept by the database as objects and their links change
(collection.counts), so that the browse menus' counts are read, not counted, at a
million objects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Facet(models.TextChoices):
    PERSON = "person", _("Person")
    PLACE = "place", _("Place")
    SUBJECT = "subject", _("Subject")


class LinkCount(models.Model):
    """One person's, place's or subject's number of published objects. Written only by
    the triggers of collection.counts; a row with 0 is a record nothing published uses."""

    pk = models.CompositePrimaryKey("facet", "record_id")
    facet = models.CharField(_("facet"), max_length=10, choices=Facet)
    record_id = models.BigIntegerField(_("record"))
    items = models.IntegerField(_("published objects"), default=0)

    class Meta:
        verbose_name = _("count of published objects")
        verbose_name_plural = _("counts of published objects")
        indexes = [
            models.Index(
                "facet", models.F("items").desc(), "record_id", name="collection_linkcount_top"
            )
        ]

    def __str__(self):
        return f"{self.facet} {self.record_id}: {self.items}"


class KindCount(models.Model):
    """The number of published objects of one kind, written only by the triggers of
    collection.counts."""

    kind = models.CharField(_("kind"), max_length=20, primary_key=True)
    items = models.IntegerField(_("published objects"), default=0)

    class Meta:
        verbose_name = _("count of published objects of a kind")
        verbose_name_plural = _("counts of published objects of each kind")

    def __str__(self):
        return f"{self.kind}: {self.items}"
