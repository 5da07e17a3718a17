"""The template's columns: declared once, with the Item model's own limits and choices."""

from collection.models import Item, Kind
from collection.spreadsheets.template import (
    ACCESSION_MAX_LENGTH,
    CHOICE_COLUMNS,
    DATE_MAX_LENGTH,
    MULTILINE,
    TEMPLATE_COLUMNS,
    TEMPLATE_NAMES,
    TEXT_COLUMNS,
)
from core.models import Status


def test_template_columns_are_the_briefs_in_order():
    assert TEMPLATE_NAMES == (
        "accession_number", "kind", "title_en", "title_vi", "description_en", "description_vi",
        "date", "creator", "places", "subjects", "medium", "dimensions", "inscription",
        "credit_line", "provenance", "rights", "image", "status",
    )  # fmt: skip
    assert {c.name for c in TEMPLATE_COLUMNS if c.multiple} == {
        "creator",
        "places",
        "subjects",
        "image",
    }


def test_every_column_but_the_links_and_images_names_an_item_field():
    for column in TEMPLATE_COLUMNS:
        if column.field:
            Item._meta.get_field(column.field)
    assert {c.name for c in TEMPLATE_COLUMNS if not c.field} == {
        "creator",
        "places",
        "subjects",
        "image",
    }


def test_limits_and_choices_are_the_item_models_own():
    assert TEXT_COLUMNS["title_vi"] == TEXT_COLUMNS["title_en"] == 500
    assert TEXT_COLUMNS["medium"] == Item._meta.get_field("medium").max_length
    assert TEXT_COLUMNS["description_en"] is None  # a TextField
    assert Item._meta.get_field("accession_number").max_length == ACCESSION_MAX_LENGTH
    assert Item._meta.get_field("date_text").max_length == DATE_MAX_LENGTH
    assert {name: list(values) for name, values in CHOICE_COLUMNS.items()} == {
        "kind": Kind.values,
        "status": Status.values,
    }
    assert {"description_en", "description_vi", "inscription", "provenance"} == MULTILINE
