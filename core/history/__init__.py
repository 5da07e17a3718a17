"""History: every change to the tracked tables, kept by PostgreSQL, readable field by
field and undoable.

Each app declares what it tracks in its ``history.py`` (``versions.track``), loaded by
its ``ready()``, once django-modeltranslation has added the translated fields, so both
languages are kept. django-pghistory installs statement-level triggers: whatever writes
(the admin, a bulk update, an import's COPY, the shell, raw SQL) leaves one row per
changed row in the model's history table, with a context: who, which address or
command, which import (``context``).

- ``versions``: the history tables and what a record's history reads as;
- ``restoring``: putting rows back as they were (a revert, an undone import);
- ``admin``: the History page of every record, reverting, the recent changes page.

This package imports no model at import time: ``context`` is used by ``manage.py``.
"""
