"""The language each shown text is in, and its lang attribute when it is not the page's."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.languages import Translated, first_of, pick, translated
from tests.collection.factories import ItemFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load vitrine %}" + source).render(Context(context))


def test_a_translated_field_knows_which_language_it_came_from():
    item = ItemFactory(title_vi="Phố Khâm Thiên", title_en="")

    with translation.override("en"):
        title = translated(item, "title")
        assert (title, title.language, title.is_foreign) == ("Phố Khâm Thiên", "vi", True)
    with translation.override("vi"):
        assert translated(item, "title").is_foreign is False


def test_a_field_with_one_version_for_both_languages_has_no_known_language():
    item = ItemFactory(credit_line="Gift of the photographer")

    with translation.override("en"):
        credit = translated(item, "credit_line")
    assert credit == "Gift of the photographer"
    assert credit.language is None


def test_lang_filter_marks_only_text_in_the_other_language():
    item = ItemFactory(title_vi="Phố Khâm Thiên", title_en="", description_en="Ruins.")

    with translation.override("en"):
        assert render('<h1{{ item|lang:"title" }}>', item=item) == '<h1 lang="vi">'
        assert render('<p{{ item|lang:"description" }}>', item=item) == "<p>"
    with translation.override("vi"):
        assert render('<h1{{ item|lang:"title" }}>', item=item) == "<h1>"
        assert render('<p{{ item|lang:"description" }}>', item=item) == '<p lang="en">'


def test_in_language_wraps_a_foreign_text_inside_a_sentence_and_escapes_it():
    item = ItemFactory(title_vi="<Phố>", title_en="")

    with translation.override("en"):
        assert render('{{ item|in_language:"title" }}', item=item) == (
            '<span lang="vi">&lt;Phố&gt;</span>'
        )
    with translation.override("vi"):
        assert render('{{ item|in_language:"title" }}', item=item) == "&lt;Phố&gt;"


def test_pick_and_first_of_keep_the_language():
    with translation.override("en"):
        name = pick({"vi": "Bảo tàng Hà Nội", "en": ""})
        assert (name, name.language) == ("Bảo tàng Hà Nội", "vi")
        label = first_of(Translated(), Translated("Confront", "en"))
        assert (label, label.language) == ("Confront", "en")
