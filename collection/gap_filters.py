"""Cataloguing gaps: what an object still lacks, declared once for the objects' change
list (``MissingFilter``, ``?missing=<gap>``) and for the figures of the admin's
dashboard, so that a count and the list it links to are the same objects."""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _blank(field):
    # Translated columns are nullable (django-modeltranslation): empty is NULL or "".
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


@dataclass(frozen=True)
class Gap:
    name: str  # the value of ?missing=
    label: str  # "without …", as the dashboard and the filter read it
    condition: Q  # the objects that have this gap


# An object without an image is ``?has_image=no`` (collection.admin.HasImageFilter):
# images are rows of their own, counted apart (museum.dashboard).
GAPS = [
    Gap("date", _("without a date"), Q(date_earliest__isnull=True)),
    Gap("title_vi", _("without a Vietnamese title"), _blank("title_vi")),
    Gap("title_en", _("without an English title"), _blank("title_en")),
    Gap("description_vi", _("without a Vietnamese description"), _blank("description_vi")),
    Gap("description_en", _("without an English description"), _blank("description_en")),
    Gap("rights", _("without a rights statement"), _blank("rights")),
]
GAPS_BY_NAME = {gap.name: gap for gap in GAPS}


class MissingFilter(admin.SimpleListFilter):
    """The objects with one cataloguing gap."""

    title = _("missing")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(gap.name, gap.label) for gap in GAPS]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in GAPS_BY_NAME:
            # The admin's answer to a value no link offers: back to the unfiltered list.
            raise IncorrectLookupParameters(f"Not a gap: {self.value()!r}")
        return queryset.filter(GAPS_BY_NAME[self.value()].condition)
