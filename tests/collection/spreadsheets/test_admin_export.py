"""The admin's export of the change list."""

import csv
import io

import pytest
from django.urls import reverse

from collection.models import Item
from tests.collection.factories import ItemFactory
from tests.collection.spreadsheets.helpers import staff

pytestmark = pytest.mark.django_db


def test_the_admin_export_needs_the_export_permission(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]))

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.splitlines()[0].startswith("accession_number,kind,title_en")
    assert Item.objects.count() == 2


def admin_export(client, query=""):
    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + query)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[0] for row in csv.reader(io.StringIO(content))][1:]


def test_the_admin_export_writes_what_the_change_list_lists(client, collection):
    client.force_login(staff("Archivist"))
    ItemFactory(accession_number="BTLS.1975.01", kind="document", title_en="Thạch Hãn map")

    listing = client.get(reverse("admin:collection_item_changelist") + "?kind__exact=document")
    exported = admin_export(client, "?kind__exact=document")

    assert "export.csv?kind__exact=document" in listing.content.decode()
    assert exported == ["BTLS.1975.01"]
    assert admin_export(client, "?q=thach+han") == ["BTLS.1972.10", "BTLS.1975.01"]
    assert admin_export(client) == ["1972.10", "BTLS.1972.10", "BTLS.1975.01"]


def test_an_admin_export_with_filters_the_list_does_not_offer_is_refused(client, collection):
    client.force_login(staff("Archivist"))

    response = client.get(reverse("admin:collection_item_export", args=["csv"]) + "?secret=1")

    assert response.status_code == 400
