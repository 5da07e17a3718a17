"""Each object's own oai_dc elements (its titles, people, subjects, descriptions, formats,
accession number, places and rights) kept as finished text by PostgreSQL triggers, in
the same transaction as the change, in opendata.models.DcRecord; with what its listed
record's header needs (its kind, date and datestamp, whether it is published, the
published exhibitions' sets, its date written out), from which the row's generated
column keeps the whole record (opendata.oai.listed).

A page of a harvest wrote them from the objects' columns and four grouped joins over the
link tables: three quarters of its query (bench/opendata/oai.py). Kept here, a page
reads one row per object by its key, and adds what is the page's (the publisher, the
date, the type, the permalink).

What writes them, whatever made the change (the admin, an import's COPY, a merge, an
undo, raw SQL):

- a statement inserting objects writes all their parts; one updating them, the parts
  written from their own columns (and their status, datestamp and written date), of
  those whose columns it changed;
- a statement on a link table, its own parts (the people, the subjects, the places) of
  the objects it touched that exist: an import writes its links before its objects
  (the foreign keys are checked at commit), and those objects are written once, when
  they arrive;
- renaming a person, subject or place, the parts it is named in of the objects linked
  to it;
- showing an object in an exhibition or no longer, moving a section to another
  exhibition, publishing, withdrawing or renaming an exhibition: the sets of the
  objects concerned;
- deleting an object deletes its row (the foreign key cascades in the database).

Each refresh first locks the rows it will write, in the objects' order, and computes
them in a statement of its own: a writer that waited for another's lock reads the links
as the other committed them, rather than writing over them from what it saw before.

Migration opendata 0003 installs the functions and triggers and fills the table;
``refill()`` fills it afresh (``manage.py refill_oai_records``), for a database restored
from a dump taken without the triggers.
"""

from django.db import connection, transaction

from core.triggers import OPERATIONS, drop_statement_trigger, statement_trigger
from exhibitions.models import Exhibition, ExhibitionItem, Section
from opendata.models import DcRecord
from opendata.oai.dates import write_out_all
from opendata.oai.dc_sql import ITEM_PARTS, STORED, stored_parts
from opendata.oai.records import CONTRIBUTOR_ROLES, CREATOR_ROLES
from opendata.oai.sets import exhibition_set_texts

TABLE = DcRecord._meta.db_table
# The object's columns its elements are written from.
ITEM_COLUMNS = (
    "title_vi",
    "title_en",
    "description_vi",
    "description_en",
    "medium",
    "dimensions",
    "accession_number",
    "rights",
    # A listed record's header and markers (opendata.oai.listed).
    "kind",
    "date_text",
    "updated_at",
    "status",
)
# Link table -> the parts written from it.
LINK_TABLES = {
    "collection_creator": ("creators", "contributors"),
    "collection_item_subjects": ("subjects",),
    "collection_itemplace": ("places",),
}
# Named table -> (its link table, the link's column naming it, the names' columns).
NAMED = {
    "collection_person": ("collection_creator", "person_id", ("name",)),
    "collection_subject": ("collection_item_subjects", "subject_id", ("name_vi", "name_en")),
    "collection_place": ("collection_itemplace", "place_id", ("name_vi", "name_en")),
}


SHOWN_IN = ExhibitionItem._meta.db_table
# A table whose rows place objects in the published exhibitions' sets -> (the query of
# (item_id, the row's id as ``owner``) of every object it places, the columns whose
# change moves them).
SET_OWNERS = {
    Section._meta.db_table: (
        f"SELECT link.item_id, link.section_id AS owner FROM {SHOWN_IN} AS link",
        ("exhibition_id",),
    ),
    Exhibition._meta.db_table: (
        f"SELECT link.item_id, section.exhibition_id AS owner FROM {SHOWN_IN} AS link"
        f" JOIN {Section._meta.db_table} AS section ON section.id = link.section_id",
        ("status", "slug"),
    ),
}

# Each refresh function, by what it writes: every part, the object's own, a link
# table's, the exhibitions' sets.
REFRESHED = {
    "all": STORED,
    "item": (*ITEM_PARTS, "dates"),
    **LINK_TABLES,
    "exhibitions": ("sets",),
}


def _refresh(name):
    return f"{TABLE}_refresh_{name.removeprefix('collection_')}"


