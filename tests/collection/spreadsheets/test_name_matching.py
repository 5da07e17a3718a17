"""An import matches the people, places and subjects there are: by name, by a variant
name, through a merge; and asks "did you mean …?" about new names like existing ones,
without ever linking to them by itself."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection.merging import merge_authorities
from collection.models import Creator, Item, Person
from collection.spreadsheets import tasks
from collection.spreadsheets.applying import apply_import
from collection.spreadsheets.planning import plan_import
from collection.spreadsheets.reading import read_import_file
from tests.collection.factories import CreatorFactory, ItemFactory, PersonFactory, PlaceFactory
from tests.collection.spreadsheets.helpers import csv_bytes, plan_rows, staff, write_file

pytestmark = pytest.mark.django_db

HEADERS = ["accession_number", "title_en", "creator", "places"]


@pytest.fixture
def photographer():
    return PersonFactory(name="Chu Chí Thành", variant_names=["Chu Chi Thanh"])


def test_a_variant_name_in_the_file_is_the_person_who_lists_it(tmp_path, photographer):
    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Chu Chi Thanh (photographer)", ""]], HEADERS)

    assert plan.new_people == []
    assert plan.summary()["by_other_name"] == {
        "count": 1,
        "shown": [
            {
                "kind": "person",
                "name": "Chu Chi Thanh",
                "id": photographer.pk,
                "matched": "Chu Chí Thành",
            }
        ],
    }
    apply_import(plan, user=None, file_name="sheet.csv")
    assert Person.objects.count() == 1
    assert Creator.objects.get().person == photographer


def test_a_dry_run_reports_the_existing_person_for_a_variant_name(tmp_path, photographer):
    path = write_file(tmp_path, csv_bytes([["A.1", "Bridge", "Chu Chi Thanh", ""]], HEADERS))
    out = io.StringIO()

    call_command("import_collection", str(path), "--dry-run", stdout=out, stderr=io.StringIO())

    assert "Found under another name (1): Chu Chi Thanh → Chu Chí Thành" in out.getvalue()
    assert "New people" not in out.getvalue()
    assert not Item.objects.exists()


def test_a_near_miss_is_a_new_person_with_a_did_you_mean(tmp_path, photographer):
    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Chu Chi Than", ""]], HEADERS)

    assert plan.new_people == ["Chu Chi Than"]
    (near,) = plan.summary()["near_matches"]["shown"]
    assert near["name"] == "Chu Chi Than"
    assert [(s["id"], s["name"]) for s in near["suggestions"]] == [
        (photographer.pk, "Chu Chí Thành")
    ]
    assert near["suggestions"][0]["percent"] >= 75
    # Never merged silently: confirming creates the new person.
    apply_import(plan, user=None, file_name="sheet.csv")
    assert Creator.objects.get().person.name == "Chu Chi Than"


def test_names_only_alike_by_family_and_middle_name_are_not_offered(tmp_path):
    PersonFactory(name="Nguyễn Văn Bảy")

    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Nguyễn Văn Tư", ""]], HEADERS)

    assert plan.near_matches["count"] == 0


def test_a_different_diacritic_is_another_person_with_a_question(tmp_path):
    PersonFactory(name="Trần Thị Hà")

    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Trần Thị Hạ", ""]], HEADERS)

    assert plan.new_people == ["Trần Thị Hạ"]
    assert plan.near_matches["shown"][0]["suggestions"][0]["percent"] == 100


def test_a_variant_two_records_list_matches_neither_and_offers_both(tmp_path):
    first = PlaceFactory(name_vi="Phố Huế", variant_names=["Hue"])
    second = PlaceFactory(name_vi="Thành phố Huế", variant_names=["Hue"])

    plan = plan_rows(tmp_path, [["A.1", "Bridge", "", "Hue"]], HEADERS)

    assert plan.new_places == ["Hue"]
    (near,) = plan.near_matches["shown"]
    assert {s["id"] for s in near["suggestions"]} >= {first.pk, second.pk}


def test_a_place_matches_its_english_name_and_its_variants(tmp_path):
    hanoi = PlaceFactory(name_vi="Hà Nội", name_en="Hanoi", variant_names=["Thăng Long"])

    plan = plan_rows(tmp_path, [["A.1", "x", "", "Hanoi; Thăng Long; Hà Nội"]], HEADERS)

    assert plan.new_places == []
    apply_import(plan, user=None, file_name="sheet.csv")
    assert list(Item.objects.get().places.all()) == [hanoi]


def test_the_name_of_a_merged_record_links_to_the_record_it_was_merged_into(
    tmp_path, photographer, admin_user
):
    duplicate = PersonFactory(name="Chu Chí Thanh")
    merge_authorities(keep=photographer, merged=duplicate, user=admin_user)

    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Chu Chí Thanh", ""]], HEADERS)
    apply_import(plan, user=None, file_name="sheet.csv")

    assert Creator.objects.get().person == photographer
    assert plan.by_other_name["shown"][0]["matched"] == "Chu Chí Thành"
    # A merged record is never suggested either.
    near = plan_rows(tmp_path, [["A.2", "Bridge", "Chu Chí Than", ""]], HEADERS).near_matches
    assert [s["id"] for s in near["shown"][0]["suggestions"]] == [photographer.pk]


def test_an_object_whose_file_names_its_creator_by_a_variant_is_unchanged(tmp_path, photographer):
    item = ItemFactory(accession_number="A.1", title_en="Bridge")
    CreatorFactory(item=item, person=photographer, role="photographer")

    plan = plan_rows(tmp_path, [["A.1", "Bridge", "Chu Chi Thanh (photographer)"]], HEADERS[:3])

    assert plan.counts["unchanged"] == 1


def test_the_queries_to_match_names_do_not_grow_with_the_new_names(tmp_path, photographer):
    counts = []
    for size in (2, 60):
        rows = [[f"A.{n}", "x", f"Chu Chi Than {n}; Người {n}", f"Phố {n}"] for n in range(size)]
        table = read_import_file(write_file(tmp_path, csv_bytes(rows, HEADERS)), file_name="s.csv")
        with CaptureQueriesContext(connection) as queries:
            plan = plan_import(table, images=None, user=None)
        counts.append(len(queries))
        assert len(plan.new_people) == 2 * size
    assert counts[0] == counts[1]


def test_the_preview_asks_did_you_mean_with_a_link_to_the_record(client, photographer):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("Archivist"))
    content = csv_bytes([["A.1", "Bridge", "Chu Chi Than; Chu Chi Thanh", ""]], HEADERS)
    response = client.post(
        reverse("admin:collection_item_import"),
        {"spreadsheet": SimpleUploadedFile("sheet.csv", content)},
    )
    job_id = response.url.rstrip("/").rsplit("/", 1)[-1]
    tasks.check_import(job_id)

    page = client.get(response.url).text

    change = reverse("admin:collection_person_change", args=[photographer.pk])
    assert "did you mean" in page
    assert f'<a href="{change}">Chu Chí Thành</a> (77 %)' in page
    assert f'“Chu Chi Thanh” is <a href="{change}">Chu Chí Thành</a>' in page
