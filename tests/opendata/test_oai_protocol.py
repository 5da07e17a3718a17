"""The OAI-PMH endpoint speaks the protocol: the six verbs, GET and POST, every error
condition, and hostile input answered as an OAI error with HTTP 200. Every answer is
checked against the protocol's schemas (tests/opendata/answers.py)."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from museum.models import Museum
from opendata.oai.tokens import SALT
from tests.collection.factories import ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory
from tests.opendata.answers import Answer, configure, oai, oai_identifier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)


@pytest.fixture
def museum_named():
    museum = Museum.load()
    museum.name_vi, museum.name_en = "Bảo tàng Hà Nội", "Hanoi Museum"
    museum.email = "info@baotanghanoi.example.vn"
    museum.full_clean()
    museum.save()
    return museum


def test_identify_names_the_museum_and_the_repositorys_policies(client, museum_named):
    ItemFactory()
    answer = oai(client, verb="Identify")
    assert answer.texts("oai:Identify/oai:repositoryName") == ["Bảo tàng Hà Nội / Hanoi Museum"]
    assert answer.texts("oai:Identify/oai:baseURL") == ["http://testserver/oai/"]
    assert answer.texts("oai:Identify/oai:protocolVersion") == ["2.0"]
    assert answer.texts("oai:Identify/oai:adminEmail") == ["collection@museum.example.org"]
    assert answer.texts("oai:Identify/oai:deletedRecord") == ["persistent"]
    assert answer.texts("oai:Identify/oai:granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    assert answer.texts(".//id:repositoryIdentifier") == ["museum.example.org"]
    assert answer.texts(".//id:sampleIdentifier") == ["oai:museum.example.org:1"]
    assert answer.request == {"verb": "Identify"}


def test_identify_gives_the_museums_email_without_a_setting_and_the_earliest_datestamp(
    client, museum_named, settings
):
    settings.OAI_ADMIN_EMAIL = ""
    first = ItemFactory()
    ItemFactory()
    answer = oai(client, verb="Identify")
    assert answer.texts("oai:Identify/oai:adminEmail") == ["info@baotanghanoi.example.vn"]
    earliest = answer.texts("oai:Identify/oai:earliestDatestamp")[0]
    assert earliest == first.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_without_a_domain_identifier_records_are_named_after_the_host(client, settings):
    settings.OAI_REPOSITORY_IDENTIFIER = ""
    item = ItemFactory()
    answer = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert answer.identifiers() == [f"oai:testserver:{item.pk}"]
    # testserver is no domain name: Identify leaves out the oai-identifier description.
    assert oai(client, verb="Identify").find(".//id:oai-identifier") is None


def test_list_metadata_formats_offers_oai_dc_and_lido_for_the_repository_and_a_record(client):
    item = ItemFactory()
    for arguments in ({}, {"identifier": oai_identifier(item)}):
        answer = oai(client, verb="ListMetadataFormats", **arguments)
        assert answer.texts(".//oai:metadataPrefix") == ["oai_dc", "lido"]
        assert answer.texts(".//oai:metadataNamespace") == [
            "http://www.openarchives.org/OAI/2.0/oai_dc/",
            "http://www.lido-schema.org",
        ]


def test_list_metadata_formats_of_an_unknown_record_is_id_does_not_exist(client):
    draft = ItemFactory(draft=True)
    for identifier in (oai_identifier(draft), "oai:museum.example.org:999999", "nonsense"):
        answer = oai(client, verb="ListMetadataFormats", identifier=identifier)
        assert answer.error == "idDoesNotExist"


def test_list_sets_names_kinds_and_published_exhibitions_in_both_languages(client):
    ExhibitionFactory(slug="hanoi-1972", title_vi="Hà Nội 1972", title_en="Hanoi 1972")
    ExhibitionFactory(slug="draft-show", status="draft")
    answer = oai(client, verb="ListSets")
    sets = dict(zip(answer.texts(".//oai:setSpec"), answer.texts(".//oai:setName"), strict=True))
    assert sets == {
        "kind": "Loại / Kind",
        "kind:artifact": "Hiện vật / Artifact",
        "kind:photograph": "Ảnh / Photograph",
        "kind:document": "Tài liệu / Document",
        "exhibition": "Triển lãm / Exhibitions",
        "exhibition:hanoi-1972": "Hà Nội 1972 / Hanoi 1972",
    }


def test_get_record_gives_a_published_object_with_its_sets(client):
    item = ItemFactory(kind="photograph")
    ExhibitionItemFactory(item=item, section__exhibition__slug="hanoi-1972")
    ExhibitionItemFactory(
        item=item, section__exhibition__slug="hidden", section__exhibition__status="draft"
    )
    answer = oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc")
    assert answer.identifiers() == [oai_identifier(item)]
    assert answer.texts(".//oai:header/oai:setSpec") == ["kind:photograph", "exhibition:hanoi-1972"]
    assert answer.texts(".//dc:identifier")[-1] == item.accession_number
    assert answer.request == {
        "verb": "GetRecord",
        "identifier": oai_identifier(item),
        "metadataPrefix": "oai_dc",
    }


def test_a_draft_never_published_does_not_exist(client):
    draft = ItemFactory(draft=True)
    answer = oai(
        client, verb="GetRecord", identifier=oai_identifier(draft), metadataPrefix="oai_dc"
    )
    assert answer.error == "idDoesNotExist"
    assert oai(client, verb="ListRecords", metadataPrefix="oai_dc").error == "noRecordsMatch"


def test_an_identifier_of_another_repository_does_not_exist(client):
    item = ItemFactory()
    for identifier in (
        f"oai:other.example.org:{item.pk}",
        f"oai:museum.example.org:{item.pk}x",
        f"oai:museum.example.org:0{item.pk}",
        "oai:museum.example.org:" + "9" * 40,
        "http://testserver/collection/objects/1/",
    ):
        answer = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
        assert answer.error == "idDoesNotExist", identifier


def test_an_unknown_format_cannot_be_disseminated(client):
    item = ItemFactory()
    answer = oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="marc21")
    assert answer.error == "cannotDisseminateFormat"
    assert answer.request["metadataPrefix"] == "marc21"
    for verb in ("ListRecords", "ListIdentifiers"):
        assert oai(client, verb=verb, metadataPrefix="marc21").error == "cannotDisseminateFormat"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "verb=",
        "verb=Frobnicate",
        "verb=identify",
        "verb=Identify&verb=Identify",
        "verb=Identify&verb=ListSets",
        "verb[]=Identify",
    ],
)
def test_a_missing_unknown_or_repeated_verb_is_bad_verb(client, query):
    answer = oai_query(client, query)
    assert answer.error == "badVerb"
    # After badVerb the request element names no arguments.
    assert answer.request == {}


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&metadataPrefix=oai_dc",
        "verb=ListRecords",
        "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
        "verb=ListRecords&metadataPrefix=oai_dc&frm=2020-01-01",
        "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-13-45",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-02-30",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=0000-01-01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01T25:00:00Z",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01T12:00:00",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01T12:00Z",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=20200101",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=%D9%A2020-01-01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2020-01-01&until=2020-01-02T00:00:00Z",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind%20photograph",
        "verb=ListIdentifiers&metadataPrefix=oai%20dc",
        "verb=GetRecord&identifier=oai:museum.example.org:1",
        "verb=GetRecord&metadataPrefix=oai_dc",
        "verb=ListSets&set=kind",
        "verb=ListMetadataFormats&metadataPrefix=oai_dc",
        "verb=ListRecords&metadataPrefix=",
        "verb=ListRecords&metadataPrefix=oai_dc&from=",
        "verb=ListRecords&metadataPrefix=oai_dc&%FF=1",
        "verb=ListRecords&metadataPrefix=oai_dc&from=a%00b",
        "verb=ListRecords&metadataPrefix=" + "x" * 5000,
    ],
)
def test_illegal_repeated_missing_or_malformed_arguments_are_bad_argument(client, query):
    ItemFactory()
    answer = oai_query(client, query)
    assert answer.error == "badArgument"
    assert answer.request == {}


def oai_query(client, query, method="GET"):
    """A raw query string, percent-encoded as a script could send it."""
    if method == "POST":
        return Answer(client.generic("POST", "/oai/", query, "application/x-www-form-urlencoded"))
    return Answer(client.generic("GET", f"/oai/?{query}"))


def test_a_nul_byte_anywhere_is_an_oai_error_not_a_refusal(client):
    for query in ("verb=Ident%00ify", "verb=Identify&x%00=1", "verb=ListSets&resumptionToken=%00"):
        assert oai_query(client, query).error in {"badVerb", "badArgument"}, query


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "x" * 100_000,
        "%FF%FE",
        "e30:1tUVIr:AAAA",  # the shape of a signed value, with a signature that is not
    ],
)
def test_a_token_this_repository_did_not_issue_is_bad_resumption_token(client, token):
    ItemFactory()
    for verb in ("ListRecords", "ListIdentifiers", "ListSets"):
        answer = oai_query(client, f"verb={verb}&resumptionToken={token}")
        # A token longer than any this repository issues is refused as an argument.
        assert answer.error in {"badResumptionToken", "badArgument"}
        if len(token) < 1000:
            assert answer.error == "badResumptionToken"


def test_a_forged_token_is_refused_even_with_a_plausible_payload(client):
    ItemFactory()
    payload = {
        "verb": "ListRecords",
        "metadata_prefix": "oai_dc",
        "set_spec": None,
        "start": None,
        "end": None,
        "after": ["2000-01-01T00:00:00+00:00", 0],
        "cursor": 0,
        "size": 1,
    }
    forged = signing.dumps(payload, key="not-this-sites-key", salt=SALT, compress=True)
    answer = oai(client, verb="ListRecords", resumptionToken=forged)
    assert answer.error == "badResumptionToken"
    assert answer.request == {"verb": "ListRecords", "resumptionToken": forged}


def test_post_answers_as_get_does(client):
    item = ItemFactory()
    by_get = oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc")
    by_post = oai(
        client, "post", verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc"
    )
    assert by_post.identifiers() == by_get.identifiers() == [oai_identifier(item)]
    assert by_post.texts(".//dc:title") == by_get.texts(".//dc:title")
    assert oai(client, "post", verb="ListSets").texts(".//oai:setSpec")[0] == "kind"


def test_post_errors_are_oai_errors_too(client):
    assert oai_query(client, "verb=Identify&verb=Identify", "POST").error == "badVerb"
    assert oai_query(client, "verb=ListRecords&from=2020-13-45", "POST").error == "badArgument"
    assert oai_query(client, "verb=ListSets&resumptionToken=%00", "POST").error == "badArgument"
    # Arguments belong in the form: a POST with them in its address only names no verb.
    assert oai_query(client, "", "POST").error == "badVerb"
    response = client.post("/oai/?verb=Identify", {}, content_type="application/json")
    assert response.status_code == 200
    assert b'code="badVerb"' in response.content


def test_other_methods_are_refused(client):
    assert client.put("/oai/", "verb=Identify").status_code == 405
    assert client.delete("/oai/").status_code == 405


def test_answers_are_the_same_in_any_language_and_cached_for_visitors(client):
    ItemFactory()
    first = client.get("/oai/?verb=ListSets", HTTP_ACCEPT_LANGUAGE="en")
    again = client.get("/oai/?verb=ListSets", HTTP_ACCEPT_LANGUAGE="vi")
    assert first.status_code == again.status_code == 200
    assert first["Content-Type"] == "text/xml; charset=utf-8"
    assert not first.cookies
    # The second answer is the first, from the page cache: the same responseDate too.
    assert again.content == first.content


def test_an_object_unpublished_in_the_admin_leaves_the_cached_answers(client, admin_client):
    item = ItemFactory()
    url = f"/oai/?verb=GetRecord&identifier={oai_identifier(item)}&metadataPrefix=oai_dc"
    assert b"<metadata>" in client.get(url).content
    changes = admin_client.post(
        "/admin/collection/item/", {"action": "unpublish", "_selected_action": [item.pk]}
    )
    assert changes.status_code == 302
    answer = Answer(client.get(url))
    assert answer.deleted() == [oai_identifier(item)]


def test_datestamps_are_utc_to_the_second(client, settings):
    item = ItemFactory()
    moment = timezone.make_aware(datetime.datetime(2024, 6, 1, 7, 30, 15, 123456))
    type(item).objects.filter(pk=item.pk).update(updated_at=moment)
    answer = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert answer.texts(".//oai:datestamp") == ["2024-06-01T00:30:15Z"]


HOSTILE = [
    "a%00b",
    "%FF%FE",
    "9" * 40,
    "a" * 3_000,
    "%0D%0ASet-Cookie:x=1",
    "'%22%3C%3E%26",
    "%01%0B",
    "2020-13-45",
    "2020-01-01T00:00:00Z",
    "oai:museum.example.org:1",
    "kind:photograph",
]
ARGUMENTS = ["metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]


@pytest.mark.parametrize(
    "verb",
    ["Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"],
)
def test_every_verb_answers_hostile_values_with_a_valid_oai_response(client, verb):
    item = ItemFactory()
    ExhibitionItemFactory(item=item)
    for name in ARGUMENTS:
        for value in HOSTILE:
            for query in (
                f"verb={verb}&{name}={value}",
                f"verb={verb}&metadataPrefix=oai_dc&{name}={value}",
                f"verb={verb}&identifier={oai_identifier(item)}&{name}={value}",
            ):
                for method in ("GET", "POST"):
                    # Valid against the schemas, whatever it echoes: never a 500.
                    answer = oai_query(client, query, method)
                    assert answer.error or answer.find(f"oai:{verb}") is not None, query


def test_error_messages_are_in_vietnamese_and_english(client):
    answer = oai_query(client, "")
    assert answer.find("oai:error").text == (
        "Yêu cầu không nêu động từ (verb) nào. / The request names no verb."
    )
    answer = oai_query(client, "verb=ListRecords&metadataPrefix=oai_dc&colour=red")
    assert answer.find("oai:error").text == (
        "Động từ này không nhận tham số tên là colour. / This verb takes no argument named colour."
    )
