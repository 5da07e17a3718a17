"""Rows written with COPY into the tables and columns the models declare.

A row is a dict keyed by the model's field names (``attname``: ``item_id`` for a foreign
key). The table, the columns and the values of the fields a row leaves out all come from
the model's ``_meta``, so the benchmark keeps up with the models: a field added since is
written with the value a new instance would get (its default, ``""``, now for
``auto_now``), a nullable one is left NULL, and a row naming a field that no longer
exists fails at once, naming it.
"""

import datetime
import itertools

from django.core.management.color import no_style
from django.db import connection as django_connection
from django.db.models import NOT_PROVIDED, DateTimeField
from django.db.models.fields import AutoFieldMixin
from psycopg import sql


def copy_rows(cursor, model, rows):
    """COPY ``rows`` (dicts with the same keys) into ``model``'s table; return how many.

    The rows' values are written as psycopg adapts them (str, int, bool, date, datetime,
    a list for an array), without passing through the fields: a dataset of a hundred
    thousand objects is written in seconds.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    given = list(first)
    fields = {field.attname: field for field in model._meta.concrete_fields}
    if unknown := [name for name in given if name not in fields]:
        raise ValueError(f"{model.__name__} has no field {', '.join(unknown)}")
    now = datetime.datetime.now(datetime.UTC)
    filled = {
        field.column: value
        for attname, field in fields.items()
        if attname not in first and (value := missing_value(model, field, now)) is not None
    }
    columns = [fields[name].column for name in given] + list(filled)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    constants = list(filled.values())
    count = 0
    with cursor.copy(statement) as copy:
        for row in itertools.chain([first], rows):
            copy.write_row([*(row[name] for name in given), *constants])
            count += 1
    return count


def missing_value(model, field, now):
    """What a new row gets in a field the bench does not write, ready for the database;
    None when the column is left to the database (identity, ``db_default``, NULL)."""
    if isinstance(field, AutoFieldMixin) or field.db_default is not NOT_PROVIDED:
        return None
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now if isinstance(field, DateTimeField) else now.date()
    if field.null and not field.has_default():
        return None
    value = field.get_default()
    if value is None:
        raise ValueError(
            f"The bench does not know what to write in {model.__name__}.{field.name}, "
            "which is required and has no default: give it in the rows."
        )
    return field.get_db_prep_save(value, connection=django_connection)


def reset_sequences(cursor, models):
    """Point each model's id sequence past the ids the rows were given, with the SQL
    Django's ``loaddata`` runs after loading fixtures."""
    for statement in django_connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(statement)
