"""The change list's filter on cataloguing gaps (collection.gap_filters), which the
admin's dashboard links to."""

import pytest
from django.urls import reverse

from tests.collection.factories import ItemFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:collection_item_changelist")


@pytest.fixture(autouse=True)
def english(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_the_change_list_offers_each_gap(admin_client):
    page = admin_client.get(CHANGELIST).content.decode()

    for label in ("Without a date", "Without an English description", "Without a rights statement"):
        assert label.lower() in page.lower()


def test_a_gap_lists_the_objects_empty_or_null_in_that_language(admin_client):
    null_title = ItemFactory(title_vi=None)
    empty_title = ItemFactory(title_vi="")
    ItemFactory(title_vi="Phố Khâm Thiên")

    listed = admin_client.get(CHANGELIST, {"missing": "title_vi"}).context["cl"].result_list

    assert set(listed) == {null_title, empty_title}


@pytest.mark.parametrize("value", ["colour", "", "title_vi'--", "DATE"])
def test_a_gap_no_link_offers_is_the_admins_answer_to_a_bad_filter(admin_client, value):
    ItemFactory()

    response = admin_client.get(CHANGELIST, {"missing": value})

    assert response.status_code == 302
    assert response.url.endswith("?e=1")
