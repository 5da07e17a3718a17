"""Language honesty (WCAG 2.2, 3.1.2): on every page type, in both languages, text of
the other language is inside an element saying so (``lang="en"`` on /vi/).

"Text of a language" is what the database holds in that language's column of a
translated field and not in the other's: with the demo, where everything is in both
languages, no fallback may show; with imported data, where each record has one
language, every fallback must be tagged.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from modeltranslation.translator import translator

from collection.models import Item
from museum.management.commands import load_demo
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

LANGUAGES = ("vi", "en")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Attributes read out to visitors, beside the text itself.
READ_OUT = ("alt", "title", "aria-label", "placeholder")
# Shorter strings ("Hòa bình") also occur inside longer ones of the other language.
MIN_LENGTH = 5


class Chunks(HTMLParser):
    """The text of a page's body, each piece with the language in force where it is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang)
        self.chunks = []  # (text, lang, where)

    @property
    def lang(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag == "html":
            self.root = lang
        for name in READ_OUT:
            if attrs.get(name):
                self.chunks.append((attrs[name], lang or self.lang, f"<{tag} {name}>"))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        inside = {tag for tag, _lang in self.stack}
        if inside & {"head", "script", "style"} or not data.strip():
            return
        parent = self.stack[-1][0] if self.stack else "?"
        self.chunks.append((" ".join(data.split()), self.lang, f"<{parent}>"))


def strings_by_language():
    """Every text held in one language's column only, split at line breaks."""
    strings = {code: set() for code in LANGUAGES}
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        if model._meta.abstract:
            continue
        for record in model.objects.all():
            for field in fields:
                values = {code: getattr(record, f"{field}_{code}") or "" for code in LANGUAGES}
                for code, value in values.items():
                    other = values["en" if code == "vi" else "vi"]
                    for line in re.split(r"\n+", value):
                        line = " ".join(line.split())
                        if len(line) >= MIN_LENGTH and line not in other:
                            strings[code].add(line)
    # A string both languages hold (a name written the same in each) belongs to neither.
    shared = strings["vi"] & strings["en"]
    return {code: found - shared for code, found in strings.items()}


def untagged(html, page_language, strings):
    """The texts of another language than the one in force where they appear."""
    parser = Chunks()
    parser.feed(html)
    assert parser.root == page_language
    problems = []
    for text, lang, where in parser.chunks:
        for code, found in strings.items():
            if lang == code:
                continue
            for string in found:
                if string in text and not any(string in s for s in strings[lang]):
                    problems.append(f"{where} lang={lang}: {string!r} is {code}")
    return problems


def crawl(client, pages):
    strings = strings_by_language()
    assert strings["vi"]
    assert strings["en"]
    problems = []
    for language in LANGUAGES:
        for name, path in pages.items():
            response = client.get(f"/{language}/{path}")
            assert response.status_code in (200, 404), (name, response.status_code)
            problems += [
                f"/{language}/{path} ({name}) {problem}"
                for problem in untagged(response.text, language, strings)
            ]
    return problems


def page_types(item, section, event, person, place, exhibition):
    return {
        "home": "",
        "browse": "collection/",
        "browse-filtered": f"collection/?place={place.pk}&has_image=on",
        "search": "search/?q=1972",
        "object": f"collection/objects/{item.pk}/?section={section.pk}",
        "person": f"people/{person.pk}/",
        "place": f"places/{place.pk}/",
        "exhibitions": "exhibitions/",
        "exhibition": f"exhibitions/{exhibition.slug}/",
        "section": f"exhibitions/{exhibition.slug}/{section.slug}/",
        "events": "events/",
        "event": f"events/{event.slug}/",
        "not-found": "no-such-page/",
    }


def test_the_demo_shows_no_text_of_the_other_language_in_either(client, monkeypatch):
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    call_command("load_demo", stdout=io.StringIO())
    item = Item.objects.get(accession_number="DEMO.1972.005")
    section = item.exhibition_items.get().section
    pages = page_types(
        item,
        section,
        event=section.exhibition.events.get(),
        person=item.creators.get(),
        place=item.places.get(),
        exhibition=section.exhibition,
    )
    pages["search-misspelt"] = "search/?q=kham+thein"

    assert crawl(client, pages) == []


CATALOGUE = [
    "accession_number,kind,title_en,title_vi,description_en,description_vi,date,creator,places,"
    "status",
    "IMP.001,photograph,,Phố Khâm Thiên sau trận bom,,Ảnh chụp buổi sáng hôm sau.,"
    "tháng 12 năm 1972,Chu Chí Thành,Phố Khâm Thiên,published",
    "IMP.002,document,Letter from the front,,A letter home.,,circa 1972,,Phố Khâm Thiên,published",
    "IMP.003,artifact,,Mũ cối của bộ đội,,,1972,,Hồ Trúc Bạch,published",
]


def test_imported_data_in_one_language_is_tagged_wherever_it_falls_back(
    client, tmp_path, monkeypatch
):
    """A catalogue imported from a spreadsheet in one language per row, shown in an
    exhibition and an event written in one language each."""
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("\n".join(CATALOGUE) + "\n", encoding="utf-8")
    call_command("import_collection", str(catalogue), stdout=io.StringIO())
    item = Item.objects.get(accession_number="IMP.001")
    exhibition = ExhibitionFactory(
        title="", title_vi="Hà Nội mùa đông năm 1972", introduction_vi="Một triển lãm nhỏ."
    )
    section = SectionFactory(
        exhibition=exhibition, title="", title_en="Street by street", introduction_en="Rooms."
    )
    for other in Item.objects.all():
        ExhibitionItemFactory(section=section, item=other)
    event = EventFactory(title="", title_vi="Buổi nói chuyện về triển lãm", venue_en="Hall")
    event.exhibitions.add(exhibition)
    pages = page_types(
        item,
        section,
        event,
        person=item.creators.get(),
        place=item.places.get(),
        exhibition=exhibition,
    )
    pages["search-misspelt"] = "search/?q=kham+thein"

    assert crawl(client, pages) == []
    # The fallbacks are there, tagged: the check had something to check.
    english_place = client.get(f"/en/places/{item.places.get().pk}/").text
    assert '<h1 lang="vi">Phố Khâm Thiên</h1>' in english_place
    assert 'lang="en">Street by street' in client.get(f"/vi/{pages['exhibition']}").text


def test_the_check_finds_untagged_text_of_the_other_language():
    strings = {"vi": {"Phố Khâm Thiên"}, "en": {"Letter from the front"}}
    page = (
        '<html lang="en"><body><h1>Phố Khâm Thiên</h1><p lang="vi">Phố Khâm Thiên</p>'
        '<img alt="Phố Khâm Thiên"><p>Letter from the front</p></body></html>'
    )

    assert untagged(page, "en", strings) == [
        "<h1> lang=en: 'Phố Khâm Thiên' is vi",
        "<img alt> lang=en: 'Phố Khâm Thiên' is vi",
    ]
