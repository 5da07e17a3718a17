"""Indexes the harvest reads by (opendata.oai.harvest and .deleted), on the collection's
tables: no other page reads them, so they are open data's to keep.

- Published objects by (updated_at, id): each page of a harvest starts at the position
  its resumption token names, without sorting the collection again.
- Deletions in the objects' history, by object: the deleted records are found among
  them without reading every version of every object.
"""

from django.db import migrations

PUBLISHED_BY_DATESTAMP = "opendata_published_item_datestamp"
DELETED_ITEM_VERSIONS = "opendata_deleted_itemversion"


class Migration(migrations.Migration):
    dependencies = [("collection", "0009_history")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {PUBLISHED_BY_DATESTAMP} ON collection_item (updated_at, id) "
            "WHERE status = 'published'",
            f"DROP INDEX {PUBLISHED_BY_DATESTAMP}",
        ),
        migrations.RunSQL(
            f"CREATE INDEX {DELETED_ITEM_VERSIONS} ON collection_itemversion "
            "(pgh_obj_id, pgh_id) WHERE pgh_label = 'delete'",
            f"DROP INDEX {DELETED_ITEM_VERSIONS}",
        ),
    ]
