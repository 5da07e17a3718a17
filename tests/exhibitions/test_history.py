"""Exhibitions, sections with their labelled items, and events have a History too."""

import pytest
from django.urls import reverse

from core.history.versions import history_of
from events.models import Event
from exhibitions.models import ExhibitionItem
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def curator(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def test_a_sections_history_shows_its_items_labels_and_reverts_them(curator):
    shown = ExhibitionItemFactory(label_title_en="First label")
    section = shown.section
    ExhibitionItem.objects.filter(pk=shown.pk).update(label_title_en="Second label")
    history = reverse("admin:exhibitions_section_history", args=[section.pk])

    page = curator.get(history).content.decode()
    assert "First label" in page
    assert "Second label" in page

    first = history_of(section)[1]
    curator.post(reverse("admin:exhibitions_section_revert", args=[section.pk, first.key]))
    assert ExhibitionItem.objects.get(pk=shown.pk).label_title_en == "First label"


def test_an_events_history_shows_its_changes(curator):
    event = EventFactory(title_en="A talk")
    Event.objects.filter(pk=event.pk).update(title_en="A concert")

    page = curator.get(reverse("admin:events_event_history", args=[event.pk])).content.decode()

    assert "A talk" in page
    assert "A concert" in page
