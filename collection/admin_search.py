"""The objects' change-list search, answered through indexes at a million objects."""


class ItemSearchAdminMixin:
    """For the objects' admin."""
