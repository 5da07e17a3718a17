"""Likely duplicate people, places and subjects, and merging two into one."""


class DuplicatesAdminMixin:
    """For the authority admins: lists likely duplicates and merges them."""
