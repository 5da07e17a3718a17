"""A visitor walks through the demo exhibition in Chromium: from the home page into the
exhibition, a section, an object, and back with the browser's own Back button."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from exhibitions.models import Section
from museum import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_museum():
    # The real demo (about two seconds to load, its images drawn in memory) rather than
    # a look-alike: the walk then covers the content visitors see first.
    call_command("load_demo", stdout=StringIO())
    return Section.objects.select_related("exhibition").get(slug="confront")


def test_home_to_exhibition_to_section_to_object_and_back(page, demo_museum):
    section = demo_museum
    exhibition_path = f"/en/exhibitions/{demo.EXHIBITION_SLUG}/"
    section_path = f"{exhibition_path}{section.slug}/"

    page.goto("/en/")
    page.locator(".feature__title").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(re.escape(exhibition_path) + "$"))
    expect(page.locator("h1")).to_have_text(section.exhibition.title_en)

    page.get_by_role("heading", level=3, name=section.title_en).get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(section_path) + "$"))
    expect(page.locator("h1")).to_have_text(section.title_en)
    expect(page.locator("a[rel=prev]")).to_contain_text("Previous section")
    expect(page.locator("a[rel=next]")).to_contain_text("Next section")

    first_object = page.locator(".exhibit__title a").first
    object_title = first_object.inner_text()
    first_object.click()
    expect(page).to_have_url(re.compile(rf"/en/collection/objects/\d+/\?section={section.pk}$"))
    assert page.locator("h1").inner_text()  # the object's own title, not the label's
    assert object_title

    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(section_path) + "$"))
    expect(page.locator("h1")).to_have_text(section.title_en)

    # The object page leads back to the section it was reached from, and to its others.
    page.locator(".exhibit__title a").first.click()
    expect(page.locator(".related-objects").first).to_contain_text(section.title_en)
    page.get_by_role("link", name=re.compile("Back to the section")).click()
    expect(page).to_have_url(re.compile(re.escape(section_path) + "$"))


def test_section_pages_chain_by_previous_and_next(page, demo_museum):
    sections = list(demo_museum.exhibition.sections.all())
    with translation.override("en"):
        page.goto(sections[0].get_absolute_url())
        exhibition_path = demo_museum.exhibition.get_absolute_url()
    for section in sections[1:]:
        page.locator("a[rel=next]").click()
        expect(page.locator("h1")).to_have_text(section.title_en)
    expect(page.locator("a[rel=next]")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Back to the exhibition")).click()
    expect(page).to_have_url(re.compile(re.escape(exhibition_path) + "$"))
