"""The thin baseline's model: the objects' table as a plain unmanaged model, none of the
site's querysets, translations or prefetches (bench.site.thin)."""

from django.db import models


class ThinItem(models.Model):
    accession_number = models.CharField(max_length=100)
    title_en = models.CharField(max_length=500)
    title_vi = models.CharField(max_length=500)
    status = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "collection_item"
        app_label = "bench_site"

    def __str__(self):
        return self.accession_number
