"""Statement-level triggers, as the SQL a migration runs: a PL/pgSQL function that runs
after each INSERT, UPDATE or DELETE statement on a table, reading the rows the statement
changed from its transition tables (``new_<alias>``, ``old_<alias>``), however many
rows it touched. What apps keep this way: collection.counts, opendata.oai.stored."""

OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def _transition_tables(operation, alias):
    return {
        "INSERT": f"NEW TABLE AS new_{alias}",
        "DELETE": f"OLD TABLE AS old_{alias}",
        "UPDATE": f"OLD TABLE AS old_{alias} NEW TABLE AS new_{alias}",
    }[operation]


def statement_trigger(table, operation, *, name, function, body, alias="rows"):
    """The function ``function()`` running the SQL statements ``body``, and the trigger
    ``name`` that runs it after each ``operation`` statement on ``table``."""
    return f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END;
        $$;
        CREATE OR REPLACE TRIGGER {name} AFTER {operation} ON {table}
        REFERENCING {_transition_tables(operation, alias)} FOR EACH STATEMENT
        EXECUTE FUNCTION {function}();
    """


def drop_statement_trigger(table, *, name, function):
    return f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {function}();"
