"""Bulk edits from the objects' change list."""


class BulkEditAdminMixin:
    """For the objects' admin: set or add a value on the selected objects."""
