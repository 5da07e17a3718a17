"""Printable gallery labels for the physical show, per exhibition and per section."""


class LabelsAdminMixin:
    """For the exhibition and section admins: the print views and their links."""
