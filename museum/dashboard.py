"""The collection dashboard on the admin's index: the objects by kind, by decade and by
status, the cataloguing gaps a curator can act on (each a link to the change list that
lists exactly those objects), the latest imports and the latest change sets.

The figures are three queries however large the collection (one pass over the objects
with a FILTER per figure, the objects with images, the objects' date ranges grouped by
decade), kept for a minute, or until the content next changes (``core.cache.remember``):
0.4-0.5 s for 200,000 objects and 100,000 images on the two-core development machine.
The lists are read for each curator: what they show depends on who may see what.
"""

import time
from dataclasses import dataclass

from django.contrib import admin
from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from collection.gap_filters import GAPS
from collection.models import Image, ImportJob, ImportRecord, Item, Kind
from core.cache import remember
from core.models import ChangeSet, Status

FIGURES_SECONDS = 60
RECENT = 5
# Bars of the charts, in the SVG's own units (it scales with the page).
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 18, 8, 110, 240
COLUMN_WIDTH, COLUMN_GAP, COLUMN_HEIGHT, TEXT_HEIGHT = 40, 6, 100, 16


def count_figures():
    """Every count the dashboard shows, as plain numbers (kept in the shared cache)."""
    counts = Item.objects.aggregate(
        total=Count("pk"),
        **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in Kind.values},
        **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in Status.values},
        **{f"gap_{gap.name}": Count("pk", filter=gap.condition) for gap in GAPS},
    )
    with_image = Image.objects.values("item").distinct().count()
    return {
        "total": counts["total"],
        "kinds": {kind: counts[f"kind_{kind}"] for kind in Kind.values},
        "statuses": {status: counts[f"status_{status}"] for status in Status.values},
        "gaps": {
            "image": counts["total"] - with_image,
            **{gap.name: counts[f"gap_{gap.name}"] for gap in GAPS},
        },
        "decades": decade_counts(),
    }


def decade_counts():
    """(decade, objects) for every decade some object's date range touches: an object
    counts in each of them, as the change list's decade filter finds it
    (collection.admin_search.DecadeFilter). The ranges are grouped by their first and last
    decade in the database, a few hundred pairs however many objects, and spread here."""

    def decade(field):
        # Integer division: EXTRACT gives a numeric, which would keep 197.2.
        return Cast(f"{field}__year", IntegerField()) / 10 * 10

    spans = (
        Item.objects.filter(date_earliest__isnull=False, date_latest__isnull=False)
        .annotate(first=decade("date_earliest"), last=decade("date_latest"))
        .values_list("first", "last")
        .annotate(objects=Count("pk"))
        .order_by()
    )
    counts = {}
    for first, last, objects in spans:
        for start in range(first, last + 1, 10):
            counts[start] = counts.get(start, 0) + objects
    return sorted(counts.items())


