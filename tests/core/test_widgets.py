"""QuickSelect writes what Django's select templates write, without their blank lines."""

import pytest
from django import forms

from collection.filters import LanguageSelect
from core.widgets import QuickSelect

CHOICES = [
    ("", "All <kinds>"),
    ("a", 'Ả & "b"'),
    (3, "Three"),
    ("Group <1>", [("x", "X"), ("y", "Y")]),
]


def by_template(widget, *args, **kwargs):
    html = forms.Select.render(widget, *args, **kwargs)
    return "\n".join(line for line in html.splitlines() if line.strip())


@pytest.mark.parametrize("value", ["a", "3", "", None, "y", "<script>"])
def test_the_markup_is_djangos(value):
    widget = QuickSelect(
        attrs={"class": "menu", "data-auto": True, "hidden": False, "aria-describedby": 'x"y'},
        choices=CHOICES,
    )
    html = widget.render("kind", value, attrs={"id": "id_kind"})

    assert html == by_template(widget, "kind", value, attrs={"id": "id_kind"})
    assert "<script>" not in html


def test_options_in_another_language_say_so():
    widget = LanguageSelect(choices=[("", "Anywhere"), (1, "Hà Nội"), (2, "Huế")])
    widget.languages = {"1": "vi"}

    html = widget.render("place", "2")

    assert html == by_template(widget, "place", "2")
    assert '<option value="1" lang="vi">Hà Nội</option>' in html
    assert '<option value="2" selected>Huế</option>' in html
