"""The dates of the kept records (opendata.oai.listed), written out once per date text.

collection.dates reads a date as catalogued and records.written_dates writes out its
``dc:date`` elements, in Python, at some 50 µs a date: a harvest of 100,000 objects
with 15,000 dates spent most of a second on them, in every process that harvested
(bench/opendata/oai.py). PostgreSQL cannot read dates the way Python does; it keeps
them once written:

- each date text written out is a row of DcDate;
- the stored rows (opendata.oai.stored) copy the elements of their date text when they
  are written, and the record keeps them; a row whose date is not written out yet keeps
  the date text between markers, for the harvest to write out (listed.filled()), which
  then writes it here too (``write()``), and into the rows that have it;
- an import writes out its dates before it writes its objects (the receiver below);
  ``write_missing()`` writes every date still missing, and stored.refill() (manage.py
  refill_oai_records) all of them afresh, then every row.

A change to how dates are written out (collection.date_display) takes
``manage.py refill_oai_records``.
"""

from django.db import DatabaseError, connection, transaction
from django.dispatch import receiver

from collection.models import Item
from collection.signals import objects_importing
from opendata.models import DcDate, DcRecord
from opendata.oai.records import written_dates

DATES = DcDate._meta.db_table
RECORDS = DcRecord._meta.db_table
# Dates written out in one statement: a million objects' dates in a few.
BATCH = 20_000


def write_out(texts):
    """Write out the date texts among ``texts`` not written out yet (in DcDate only);
    how many there were. Raises DatabaseError as the database does."""
    texts = sorted(set(texts))
    if not texts:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(array_agg(text), '{}') FROM unnest(%s::text[]) AS text"
            f" WHERE NOT EXISTS (SELECT FROM {DATES} WHERE date_text = text)",
            [texts],
        )
        new = cursor.fetchone()[0]
        if new:
            cursor.execute(
                f"INSERT INTO {DATES} (date_text, elements)"
                " SELECT * FROM unnest(%s::text[], %s::text[]) ON CONFLICT DO NOTHING",
                [new, [written_dates(text) for text in new]],
            )
    return len(new)


def write(texts):
    """Write out the date texts among ``texts`` not written out yet, and copy them into
    the stored rows that have them; False when the database did not take them (a
    read-only connection, say). Rows another transaction holds are left for the next
    writer: a harvest never waits for an import."""
    texts = sorted(set(texts))
    if not texts:
        return True
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            write_out(texts)
            # Locked in the triggers' order, skipping the rows a writer holds.
            cursor.execute(
                f"UPDATE {RECORDS} AS stored SET dates = written.elements"
                f" FROM {DATES} AS written, (SELECT item_id FROM {RECORDS}"
                " WHERE dates IS NULL AND date_text = ANY(%s)"
                " ORDER BY item_id FOR UPDATE SKIP LOCKED) AS free"
                " WHERE stored.item_id = free.item_id AND written.date_text = stored.date_text",
                [texts],
            )
    except DatabaseError:
        return False
    return True


def write_missing():
    """Write out every date text the stored rows have that is not written out yet;
    how many there were."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT date_text FROM {RECORDS} WHERE dates IS NULL")
        texts = [text for (text,) in cursor.fetchall()]
    for start in range(0, len(texts), BATCH):
        write(texts[start : start + BATCH])
    return len(texts)


def write_out_all():
    """Every object's date text written out afresh, in DcDate only (``refill()`` and
    migration 0003 write the rows after it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DATES}")
        cursor.execute(f"SELECT DISTINCT coalesce(date_text, '') FROM {Item._meta.db_table}")
        texts = [text for (text,) in cursor.fetchall()]
    for start in range(0, len(texts), BATCH):
        write_out(texts[start : start + BATCH])
    return len(texts)


@receiver(objects_importing, dispatch_uid="opendata.write_imported_dates")
def write_imported_dates(sender, date_texts, **kwargs):
    """An import's dates are written out before its objects, which are then written
    with them, once."""
    write_out(text for text in date_texts if text is not None)
