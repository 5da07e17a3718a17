"""The gallery labels' print views in the admin (exhibitions/labels.py): who may print
them, what each label says and in which order, its QR code, the sizes, the queries."""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
import segno
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.urls import reverse

from core.models import Status
from exhibitions.models import Exhibition
from museum import demo
from museum.management.commands import load_demo
from museum.models import Museum
from tests.collection.factories import CreatorFactory, ImageFactory, ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture
def curator(roles):
    user = User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def curator_client(client, curator):
    """A signed-in curator reading the admin in English (the labels are bilingual
    whatever the reader's language; the page around them is in the reader's)."""
    client.force_login(curator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def labels_url(obj, size=None):
    url = reverse(f"admin:exhibitions_{obj._meta.model_name}_labels", args=[obj.pk])
    return f"{url}?size={size}" if size else url


class Labels(HTMLParser):
    """The labels of a print page: for each, its language blocks in order (language,
    text), the text of its foot, and the path of its QR code."""

    def __init__(self, html):
        super().__init__()
        self.labels, self.sheets, self.headings = [], [], []
        self.stack = []  # (tag, classes, lang) of the open elements
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        self.stack.append((tag, classes, attrs.get("lang")))
        if "sheet" in classes:
            self.sheets.append(0)
        if "label" in classes:
            self.sheets[-1] += 1
            self.labels.append({"languages": [], "foot": "", "qr": None})
        if "label__language" in classes:
            self.labels[-1]["languages"].append([attrs["lang"], ""])
        if tag == "path" and self.inside("label__qr"):
            self.labels[-1]["qr"] = attrs["d"]

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "h2":
            self.headings.append(data.strip())
        if self.inside("label__warnings"):
            return
        if self.inside("label__language"):
            self.labels[-1]["languages"][-1][1] += data + " "
        elif self.inside("label__footer"):
            self.labels[-1]["foot"] += data + " "

    def inside(self, css_class):
        return any(css_class in classes for _tag, classes, _lang in self.stack)


def text_of(labels):
    """Each label's language blocks, as (language, text with its spaces folded)."""
    return [[(code, " ".join(text.split())) for code, text in lab["languages"]] for lab in labels]


# --- who may print -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client):
    section = SectionFactory()

    for obj in (section.exhibition, section):
        response = client.get(labels_url(obj))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")


def test_staff_without_the_view_permission_are_refused(client):
    section = SectionFactory()
    client.force_login(User.objects.create_user("staff", password=PASSWORD, is_staff=True))

    for obj in (section.exhibition, section):
        assert client.get(labels_url(obj)).status_code == 403


def test_staff_with_only_the_view_permission_may_print(client):
    section = SectionFactory()
    ExhibitionItemFactory(section=section)
    user = User.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename="view_exhibition"))
    client.force_login(user)

    assert client.get(labels_url(section.exhibition)).status_code == 200
    assert client.get(labels_url(section)).status_code == 403  # no view_section


def test_curator_prints_the_labels_of_a_draft_exhibition(curator_client):
    section = SectionFactory(exhibition__status=Status.DRAFT)
    ExhibitionItemFactory(section=section, item=ItemFactory(title_en="Before the opening"))

    response = curator_client.get(labels_url(section.exhibition))

    assert response.status_code == 200
    assert "This exhibition is a draft" in response.text
    assert text_of(Labels(response.text).labels)[0][0][1].startswith("Before the opening")


def test_draft_objects_are_printed_with_a_warning_on_screen(curator_client):
    section = SectionFactory()
    ExhibitionItemFactory(section=section, item=ItemFactory(status=Status.DRAFT))
    ExhibitionItemFactory(section=section)

    response = curator_client.get(labels_url(section))

    assert len(Labels(response.text).labels) == 2
    assert response.text.count("This object is a draft") == 1


def test_a_missing_object_leads_back_to_the_admin(curator_client):
    response = curator_client.get(reverse("admin:exhibitions_exhibition_labels", args=[987654]))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_page_around_the_labels_is_in_the_readers_language(curator_client):
    section = SectionFactory(exhibition__status=Status.DRAFT)
    ExhibitionItemFactory(section=section, item=ItemFactory(status=Status.DRAFT))

    response = curator_client.get(labels_url(section), HTTP_ACCEPT_LANGUAGE="vi")

    assert '<html lang="vi">' in response.text
    assert "Triển lãm này là bản nháp" in response.text
    assert "1 nhãn, 1 tờ A4" in response.text
    assert "Hiện vật này là bản nháp" in response.text
    assert (
        ">In nhãn<"
        in curator_client.get(
            reverse("admin:exhibitions_section_change", args=[section.pk]),
            HTTP_ACCEPT_LANGUAGE="vi",
        ).text
    )