def figures():
    """The counts, computed at most once a minute: the bucket in the name moves on every
    ``FIGURES_SECONDS``, and ``remember`` drops them sooner when the content changes."""
    bucket = int(time.time() // FIGURES_SECONDS)
    return remember(f"collection-dashboard:{bucket}", count_figures)


@dataclass
class Bar:
    label: str
    count: int
    url: str = ""
    short: str = ""  # the label under a narrow column
    share: float = 0.0  # of the largest bar of its chart, 0 to 1
    index: int = 0

    # Horizontal bars: a label, the bar, its count.
    @property
    def y(self):
        return self.index * (BAR_HEIGHT + BAR_GAP)

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 5

    @property
    def length(self):
        return round(self.share * BAR_WIDTH, 1)

    @property
    def count_x(self):
        return LABEL_WIDTH + self.length + 6

    # Columns: the count above, the label below.
    @property
    def x(self):
        return self.index * (COLUMN_WIDTH + COLUMN_GAP)

    @property
    def middle(self):
        return self.x + COLUMN_WIDTH / 2

    @property
    def column(self):
        return round(self.share * COLUMN_HEIGHT, 1)

    @property
    def top(self):
        return TEXT_HEIGHT + COLUMN_HEIGHT - self.column

    @property
    def count_y(self):
        return self.top - 4


@dataclass
class Chart:
    """Bars drawn as SVG (for the eye, hidden from screen readers) beside the same
    figures as a table (for everyone). ``shape``: "bars" across or "columns" up."""

    key: str
    title: str
    column_title: str  # the table's first column
    shape: str
    bars: list

    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT
    column_width = COLUMN_WIDTH

    def __post_init__(self):
        top = max((bar.count for bar in self.bars), default=0)
        for index, bar in enumerate(self.bars):
            bar.index, bar.share = index, (bar.count / top if top else 0)

    @property
    def width(self):
        if self.shape == "bars":
            return LABEL_WIDTH + BAR_WIDTH + 60  # room for the longest count
        return max(len(self.bars), 1) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP

    @property
    def height(self):
        if self.shape == "bars":
            return max(len(self.bars), 1) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        return TEXT_HEIGHT + COLUMN_HEIGHT + TEXT_HEIGHT + 4

    @property
    def baseline(self):
        return TEXT_HEIGHT + COLUMN_HEIGHT

    @property
    def label_y(self):
        return TEXT_HEIGHT + COLUMN_HEIGHT + TEXT_HEIGHT


def changelist(**params):
    url = reverse("admin:collection_item_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def charts(counts):
    kinds = Chart(
        "kind",
        _("By kind"),
        _("Kind"),
        "bars",
        [
            Bar(label, counts["kinds"][value], changelist(kind__exact=value))
            for value, label in Kind.choices
        ],
    )
    statuses = Chart(
        "status",
        _("By status"),
        _("Status"),
        "bars",
        [
            Bar(label, counts["statuses"][value], changelist(status__exact=value))
            for value, label in Status.choices
        ],
    )
    decades = Chart(
        "decade",
        _("By decade"),
        _("Decade"),
        "columns",
        [
            # The decade filter takes 10 to 9990: the years 1–9 have no link.
            Bar(
                _("%(decade)ds") % {"decade": decade},
                count,
                changelist(decade=decade) if decade > 0 else "",
                short=str(decade),
            )
            for decade, count in counts["decades"]
        ],
    )
    return kinds, statuses, decades


@dataclass
class Gap:
    name: str
    label: str
    count: int
    url: str
    percent: int


def gaps(counts):
    total = counts["total"]
    rows = [(_("without an image"), "image", changelist(has_image="no"))]
    rows += [(gap.label, gap.name, changelist(missing=gap.name)) for gap in GAPS]
    return [
        Gap(name, label, counts["gaps"][name], url, round(100 * counts["gaps"][name] / total))
        for label, name, url in rows
        if total
    ]


def recent_imports(request):
    if not request.user.has_perm("collection.view_importrecord"):
        return None
    return list(ImportRecord.objects.select_related("user")[:RECENT])


def imports_under_way(request):
    if not request.user.has_perm("collection.view_importjob"):
        return None
    waiting = (*ImportJob.RUNNING, ImportJob.State.CHECKED)
    return list(ImportJob.objects.filter(state__in=waiting).select_related("user")[:RECENT])


def recent_changes(request):
    """The latest change sets, as the recent changes list shows them to this curator."""
    change_sets = admin.site._registry.get(ChangeSet)
    if change_sets is None or not change_sets.has_view_permission(request):
        return None
    latest = change_sets.get_queryset(request).order_by("-created_at")[:RECENT]
    return [
        {
            "url": reverse("admin:core_changeset_change", args=[change_set.pk]),
            "when": change_set.created_at,
            "who": change_sets.who(change_set),
            "through": change_sets.through(change_set),
            "what": change_sets.what(change_set),
        }
        for change_set in latest
    ]


def dashboard(request):
    """What the admin's index shows this curator, or None for staff who may not see the
    objects."""
    objects = admin.site._registry.get(Item)
    if objects is None or not objects.has_view_or_change_permission(request):
        return None
    counts = figures()
    return {
        "total": counts["total"],
        "charts": charts(counts),
        "gaps": gaps(counts),
        "changelist": changelist(),
        "imports": recent_imports(request),
        "imports_under_way": imports_under_way(request),
        "changes": recent_changes(request),
    }
