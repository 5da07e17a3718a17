"""Harvesting: a list in pages through resumption tokens, selective by date and by set,
unbroken by changes made while it runs, and deleted records reported for good.

Tests of deleted records use ``transactional_db``: the history dates each version by its
transaction, and in production every request has its own. In one test transaction every
change would carry the same moment.
"""

import datetime
import time

import pytest
from django.core import signing
from django.utils import timezone

from collection.models import Item, Kind
from tests.collection.factories import ItemFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory
from tests.opendata.answers import configure, harvest, oai, oai_identifier


@pytest.fixture(autouse=True)
def repository(settings):
    configure(settings)
    settings.OAI_PAGE_SIZE = 3


def identifiers(answers):
    return [identifier for answer in answers for identifier in answer.identifiers()]


def moment(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


def dated(item, when):
    """``item`` with its datestamp set to ``when``, as a change at that moment would."""
    Item.objects.filter(pk=item.pk).update(updated_at=when)
    return item


@pytest.mark.django_db
def test_a_harvest_in_pages_gets_every_published_object_once(client):
    items = [ItemFactory() for _ in range(10)]
    ItemFactory(draft=True)
    answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc")
    assert [len(answer.identifiers()) for answer in answers] == [3, 3, 3, 1]
    assert identifiers(answers) == [oai_identifier(item) for item in items]
    tokens = [answer.token for answer in answers]
    assert [token.get("cursor") for token in tokens] == ["0", "3", "6", "9"]
    assert {token.get("completeListSize") for token in tokens} == {"10"}
    # The last page closes the list with an empty token.
    assert tokens[-1].text is None
    assert tokens[-1].get("expirationDate") is None
    expires = moment(tokens[0].get("expirationDate").removesuffix("Z"))
    left = expires - timezone.now()
    assert datetime.timedelta(hours=23) < left <= datetime.timedelta(hours=24)


@pytest.mark.django_db
def test_list_records_pages_through_the_same_list(client):
    items = [ItemFactory() for _ in range(7)]
    answers = harvest(client, "ListRecords", metadataPrefix="oai_dc")
    assert identifiers(answers) == [oai_identifier(item) for item in items]
    titles = [title for answer in answers for title in answer.texts(".//dc:title")]
    assert titles == [item.title_en for item in items]


@pytest.mark.django_db
def test_a_list_that_fits_in_one_page_has_no_token(client, settings):
    settings.OAI_PAGE_SIZE = 100
    ItemFactory()
    assert oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").token is None


@pytest.mark.django_db
def test_objects_sharing_one_datestamp_are_paged_by_their_ids(client):
    when = timezone.now() - datetime.timedelta(days=1)
    items = [dated(ItemFactory(), when) for _ in range(8)]
    answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc")
    assert identifiers(answers) == [oai_identifier(item) for item in items]


@pytest.mark.django_db(transaction=True)
def test_changes_during_a_harvest_skip_no_object(client, admin_client):
    items = [ItemFactory() for _ in range(9)]
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert first.identifiers() == [oai_identifier(item) for item in items[:3]]
    # Meanwhile a curator unpublishes an object already sent, edits one sent and one not
    # yet sent, and publishes a new one. An offset would now skip an object.
    unpublish(admin_client, items[1])
    for item in (items[0], items[5]):
        item.title_en = "Edited"
        item.save()
    added = ItemFactory()
    rest = [first]
    while (token := rest[-1].token) is not None and token.text:
        rest.append(oai(client, verb="ListIdentifiers", resumptionToken=token.text))
    later = identifiers(rest[1:])
    assert set(later) >= {oai_identifier(item) for item in [*items[3:], items[0], added]}
    # Edited objects come again after the position, with their new datestamp.
    assert later.index(oai_identifier(items[5])) > later.index(oai_identifier(items[8]))
    assert [a for answer in rest for a in answer.deleted()] == [oai_identifier(items[1])]


def unpublish(admin_client, item):
    """Unpublish ``item`` as a curator does: the admin's bulk action."""
    response = admin_client.post(
        "/admin/collection/item/", {"action": "unpublish", "_selected_action": [item.pk]}
    )
    assert response.status_code == 302


def publish(admin_client, item):
    response = admin_client.post(
        "/admin/collection/item/", {"action": "publish", "_selected_action": [item.pk]}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_from_and_until_select_by_datestamp_at_either_granularity(client):
    def at(*fields):
        return timezone.make_aware(datetime.datetime(*fields), datetime.UTC)

    early = dated(ItemFactory(), at(2024, 1, 1, 23, 59, 59, 900_000))
    middle = dated(ItemFactory(), at(2024, 1, 2, 12, 0, 0, 500_000))
    late = dated(ItemFactory(), at(2024, 1, 3, 0, 0, 0))

    def selected(**arguments):
        answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", **arguments)
        return identifiers(answers)

    ids = {item: oai_identifier(item) for item in (early, middle, late)}
    assert selected(**{"from": "2024-01-02"}) == [ids[middle], ids[late]]
    assert selected(until="2024-01-02") == [ids[early], ids[middle]]
    assert selected(**{"from": "2024-01-02", "until": "2024-01-02"}) == [ids[middle]]
    # A second covers the whole second: the datestamp shown is the one to ask for.
    assert selected(**{"from": "2024-01-01T23:59:59Z"}) == list(ids.values())
    assert selected(until="2024-01-01T23:59:59Z") == [ids[early]]
    assert selected(**{"from": "2024-01-02T12:00:00Z", "until": "2024-01-02T12:00:00Z"}) == [
        ids[middle]
    ]
    answer = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2023-12-31")
    assert answer.error == "noRecordsMatch"
    # The request is echoed, its arguments valid.
    assert answer.request == {
        "verb": "ListIdentifiers",
        "metadataPrefix": "oai_dc",
        "until": "2023-12-31",
    }


@pytest.mark.django_db
def test_the_window_holds_through_the_tokens(client):
    old = [dated(ItemFactory(), timezone.now() - datetime.timedelta(days=30)) for _ in range(5)]
    [ItemFactory() for _ in range(5)]
    since = (timezone.now() - datetime.timedelta(days=31)).strftime("%Y-%m-%d")
    until = (timezone.now() - datetime.timedelta(days=29)).strftime("%Y-%m-%d")
    answers = harvest(
        client, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": since, "until": until}
    )
    assert identifiers(answers) == [oai_identifier(item) for item in old]
    assert answers[0].token.get("completeListSize") == "5"


@pytest.mark.django_db
def test_sets_select_by_kind_and_by_published_exhibition(client):
    photographs = [ItemFactory(kind=Kind.PHOTOGRAPH) for _ in range(4)]
    documents = [ItemFactory(kind=Kind.DOCUMENT) for _ in range(2)]
    exhibition = ExhibitionFactory(slug="hanoi-1972")
    for item in (photographs[0], documents[1]):
        ExhibitionItemFactory(item=item, section__exhibition=exhibition)
    ExhibitionItemFactory(item=photographs[2], section__exhibition__status="draft")

    def in_set(spec):
        answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        return identifiers(answers)

    def ids(items):
        return [oai_identifier(item) for item in items]

    assert in_set("kind:photograph") == ids(photographs)
    assert in_set("kind:document") == ids(documents)
    assert in_set("kind") == ids([*photographs, *documents])
    assert in_set("exhibition:hanoi-1972") == ids([photographs[0], documents[1]])
    assert in_set("exhibition") == ids([photographs[0], documents[1]])
    for spec in ("kind:sculpture", "exhibition:no-such-show", "colour:red", "kind:photograph:x"):
        answer = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        assert answer.error == "noRecordsMatch", spec


@pytest.mark.django_db
def test_an_expired_token_is_refused(client, monkeypatch):
    [ItemFactory() for _ in range(5)]
    issued_at = time.time() - 25 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: issued_at)
    stale = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").token.text
    monkeypatch.undo()
    answer = oai(client, verb="ListIdentifiers", resumptionToken=stale)
    assert answer.error == "badResumptionToken"
    assert answer.request == {"verb": "ListIdentifiers", "resumptionToken": stale}


@pytest.mark.django_db
def test_a_token_belongs_to_its_verb(client):
    [ItemFactory() for _ in range(5)]
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").token.text
    assert oai(client, verb="ListRecords", resumptionToken=token).error == "badResumptionToken"
    assert oai(client, verb="ListSets", resumptionToken=token).error == "badResumptionToken"


@pytest.mark.django_db
def test_a_token_edited_by_hand_is_refused(client):
    [ItemFactory() for _ in range(5)]
    token = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc").token.text
    value, _colon, signature = token.rpartition(":")
    tampered = f"{value[:-2]}{'A' if value[-2] != 'A' else 'B'}{value[-1]}:{signature}"
    assert oai(client, verb="ListIdentifiers", resumptionToken=tampered).error == (
        "badResumptionToken"
    )


def header(client, item):
    return oai(client, verb="GetRecord", identifier=oai_identifier(item), metadataPrefix="oai_dc")


def datestamp_of(answer):
    return moment(answer.texts(".//oai:header/oai:datestamp")[0].removesuffix("Z"))


@pytest.mark.django_db(transaction=True)
def test_unpublished_then_deleted_objects_stay_deleted_records(client, admin_client):
    item, other = ItemFactory(), ItemFactory()
    published = header(client, item)
    assert published.deleted() == []
    time.sleep(1.1)  # datestamps are shown to the second
    unpublish(admin_client, item)
    withdrawn = header(client, item)
    assert withdrawn.deleted() == [oai_identifier(item)]
    assert withdrawn.findall(".//oai:metadata") == []
    assert datestamp_of(withdrawn) > datestamp_of(published)
    listed = harvest(client, "ListRecords", metadataPrefix="oai_dc")
    assert [a for answer in listed for a in answer.deleted()] == [oai_identifier(item)]
    assert identifiers(listed) == [oai_identifier(other), oai_identifier(item)]
    # Harvested from the moment it was withdrawn: its deletion is news.
    since = withdrawn.texts(".//oai:header/oai:datestamp")[0]
    recent = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
    assert identifiers(recent) == [oai_identifier(item)]
    # Editing the draft does not move its deletion.
    Item.objects.get(pk=item.pk).save()
    assert datestamp_of(header(client, item)) == datestamp_of(withdrawn)
    # Deleted for good: still a deleted record, at the moment it left the public.
    Item.objects.filter(pk=item.pk).delete()
    gone = header(client, item)
    assert gone.deleted() == [oai_identifier(item)]
    assert datestamp_of(gone) == datestamp_of(withdrawn)
    assert oai(client, verb="ListMetadataFormats", identifier=oai_identifier(item)).error is None


@pytest.mark.django_db(transaction=True)
def test_a_published_object_deleted_is_a_deleted_record_and_a_republished_one_is_not(
    client, admin_client
):
    deleted, republished = ItemFactory(), ItemFactory()
    Item.objects.filter(pk=deleted.pk).delete()
    assert header(client, deleted).deleted() == [oai_identifier(deleted)]
    unpublish(admin_client, republished)
    assert header(client, republished).deleted() == [oai_identifier(republished)]
    publish(admin_client, republished)
    again = header(client, republished)
    assert again.deleted() == []
    assert again.texts(".//dc:title") == [republished.title_en]


@pytest.mark.django_db(transaction=True)
def test_a_draft_never_published_is_never_mentioned(client):
    draft = ItemFactory(draft=True)
    draft.title_en = "Still a draft"
    draft.save()
    shown = ItemFactory()
    Item.objects.filter(pk=ItemFactory(draft=True).pk).delete()
    answers = harvest(client, "ListRecords", metadataPrefix="oai_dc")
    assert identifiers(answers) == [oai_identifier(shown)]
    assert header(client, draft).error == "idDoesNotExist"


@pytest.mark.django_db(transaction=True)
def test_deleted_records_are_in_the_sets_they_are_still_in(client, admin_client):
    exhibition = ExhibitionFactory(slug="hanoi-1972")
    shown = ItemFactory(kind=Kind.PHOTOGRAPH)
    ExhibitionItemFactory(item=shown, section__exhibition=exhibition)
    removed = ItemFactory(kind=Kind.DOCUMENT)
    unpublish(admin_client, shown)
    Item.objects.filter(pk=removed.pk).delete()

    def deleted_in(spec):
        answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        return [identifier for answer in answers for identifier in answer.deleted()]

    assert deleted_in("exhibition:hanoi-1972") == [oai_identifier(shown)]
    assert deleted_in("kind:photograph") == [oai_identifier(shown)]
    assert deleted_in("kind:document") == [oai_identifier(removed)]
    assert header(client, shown).texts(".//oai:setSpec") == [
        "kind:photograph",
        "exhibition:hanoi-1972",
    ]


@pytest.mark.django_db
def test_the_first_page_is_cached_and_the_pages_of_a_token_are_not(client):
    for _ in range(5):
        ItemFactory()
    first = client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc")
    assert "no-store" not in first.get("Cache-Control", "")
    token = oai(client, verb="ListRecords", metadataPrefix="oai_dc").token.text
    # The same first page, from the page cache: the same token, the same responseDate.
    assert client.get("/oai/?verb=ListRecords&metadataPrefix=oai_dc").content == first.content
    pages = [client.get("/oai/", {"verb": "ListRecords", "resumptionToken": token}) for _ in "ab"]
    assert [page["Cache-Control"] for page in pages] == ["no-store", "no-store"]
    # Each was written afresh: a harvester retrying a page gets it, never a stored copy.
    assert pages[0].content.count(b"<record>") == pages[1].content.count(b"<record>") == 2


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_after_the_deleted_records_were_read_is_listed(client):
    items = [ItemFactory() for _ in range(2)]
    first = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc")
    assert [pk for answer in first for pk in answer.deleted()] == []
    time.sleep(0.01)
    Item.objects.filter(pk=items[0].pk).update(status="draft", updated_at=timezone.now())
    # Another address than the first harvest's, which the page cache keeps: the
    # deleted records are read again because the history moved on.
    answers = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set="kind")
    assert [pk for answer in answers for pk in answer.deleted()] == [oai_identifier(items[0])]