def test_change_forms_link_to_the_print_views(curator_client):
    section = SectionFactory()

    for obj in (section.exhibition, section):
        change = reverse(f"admin:exhibitions_{obj._meta.model_name}_change", args=[obj.pk])
        response = curator_client.get(change)
        assert f'href="{labels_url(obj)}" class="labelslink"' in response.text
        assert "historylink" in response.text  # the admin's own object tools are kept


# --- what a label says ---------------------------------------------------------------


@pytest.fixture
def photograph():
    item = ItemFactory(
        accession_number="BTHN.1972.007",
        title_vi="Phố Khâm Thiên",
        title_en="Khâm Thiên Street",
        date_text="27/12/1972",
        medium="Gelatin silver print",
        credit_line="Gift of the photographer, 2022",
    )
    CreatorFactory(item=item, person__name="Chu Chí Thành", role="photographer")
    CreatorFactory(item=item, person__name="Nguyễn Văn Tặng", role="donor")
    return item


def test_each_label_is_vietnamese_above_english_whatever_the_readers_language(
    curator_client, photograph
):
    exhibited = ExhibitionItemFactory(
        item=photograph,
        label_title_vi="Sau trận bom",
        label_title_en="After the bombing",
        label_text_vi="Khâm Thiên sáng 27 tháng 12.",
        label_text_en="Kham Thien on the morning of 27 December.",
    )
    for language in ("en", "vi"):
        response = curator_client.get(labels_url(exhibited.section), HTTP_ACCEPT_LANGUAGE=language)
        [label] = Labels(response.text).labels
        assert text_of([label]) == [
            [
                (
                    "vi",
                    "Sau trận bom Chu Chí Thành (nhiếp ảnh gia) Phố Khâm Thiên 27/12/1972 "
                    "Khâm Thiên sáng 27 tháng 12.",
                ),
                (
                    "en",
                    "After the bombing Chu Chí Thành (photographer) Khâm Thiên Street "
                    "27 December 1972 Kham Thien on the morning of 27 December.",
                ),
            ]
        ], language
        # The donor is in the credit line, not among the makers.
        assert "Tặng" not in response.text
        foot = " ".join(label["foot"].split())
        assert foot.startswith("Gelatin silver print BTHN.1972.007 Gift of the photographer, 2022")


def test_a_label_without_its_own_title_gives_the_objects(curator_client, photograph):
    exhibited = ExhibitionItemFactory(item=photograph, label_text_en="Written for the room.")

    [label] = text_of(Labels(curator_client.get(labels_url(exhibited.section)).text).labels)

    assert label[0][1].startswith("Phố Khâm Thiên Chu Chí Thành")
    assert label[1][1].endswith("27 December 1972 Written for the room.")


def test_without_a_label_text_the_caption_then_the_description_is_printed(curator_client):
    captioned = ItemFactory(description_en="The description.")
    ImageFactory(item=captioned, caption_en="The caption.")
    section = SectionFactory()
    ExhibitionItemFactory(section=section, item=captioned)
    ExhibitionItemFactory(section=section, item=ItemFactory(description_en="Only described."))

    labels = text_of(Labels(curator_client.get(labels_url(section)).text).labels)

    assert labels[0][-1][1].endswith("The caption.")
    assert labels[1][-1][1].endswith("Only described.")


def test_a_language_with_no_title_is_left_out_and_the_curator_told(curator_client):
    exhibited = ExhibitionItemFactory(item=ItemFactory(title_en="English only"))

    response = curator_client.get(labels_url(exhibited.section))

    assert [code for code, _text in text_of(Labels(response.text).labels)[0]] == ["en"]
    assert "No title in Vietnamese" in response.text


def test_objects_without_a_credit_line_carry_the_museums_in_both_languages(curator_client):
    museum = Museum.load()
    museum.credit_line_vi = "Bảo tàng Hà Nội"
    museum.credit_line_en = "Hanoi Museum"
    museum.save()
    exhibited = ExhibitionItemFactory()

    response = curator_client.get(labels_url(exhibited.section))

    assert '<span lang="vi">Bảo tàng Hà Nội</span><span lang="en">Hanoi Museum</span>' in (
        response.text
    )


def test_sections_and_their_objects_are_printed_in_order(curator_client):
    exhibition = ExhibitionFactory()
    later = SectionFactory(exhibition=exhibition, position=2, title="Hoà bình", title_en="Peace")
    first = SectionFactory(exhibition=exhibition, position=1, title="Đối đầu", title_en="Confront")
    for position, title in ((3, "C"), (1, "A"), (2, "B")):
        ExhibitionItemFactory(section=first, position=position, item__title_en=title)
    ExhibitionItemFactory(section=later, item__title_en="D")

    page = Labels(curator_client.get(labels_url(exhibition)).text)
    section_page = Labels(curator_client.get(labels_url(first)).text)

    assert page.headings == ["Confront", "Peace"]  # in the reader's language
    assert [label[0][1][0] for label in text_of(page.labels)] == ["A", "B", "C", "D"]
    assert section_page.headings == ["Confront"]
    assert [label[0][1][0] for label in text_of(section_page.labels)] == ["A", "B", "C"]


