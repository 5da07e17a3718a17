"""The museum's identity: one record, edited in the admin, that names the museum wherever
the software's name used to stand."""

import json
import re

import icalendar
import pytest
from django.core.cache import cache
from django.urls import reverse

from museum.identity import CACHE_KEY, identity
from museum.models import Museum
from tests.collection.factories import CreatorFactory, ImageFactory, ItemFactory, uploaded_image
from tests.events.factories import EventFactory
from tests.public import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def hanoi_museum():
    museum = Museum.load()
    museum.name_vi, museum.name_en = "Bảo tàng Hà Nội", "Hanoi Museum"
    museum.short_name_en = "Hanoi Museum"
    museum.address_vi = "Phạm Hùng, Nam Từ Liêm, Hà Nội"
    museum.rights_en = "Rights reserved by the lenders."
    museum.save()
    return museum


def json_ld(html):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_there_is_only_ever_one_museum():
    first = Museum.load()
    again = Museum(name_en="Another")
    again.save()

    assert Museum.objects.count() == 1
    assert again.pk == first.pk == 1


def test_an_unnamed_museum_is_called_the_museum_not_the_software(client):
    html = client.get("/en/").text

    assert '<h1 class="hero__title">The museum</h1>' in html
    assert html.count("Vitrine") == 1  # "Powered by Vitrine"
    assert "Powered by Vitrine" in html


def test_header_footer_title_and_home_heading_name_the_museum(client, hanoi_museum):
    vi = client.get("/vi/").text
    en = client.get("/en/collection/").text

    assert '<h1 class="hero__title">Bảo tàng Hà Nội</h1>' in vi
    assert "<title>Bảo tàng Hà Nội</title>" in vi
    assert "<title>The collection – Hanoi Museum</title>" in en
    assert '<p class="site-footer__name">Hanoi Museum</p>' in en
    assert '<meta property="og:site_name" content="Hanoi Museum">' in en
    # The address exists only in Vietnamese: on the English page it says so.
    assert '<p lang="vi">Phạm Hùng, Nam Từ Liêm, Hà Nội</p>' in en


def test_home_json_ld_is_the_museums_website(client, hanoi_museum):
    data = json_ld(client.get("/en/").text)

    assert data["@type"] == "WebSite"
    assert data["name"] == "Hanoi Museum"
    assert data["publisher"]["@type"] == "Museum"
    assert data["publisher"]["name"] == "Hanoi Museum"
    assert (
        data["potentialAction"]["target"] == "http://testserver/en/search/?q={search_term_string}"
    )


def test_object_citation_and_json_ld_name_the_museum(client, hanoi_museum):
    item = ItemFactory(title_en="Khâm Thiên Street", accession_number="DEMO.1972.005")
    CreatorFactory(item=item, person__name="Chu Chí Thành")

    html = client.get(url("collection:item-detail", item.pk)).text

    citation = re.search(r'<p class="citation">(.*?)</p>', html, re.S).group(1)
    assert "Hanoi Museum, DEMO.1972.005" in citation
    assert "Vitrine" not in citation
    assert "Accessed " in citation
    assert f"http://testserver/en/collection/objects/{item.pk}/" in citation
    data = json_ld(html)
    assert data["publisher"] == {
        "@type": "Museum",
        "name": "Hanoi Museum",
        "url": "http://testserver/",
        "address": "Phạm Hùng, Nam Từ Liêm, Hà Nội",
    }
    # No rights statement of its own: the museum's default stands in.
    assert data["copyrightNotice"] == "Rights reserved by the lenders."
    assert "Rights reserved by the lenders." in html


def test_admin_is_titled_with_the_museums_name(admin_client, hanoi_museum):
    html = admin_client.get("/admin/").text

    assert "Django administration" not in html
    assert "Bảo tàng Hà Nội" in html or "Hanoi Museum" in html


def test_the_museum_is_edited_in_the_admin_as_one_record(admin_client):
    response = admin_client.get(reverse("admin:museum_museum_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:museum_museum_change", args=[1])

    form = admin_client.get(response["Location"]).text
    assert 'name="name_vi"' in form
    assert reverse("admin:museum_museum_add") not in form

    response = admin_client.post(
        reverse("admin:museum_museum_change", args=[1]),
        {"name_vi": "Bảo tàng Hà Nội", "name_en": "Hanoi Museum", "email": "info@example.org"},
    )
    assert response.status_code == 302
    assert identity().email == "info@example.org"


def test_calendar_names_the_museum_and_its_uids_are_unique_to_the_installation(
    client, hanoi_museum
):
    event = EventFactory()

    calendar = icalendar.Calendar.from_ical(client.get("/en/events/calendar.ics").content)

    assert str(calendar["PRODID"]) == "-//Hanoi Museum//Vitrine events//EN"
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.pk}-{hanoi_museum.installation_id}@vitrine"


def test_the_identity_costs_one_query_after_a_change_and_none_after(
    client, hanoi_museum, django_assert_num_queries
):
    # The save forgot the cached copy: the next page reads it once.
    assert cache.get(CACHE_KEY) is None
    with django_assert_num_queries(1):
        assert identity().names["vi"] == "Bảo tàng Hà Nội"
    with django_assert_num_queries(0):
        identity()
    # Every page shows it; none pays a query for it (the other pages' counts are pinned
    # with the identity cached).
    with django_assert_num_queries(0):
        assert client.get("/vi/search/").status_code == 200


def test_saving_the_museum_refreshes_pages_at_once(client, hanoi_museum):
    assert "Hanoi Museum" in client.get("/en/").text

    hanoi_museum.name_en = "Hanoi City Museum"
    hanoi_museum.save()

    assert "Hanoi City Museum" in client.get("/en/").text


def test_logo_is_shown_and_served(client, hanoi_museum):
    hanoi_museum.logo = uploaded_image("logo.png", width=120, height=40, format="PNG")
    hanoi_museum.save()

    html = client.get("/en/").text
    logo_url = re.search(r'class="site-name__logo" src="([^"]+)"', html).group(1)
    response = client.get(logo_url)

    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_no_logo_is_404(client):
    assert client.get(reverse("museum:logo")).status_code == 404


def test_default_credit_line_stands_in_for_an_objects_own(client, hanoi_museum):
    hanoi_museum.credit_line_vi = "Sưu tập Bảo tàng Hà Nội"
    hanoi_museum.save()
    plain = ItemFactory()
    own = ItemFactory(credit_line="Gift of the photographer")
    ImageFactory(item=own)

    assert "Sưu tập Bảo tàng Hà Nội" in client.get(url("collection:item-detail", plain.pk)).text
    html = client.get(url("collection:item-detail", own.pk)).text
    assert "Gift of the photographer" in html
    assert "Sưu tập Bảo tàng Hà Nội" not in html