def _refresh_function(name):
    """``_refresh(name)(ids)``: the parts ``REFRESHED[name]`` of the existing objects
    among ``ids`` written afresh. Its statements are planned for each call's ids: a plan
    made once for a few objects, kept by a long-lived connection (a job worker) and
    reused for an import's twenty thousand, could join them by loops."""
    parts = REFRESHED[name]
    rows = stored_parts(
        CREATOR_ROLES,
        CONTRIBUTOR_ROLES,
        ids="asked",
        parts=parts,
        linked={"sets": exhibition_set_texts("link.item_id = ANY(asked)")},
    )
    assigned = ", ".join(f"{part} = EXCLUDED.{part}" for part in parts)
    # An object without its row (a row deleted by hand, triggers turned off for a
    # while) gets all its parts: some alone would pass for a whole record.
    whole = (
        ""
        if parts == STORED
        else f"""
            PERFORM {_refresh("all")}(ARRAY(SELECT id FROM unnest(asked) AS id
                WHERE NOT EXISTS (SELECT FROM {TABLE} WHERE item_id = id)));"""
    )
    return f"""
        CREATE OR REPLACE FUNCTION {_refresh(name)}(ids bigint[]) RETURNS void
        LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
        DECLARE asked bigint[];
        BEGIN
            SELECT array_agg(item.id ORDER BY item.id) INTO asked
            FROM collection_item AS item WHERE item.id = ANY(ids);
            IF asked IS NULL THEN
                RETURN;
            END IF;{whole}
            PERFORM 1 FROM {TABLE} WHERE item_id = ANY(asked) ORDER BY item_id FOR UPDATE;
            INSERT INTO {TABLE} (item_id, {", ".join(parts)}) {rows}
            ON CONFLICT (item_id) DO UPDATE SET {assigned};
        END;
        $$;
    """


def _names(table, operation):
    operation = operation.lower()
    return {
        "name": f"{TABLE}_{operation}",
        "function": f"{TABLE}_{table.removeprefix('collection_')}_{operation}",
    }


def _linked_items(operation):
    rows = {
        "INSERT": "SELECT item_id FROM new_rows",
        "DELETE": "SELECT item_id FROM old_rows",
        "UPDATE": "SELECT item_id FROM new_rows UNION SELECT item_id FROM old_rows",
    }[operation]
    return f"(SELECT array_agg(DISTINCT item_id) FROM ({rows}) AS changed)"


def _changed(columns):
    """Rows of an UPDATE whose ``columns`` changed (``earlier``, ``later``)."""
    return " OR ".join(f"earlier.{column} IS DISTINCT FROM later.{column}" for column in columns)


def _edited_items():
    return (
        "(SELECT array_agg(later.id) FROM new_rows AS later"
        f" JOIN old_rows AS earlier ON earlier.id = later.id WHERE {_changed(ITEM_COLUMNS)})"
    )


def _renamed_items(table):
    links, key, names = NAMED[table]
    return (
        f"(SELECT array_agg(DISTINCT link.item_id) FROM {links} AS link"
        f" JOIN new_rows AS later ON later.id = link.{key}"
        f" JOIN old_rows AS earlier ON earlier.id = later.id WHERE {_changed(names)})"
    )


def _placed_items(table):
    rows, columns = SET_OWNERS[table]
    return (
        f"(SELECT array_agg(DISTINCT placed.item_id) FROM ({rows}) AS placed"
        " JOIN new_rows AS later ON later.id = placed.owner"
        f" JOIN old_rows AS earlier ON earlier.id = later.id WHERE {_changed(columns)})"
    )


def _triggers():
    """(table, operation, refresh function, the array of objects to refresh) of every
    trigger."""
    triggers = [
        ("collection_item", "INSERT", "all", "(SELECT array_agg(id) FROM new_rows)"),
        ("collection_item", "UPDATE", "item", _edited_items()),
    ]
    triggers += [
        (table, operation, table, _linked_items(operation))
        for table in LINK_TABLES
        for operation in OPERATIONS
    ]
    triggers += [(table, "UPDATE", NAMED[table][0], _renamed_items(table)) for table in NAMED]
    triggers += [
        (SHOWN_IN, operation, "exhibitions", _linked_items(operation)) for operation in OPERATIONS
    ]
    triggers += [(table, "UPDATE", "exhibitions", _placed_items(table)) for table in SET_OWNERS]
    return triggers


def install_sql():
    """The refresh functions, then a statement-level trigger per table and operation
    running one for the objects its statement touched."""
    triggers = [
        statement_trigger(
            table,
            operation,
            body=f"PERFORM {_refresh(refresh)}({ids});",
            **_names(table, operation),
        )
        for table, operation, refresh, ids in _triggers()
    ]
    return "\n".join([*(_refresh_function(name) for name in REFRESHED), *triggers])


def uninstall_sql():
    sql = [
        drop_statement_trigger(table, **_names(table, operation))
        for table, operation, _refresh_name, _ids in _triggers()
    ]
    sql += [f"DROP FUNCTION IF EXISTS {_refresh(name)}(bigint[]);" for name in REFRESHED]
    return "\n".join(sql)


def refill_sql():
    """Every object's parts afresh."""
    return f"DELETE FROM {TABLE}; SELECT {_refresh('all')}(array_agg(id)) FROM collection_item;"


def refill():
    """Write every object's dates and parts afresh, in one transaction: the dates first,
    then each row once, with them."""
    with transaction.atomic(), connection.cursor() as cursor:
        write_out_all()
        cursor.execute(refill_sql())
