"""Printable gallery labels for the physical show, per exhibition and per section.

Curators install a show before it opens, so the print views are the admin's, for anyone
who may view the exhibition or section, drafts included; visitors never reach them.
Each label holds, Vietnamese above English, each in its own language whatever the
reader's: the title (the exhibition label's, else the object's), the people who made the
object with their roles, the object's title when the label gives another, and its date
as the site writes it; then the label text. Below them, in both languages at once: the
medium, the accession number and the credit line, and a QR code of the object's
permalink with the address printed under it.

Labels are printed on A4 sheets at their real size, with the browser's print (no PDF
engine): four A6 labels to a sheet (two by two), two A5 labels (landscape, one above
the other) or one A4 label. Each section starts on a sheet of its own, so a room's
labels stay together once cut; a section's heading is shown on screen, never printed.
"""

from dataclasses import dataclass
from functools import lru_cache

import segno
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from collection.date_display import display_date
from collection.models import Creator, CreatorRole, primary_image_prefetch
from core.identity import museum
from core.languages import Translated
from exhibitions.models import ExhibitionItem, Section

TEMPLATE = "admin/exhibitions/labels.html"


@dataclass(frozen=True)
class LabelSize:
    code: str
    name: str
    per_sheet: int
    description: str


SIZES = {
    size.code: size
    for size in (
        LabelSize("a6", "A6", 4, _("A6 (105 × 148 mm), four to an A4 sheet")),
        LabelSize("a5", "A5", 2, _("A5 (210 × 148 mm, landscape), two to an A4 sheet")),
        LabelSize("a4", "A4", 1, _("A4 (210 × 297 mm), one to a sheet")),
    )
}
DEFAULT_SIZE = "a6"


@dataclass
class LabelLanguage:
    """What a label says in one language."""

    code: str
    title: str
    object_title: str
    makers: str
    date: str
    text: str


@dataclass
class Label:
    exhibition_item: ExhibitionItem
    languages: list
    missing_languages: list
    credit_lines: list
    permalink: str
    qr_code: str

    @property
    def item(self):
        return self.exhibition_item.item


@dataclass
class SectionLabels:
    section: Section
    labels: list
    sheets: list
    # Whether this section's first sheet is the first printed: every other sheet starts
    # a page, and a page break before the first would print an empty page.
    opens_print: bool = False


def label_items():
    """Every object of a section, drafts too (the show is installed before they are
    published), with what a label shows, in three queries for the whole print."""
    return ExhibitionItem.objects.select_related("item").prefetch_related(
        primary_image_prefetch("item__images"),
        Prefetch("item__creator_links", queryset=Creator.objects.select_related("person")),
    )


def sections_to_label(obj):
    """The sections to print for an exhibition (all of them, in order) or a section."""
    sections = Section.objects.select_related("exhibition").prefetch_related(
        Prefetch("items", queryset=label_items())
    )
    if isinstance(obj, Section):
        return sections.filter(pk=obj.pk)
    return sections.filter(exhibition=obj)


def permalink(item, request):
    """The object's page without a language in its address: the site sends each visitor
    who scans the code to the page in their own language (LocaleMiddleware)."""
    with translation.override(settings.LANGUAGE_CODE):
        url = item.get_absolute_url()
    return request.build_absolute_uri(url.removeprefix(f"/{settings.LANGUAGE_CODE}"))


# Some 15 ms a code: kept per process, as a code depends on its address alone.
@lru_cache(maxsize=4096)
def qr_code(url):
    """``url`` as a QR code in inline SVG, sized by the stylesheet. Always a full QR
    code (never a Micro QR, which phones do not read), error correction M."""
    svg = segno.make_qr(url, error="m").svg_inline(omitsize=True, svgclass="label__qr-code")
    # segno writes the SVG from the code's modules alone; no text of ours is in it.
    return mark_safe(svg)


def in_language(record, field_name, code):
    return getattr(record, f"{field_name}_{code}") or ""


def language_block(exhibition_item, code):
    """The label's text in ``code``, or None when it has no title in that language."""
    item = exhibition_item.item
    object_title = in_language(item, "title", code)
    title = in_language(exhibition_item, "label_title", code) or object_title
    if not title:
        return None
    image = item.primary_image
    text = (
        in_language(exhibition_item, "label_text", code)
        or (in_language(image, "caption", code) if image else "")
        or in_language(item, "description", code)
    )
    with translation.override(code):
        # Donors are thanked in the credit line, not named as makers.
        makers = ", ".join(
            f"{link.person.name} ({link.get_role_display().lower()})"
            for link in item.creator_links.all()
            if link.role != CreatorRole.DONOR
        )
        date = display_date(item.parsed_date or item.date_text, language=code)
    return LabelLanguage(
        code=code,
        title=title,
        object_title=object_title if object_title != title else "",
        makers=makers,
        date=date,
        text=text,
    )


def make_label(exhibition_item, request, codes, credit_lines):
    item = exhibition_item.item
    blocks = {code: language_block(exhibition_item, code) for code in codes}
    url = permalink(item, request)
    return Label(
        exhibition_item=exhibition_item,
        languages=[block for block in blocks.values() if block],
        missing_languages=[code for code, block in blocks.items() if block is None],
        credit_lines=[Translated(item.credit_line)] if item.credit_line else credit_lines,
        permalink=url,
        qr_code=qr_code(url),
    )


def museum_credit_lines(codes):
    """The museum's credit line, for objects with none of their own, in each language."""
    lines = museum().credit_lines
    return [Translated(lines[code], code) for code in codes if lines.get(code)]


def lay_out(sections, size, request):
    codes = [code for code, _name in settings.LANGUAGES]
    credit_lines = museum_credit_lines(codes)
    laid_out = []
    for section in sections:
        labels = [
            make_label(exhibition_item, request, codes, credit_lines)
            for exhibition_item in section.items.all()
        ]
        sheets = [
            labels[start : start + size.per_sheet]
            for start in range(0, len(labels), size.per_sheet)
        ]
        opens_print = bool(sheets) and not any(earlier.sheets for earlier in laid_out)
        laid_out.append(SectionLabels(section, labels, sheets, opens_print))
    return laid_out


class LabelsAdminMixin:
    """For the exhibition and section admins: the print views and their links (the
    "Print labels" button of the change forms, templates/admin/exhibitions/)."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_labels"
        view = self.admin_site.admin_view(self.labels_view)
        # Before the default URLs, whose "<path:object_id>/" would otherwise take it.
        return [path("<path:object_id>/labels/", view, name=name), *super().get_urls()]

    def labels_view(self, request, object_id):
        """The labels at the size the query string asks for (A6 by default); a size
        it does not offer is a 400 with the choices, and nothing to print."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        size = SIZES.get(request.GET.get("size", DEFAULT_SIZE))
        sections = lay_out(sections_to_label(obj), size, request) if size else []
        is_section = isinstance(obj, Section)
        if is_section:
            exhibition = sections[0].section.exhibition if sections else obj.exhibition
        else:
            exhibition = obj
        context = {
            "exhibition": exhibition,
            "section": obj if is_section else None,
            "sections": sections,
            "size": size,
            "sizes": SIZES.values(),
            "label_count": sum(len(s.labels) for s in sections),
            "sheet_count": sum(len(s.sheets) for s in sections),
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, TEMPLATE, context, status=200 if size else 400)
