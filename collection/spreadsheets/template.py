"""The import template's columns, declared once.

Everything else follows from this list: the header row of the blank template and of every
export, the template's "Columns" help sheet, which columns an import reads and how, and
the export's fields. Length limits and choices are the Item fields' own (``Item._meta``),
so a change to the model is a change to what an import accepts.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from collection.models import Item

MULTI_VALUE_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str  # the header in the file, exactly; matched ignoring case, spaces and hyphens
    label: str
    help: str  # written for the archivist; shown on the template's "Columns" sheet
    example: str
    field: str | None = None  # the Item field the column holds; None for links and images
    multiple: bool = False  # several values separated by MULTI_VALUE_SEPARATOR


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "accession_number",
        _("Accession number"),
        _(
            "The object's number in the museum's register, exactly as written there. Format "
            "the column as Text, or Excel turns 1972.10 into 1972.1."
        ),
        "BTLS.1972.10",
        field="accession_number",
    ),
    Column(
        "kind",
        _("Kind"),
        _("What the object is: artifact, photograph or document."),
        "photograph",
        field="kind",
    ),
    Column(
        "title_en",
        _("Title (English)"),
        _("The title in English."),
        "Crossing the Thạch Hãn river",
        field="title_en",
    ),
    Column(
        "title_vi",
        _("Title (Vietnamese)"),
        _("The title in Vietnamese."),
        "Vượt sông Thạch Hãn",
        field="title_vi",
    ),
    Column(
        "description_en",
        _("Description (English)"),
        _("The description visitors read, in English. Line breaks in the cell are kept."),
        "Taken at dawn on the second day of the crossing.",
        field="description_en",
    ),
    Column(
        "description_vi",
        _("Description (Vietnamese)"),
        _("The same description in Vietnamese."),
        "Ảnh chụp lúc bình minh ngày thứ hai của cuộc vượt sông.",
        field="description_vi",
    ),
    Column(
        "date",
        _("Date"),
        _(
            "When the object was made, as written on the record, day first: 18/12/1972, "
            "December 1972, 1972, circa 1972 or undated."
        ),
        "18/12/1972",
        field="date_text",
    ),
    Column(
        "creator",
        _("Creator"),
        _("Who made the object. Separate several people with ; and put a role in brackets."),
        "Chu Chí Thành (photographer)",
        multiple=True,
    ),
    Column(
        "places",
        _("Places"),
        _("Places the object shows or comes from, separated by ;."),
        "Quảng Trị; Hà Nội",
        multiple=True,
    ),
    Column(
        "subjects",
        _("Subjects"),
        _("Subjects for searching and browsing, separated by ;."),
        "river crossing; soldiers",
        multiple=True,
    ),
    Column(
        "medium",
        _("Medium"),
        _("Materials, or the photographic process."),
        "Gelatin silver print",
        field="medium",
    ),
    Column(
        "dimensions",
        _("Dimensions"),
        _("The size as measured, with units."),
        "24 × 30 cm",
        field="dimensions",
    ),
    Column(
        "inscription",
        _("Inscription"),
        _("Writing on the object, copied exactly."),
        "Thạch Hãn 1972",
        field="inscription",
    ),
    Column(
        "credit_line",
        _("Credit line"),
        _("How the museum credits the object wherever it is shown."),
        "Gift of the photographer's family, 2005",
        field="credit_line",
    ),
    Column(
        "provenance",
        _("Provenance"),
        _("Where the object came from and how it reached the museum."),
        "Transferred from the army archive in 1980.",
        field="provenance",
    ),
    Column(
        "rights",
        _("Rights"),
        _("Who holds the copyright and what use it allows."),
        "© Chu Chí Thành",
        field="rights",
    ),
    Column(
        "image",
        _("Image files"),
        _(
            "The names of the object's image files, exactly as in the folder or ZIP and "
            "without a folder name. Separate several files with ;."
        ),
        "BTLS.1972.10.jpg; BTLS.1972.10-back.jpg",
        multiple=True,
    ),
    Column(
        "status",
        _("Status"),
        _("draft (only staff see it) or published (visitors see it)."),
        "draft",
        field="status",
    ),
)
TEMPLATE_NAMES = tuple(column.name for column in TEMPLATE_COLUMNS)
ACCESSION = "accession_number"
DATE = "date"


def item_field(column: str) -> models.Field:
    """The Item field a template column holds."""
    return Item._meta.get_field(_BY_NAME[column].field)


_BY_NAME = {column.name: column for column in TEMPLATE_COLUMNS}
ACCESSION_MAX_LENGTH = item_field(ACCESSION).max_length
DATE_MAX_LENGTH = item_field(DATE).max_length
# Columns whose field has choices (kind, status): each canonical value by itself, so that
# every row shares one string rather than keeping a copy of its own.
CHOICE_COLUMNS: dict[str, dict[str, str]] = {
    column.name: {value: value for value, _label in field.choices}
    for column in TEMPLATE_COLUMNS
    if column.field and (field := item_field(column.name)).choices
}
# Every other column with a field is text, copied as it is cleaned, within the field's
# length limit (None: a TextField has none).
TEXT_COLUMNS: dict[str, int | None] = {
    column.name: item_field(column.name).max_length
    for column in TEMPLATE_COLUMNS
    if column.field and column.name not in {ACCESSION, DATE, *CHOICE_COLUMNS}
}
# Text whose line breaks are kept: the TextFields.
MULTILINE = frozenset(
    name for name in TEXT_COLUMNS if isinstance(item_field(name), models.TextField)
)
# The longest name a person, place or subject may have.
NAME_MAX_LENGTH = min(
    Item._meta.get_field(link).related_model._meta.get_field("name").max_length
    for link in ("creators", "places", "subjects")
)
