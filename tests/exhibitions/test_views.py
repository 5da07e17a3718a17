import pytest

from core.models import Status
from tests.exhibitions.factories import ExhibitionItemFactory, ItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_exhibition_page_shows_published_objects_only(client):
    section = SectionFactory()
    ExhibitionItemFactory(section=section, item=ItemFactory(title_en="Shown object"))
    ExhibitionItemFactory(
        section=section, item=ItemFactory(title_en="Draft object", status=Status.DRAFT)
    )

    response = client.get(f"/en{section.exhibition.get_absolute_url()[3:]}")

    assert response.status_code == 200
    assert "Shown object" in response.text
    assert "Draft object" not in response.text


def test_draft_exhibition_and_its_sections_are_404_for_visitors(client):
    section = SectionFactory(exhibition__status=Status.DRAFT)

    assert client.get(section.exhibition.get_absolute_url()).status_code == 404
    assert client.get(section.get_absolute_url()).status_code == 404


def test_section_page_shows_the_label_written_for_the_exhibition(client):
    exhibited = ExhibitionItemFactory(label_title_vi="Nhãn riêng")

    response = client.get(exhibited.section.get_absolute_url())

    assert response.status_code == 200
    assert "Nhãn riêng" in response.text