# --- the QR code ---------------------------------------------------------------------


def test_the_qr_code_encodes_the_objects_permalink(curator_client, photograph):
    exhibited = ExhibitionItemFactory(item=photograph)
    permalink = f"http://testserver/collection/objects/{photograph.pk}/"

    [label] = Labels(curator_client.get(labels_url(exhibited.section)).text).labels

    assert permalink in label["foot"]
    # segno cannot read a code back: the same address, encoded again, draws the same.
    expected = re.search(r' d="([^"]+)"', segno.make_qr(permalink, error="m").svg_inline())
    assert label["qr"] == expected.group(1)
    other = segno.make_qr(f"{permalink}x", error="m").svg_inline()
    assert label["qr"] not in other


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_permalink_leads_each_visitor_to_the_object_in_their_language(
    client, photograph, language
):
    response = client.get(
        f"/collection/objects/{photograph.pk}/", HTTP_ACCEPT_LANGUAGE=language, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/{language}/collection/objects/{photograph.pk}/"
    assert response.status_code == 200
    assert photograph.accession_number in response.text


# --- sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "per_sheet"), [(None, 4), ("a6", 4), ("a5", 2), ("a4", 1)])
def test_each_size_puts_its_number_of_labels_on_a_sheet(curator_client, size, per_sheet):
    section = SectionFactory()
    for _ in range(5):
        ExhibitionItemFactory(section=section)

    response = curator_client.get(labels_url(section, size))

    assert response.status_code == 200
    sheets = Labels(response.text).sheets
    assert sheets == [per_sheet] * (5 // per_sheet) + ([5 % per_sheet] if 5 % per_sheet else [])
    assert f'class="labels-page labels--{size or "a6"}"' in response.text


def test_each_section_starts_a_sheet_of_its_own(curator_client):
    exhibition = ExhibitionFactory()
    for count in (3, 2, 0):
        section = SectionFactory(exhibition=exhibition)
        for _ in range(count):
            ExhibitionItemFactory(section=section)

    response = curator_client.get(labels_url(exhibition, "a6"))

    assert Labels(response.text).sheets == [3, 2]
    assert "5 labels, 2 A4 sheets" in response.text
    assert "This section has no objects yet." in response.text


@pytest.mark.parametrize("size", ["a3", "A6", "", "a6'><script>", "\x00"])
def test_a_size_not_offered_is_a_400_with_the_choices_and_no_labels(curator_client, size):
    exhibited = ExhibitionItemFactory()

    for obj in (exhibited.section, exhibited.section.exhibition):
        response = curator_client.get(labels_url(obj), {"size": size})
        assert response.status_code == 400
        if size != "\x00":
            assert "This label size is not offered" in response.text
            assert 'value="a5"' in response.text
        assert 'class="label"' not in response.text
        assert "<script>" not in response.text


def test_the_page_has_no_inline_script_or_style_under_the_sites_policy(curator_client):
    exhibited = ExhibitionItemFactory()

    response = curator_client.get(labels_url(exhibited.section))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<style" not in response.text
    assert " style=" not in response.text
    assert re.findall(r"<script[^>]*>", response.text) == [
        '<script src="/static/js/labels.js" defer>'
    ]


# --- queries -------------------------------------------------------------------------


def test_print_query_count_does_not_grow_with_the_labels(curator_client, django_assert_num_queries):
    exhibition = ExhibitionFactory()

    def render(obj, queries):
        with django_assert_num_queries(queries):
            assert curator_client.get(labels_url(obj)).status_code == 200

    def fill(section, count):
        for _ in range(count):
            item = ItemFactory()
            ImageFactory(item=item)
            CreatorFactory(item=item)
            ExhibitionItemFactory(section=section, item=item)

    section = SectionFactory(exhibition=exhibition)
    fill(section, 1)
    # 1. the session  2. the signed-in user  3. the exhibition (or the section)
    # 4. the user's permissions  5. their groups' permissions  6. the sections and their
    # exhibition  7. their exhibited objects and objects  8. the objects' primary images
    # 9. their people
    render(exhibition, 9)
    render(section, 9)
    for _ in range(3):
        fill(SectionFactory(exhibition=exhibition), 6)
    fill(section, 6)
    render(exhibition, 9)
    render(section, 9)


# --- the demo ------------------------------------------------------------------------


def test_the_demo_exhibitions_labels_print(curator_client, monkeypatch):
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    call_command("load_demo", stdout=StringIO())
    exhibition = Exhibition.objects.get(slug=demo.EXHIBITION_SLUG)
    exhibited = [e for s in exhibition.sections.all() for e in s.items.all()]

    response = curator_client.get(labels_url(exhibition, "a5"))

    assert response.status_code == 200
    labels = text_of(Labels(response.text).labels)
    assert len(labels) == len(exhibited) > 0
    assert all([code for code, _text in label] == ["vi", "en"] for label in labels)
    assert "No title in" not in response.text
