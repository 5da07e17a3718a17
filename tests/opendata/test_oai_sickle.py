"""A real harvester, Sickle, harvests the site over HTTP (the live server) as an
aggregator would: the demo museum and a generated collection of several pages, through
resumption tokens, by GET and by POST; it gets exactly the published objects, and an
object unpublished since is a deleted record."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from sickle import Sickle, oaiexceptions

from bench.site.dataset import generate
from collection.models import Item
from museum.management.commands import load_demo
from tests.opendata.answers import REPOSITORY, configure


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)


@pytest.fixture
def sickle(live_server):
    return Sickle(f"{live_server.url}/oai/", timeout=30)


def identifier(pk):
    return f"oai:{REPOSITORY}:{pk}"


def published_identifiers():
    return {identifier(pk) for pk in Item.objects.published().values_list("pk", flat=True)}


@pytest.fixture
def demo_museum(transactional_db, monkeypatch):
    # Full-size placeholders take seconds to encode; the records are the same at any size.
    monkeypatch.setattr(load_demo, "PLACEHOLDER_SIZE", (240, 160))
    call_command("load_demo", stdout=StringIO())


def test_sickle_harvests_the_demo_through_resumption_tokens(
    sickle, demo_museum, settings, live_server
):
    settings.OAI_PAGE_SIZE = 3
    identify = sickle.Identify()
    assert identify.repositoryName == "Bảo tàng Hà Nội / Hanoi Museum"
    assert identify.deletedRecord == "persistent"
    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) > settings.OAI_PAGE_SIZE
    assert {record.header.identifier for record in records} == published_identifiers()
    assert all(not record.deleted for record in records)
    item = Item.objects.published().order_by("pk").first()
    (harvested,) = (r for r in records if r.header.identifier == identifier(item.pk))
    assert item.title_vi in harvested.metadata["title"]
    assert item.accession_number in harvested.metadata["identifier"]
    assert "kind:photograph" in harvested.header.setSpecs
    sets = {s.setSpec for s in sickle.ListSets()}
    assert {"kind:photograph", "exhibition"} <= sets
    exhibited = {
        h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="exhibition")
    }
    assert exhibited
    assert exhibited <= published_identifiers()


@pytest.fixture
def generated(transactional_db, media_root):
    """The site benchmark's collection at its smallest: 300 published objects with their
    people, places, subjects and images, 300 drafts."""
    with connection.cursor() as cursor:
        return generate(cursor, 300, media_root)


def test_sickle_harvests_a_generated_collection_and_sees_an_unpublished_object_deleted(
    sickle, generated, settings, admin_client
):
    settings.OAI_PAGE_SIZE = 40
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc"))
    assert len(headers) == 300
    assert {header.identifier for header in headers} == published_identifiers()
    last_datestamp = max(header.datestamp for header in headers)

    withdrawn = Item.objects.published().order_by("pk")[150]
    response = admin_client.post(
        "/admin/collection/item/", {"action": "unpublish", "_selected_action": [withdrawn.pk]}
    )
    assert response.status_code == 302

    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    live = {r.header.identifier for r in records if not r.deleted}
    deleted = [r.header.identifier for r in records if r.deleted]
    assert live == published_identifiers()
    assert deleted == [identifier(withdrawn.pk)]
    # An incremental harvest from the last one's latest datestamp learns of it.
    since = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": last_datestamp}))
    assert identifier(withdrawn.pk) in {h.identifier for h in since if h.deleted}
    record = sickle.GetRecord(identifier=identifier(withdrawn.pk), metadataPrefix="oai_dc")
    assert record.deleted


def test_sickle_harvests_by_post_as_by_get(live_server, generated, settings):
    settings.OAI_PAGE_SIZE = 25
    by_post = Sickle(f"{live_server.url}/oai/", http_method="POST", timeout=30)
    records = list(by_post.ListRecords(metadataPrefix="oai_dc", set="kind:document"))
    documents = Item.objects.published().filter(kind="document").values_list("pk", flat=True)
    assert len(records) > settings.OAI_PAGE_SIZE
    assert {r.header.identifier for r in records} == {identifier(pk) for pk in documents}


def test_sickle_reads_the_protocols_errors(sickle, transactional_db):
    draft = Item.objects.create(accession_number="DRAFT.1", title_en="Draft")
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        sickle.GetRecord(identifier=identifier(draft.pk), metadataPrefix="oai_dc")
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc"))
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(oaiexceptions.BadResumptionToken):
        list(sickle.ListRecords(resumptionToken="forged"))
    with pytest.raises(oaiexceptions.BadArgument):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2020-13-45"}))
