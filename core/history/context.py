"""The context every history row carries: who made the change and through what.

Requests that write get theirs from django-pghistory's middleware (the user and the
address), management commands from ``manage.py`` (``command_context``), imports and
undos have their own (``add_to_context`` says what they are). The triggers read the context from two
settings of the transaction that django-pghistory sets before each statement Django
sends; a COPY, which Django does not see, uses what the statement before it set.
"""

import contextlib
import json
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.translation import gettext as _

# Commands that serve requests: each request that writes has its context.
SERVING_COMMANDS = {"runserver", "testserver", "test"}


def command_context(argv):
    """The context of a ``manage.py`` command: its command line, on every change it
    makes outside a context of its own (an import's, an undo's)."""
    name = argv[1] if len(argv) > 1 else ""
    if not name or name in SERVING_COMMANDS or name.startswith("-"):
        return contextlib.nullcontext()
    return session_context(command=" ".join(["manage.py", *argv[1:]])[:500])


@contextlib.contextmanager
def session_context(**metadata):
    """Set the context for the whole database session of every connection this process
    opens, rather than before each statement as ``pghistory.context()`` does: raw SQL
    typed in the shell goes to the server exactly as written."""
    from django.db.backends.signals import connection_created

    context_id = str(uuid.uuid4())
    serialized = json.dumps(metadata, cls=DjangoJSONEncoder)

    def attach(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pghistory.context_id', %s, false), "
                "set_config('pghistory.context_metadata', %s, false)",
                [context_id, serialized],
            )

    connection_created.connect(attach, weak=False, dispatch_uid="core.history.session")
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid="core.history.session")


def add_to_context(context, **metadata):
    """Add ``metadata`` to ``context`` (what ``pghistory.context()`` entered), for the
    statements still to come and for the rows already written under it."""
    context.metadata.update({key: value for key, value in metadata.items() if value is not None})
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) "
            "VALUES (%s, %s, now(), now()) ON CONFLICT (id) DO UPDATE "
            "SET metadata = EXCLUDED.metadata, updated_at = now()",
            [context.id, json.dumps(context.metadata, cls=DjangoJSONEncoder)],
        )


# Metadata key -> how the History names what made the change (see ``describe_as``).
DESCRIBERS = {}
# Metadata key -> the title of the recent changes' filter on it.
FILTERS = {}


def describe_as(key, describe, *, filter_title=None):
    """Name changes whose context has ``key`` with ``describe(value, metadata)``: an app
    saying what its own contexts are (an import, the undo of one) without core knowing.
    With ``filter_title``, the recent changes can be filtered by the key's value."""
    DESCRIBERS[key] = describe
    if filter_title is not None:
        FILTERS[key] = filter_title


def describe(context):
    """What made the changes of ``context`` (a pghistory Context or None), as HTML-safe
    text: an import, a revert, an address in the admin, a command, or the database."""
    if context is None:
        return _("the database directly (no context)")
    metadata = context.metadata
    for key, describer in DESCRIBERS.items():
        if metadata.get(key) is not None:
            return describer(metadata[key], metadata)
    if "revert" in metadata:
        return _("a revert to an earlier version")
    if "url" in metadata:
        return metadata["url"]
    if "command" in metadata:
        return metadata["command"]
    return _("unknown")
