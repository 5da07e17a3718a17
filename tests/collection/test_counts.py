"""The counts of published objects per kind, person, place and subject, kept by the
database (collection.counts): after every kind of write they equal a count made afresh."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from collection import undo as undoing
from collection.merging import merge_authorities
from collection.models import Creator, Item, ItemPlace, KindCount, LinkCount, Person, Place
from core.models import Status
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.collection.spreadsheets.helpers import HEADERS, ROW, import_rows

pytestmark = pytest.mark.django_db


def kept():
    return {(row.facet, row.record_id): row.items for row in LinkCount.objects.filter(items__gt=0)}


def kinds_kept():
    return dict(KindCount.objects.filter(items__gt=0).values_list("kind", "items"))


def counted_afresh():
    """The distinct published objects of each record, from the links."""
    published = Item.objects.published().values("pk")
    counts = {}
    for facet, links, field in (
        ("person", Creator.objects.all(), "person"),
        ("place", ItemPlace.objects.all(), "place"),
        ("subject", Item.subjects.through.objects.all(), "subject"),
    ):
        rows = (
            links.filter(item__in=published)
            .order_by()
            .values_list(field)
            .annotate(n=Count("item", distinct=True))
        )
        counts |= {(facet, pk): n for pk, n in rows}
    return counts


def assert_kept(expected=None):
    assert kept() == counted_afresh()
    kinds = Item.objects.published().order_by().values_list("kind").annotate(n=Count("pk"))
    assert kinds_kept() == dict(kinds)
    if expected is not None:
        assert kept() == expected


def test_links_count_once_per_published_object():
    person, place = PersonFactory(), PlaceFactory()
    item = ItemFactory()
    CreatorFactory(item=item, person=person, role="photographer")
    CreatorFactory(item=item, person=person, role="author")  # the same object twice
    ItemPlaceFactory(item=item, place=place)
    CreatorFactory(item=ItemFactory(draft=True), person=person)  # a draft: not counted

    assert_kept({("person", person.pk): 1, ("place", place.pk): 1})

    Creator.objects.filter(item=item, role="author").delete()
    assert_kept({("person", person.pk): 1, ("place", place.pk): 1})
    Creator.objects.filter(item=item).update(position=3)  # the pair stays: no change
    assert_kept({("person", person.pk): 1, ("place", place.pk): 1})
    Creator.objects.filter(item=item).delete()
    assert_kept({("place", place.pk): 1})


def test_publishing_and_unpublishing_move_every_count_of_the_object():
    person, place, subject = PersonFactory(), PlaceFactory(), SubjectFactory()
    items = [ItemFactory(draft=True) for _ in range(3)]
    for item in items:
        CreatorFactory(item=item, person=person)
        ItemPlaceFactory(item=item, place=place)
        item.subjects.add(subject)
    assert_kept({})

    Item.objects.filter(pk__in=[item.pk for item in items]).update(status=Status.PUBLISHED)
    assert_kept({("person", person.pk): 3, ("place", place.pk): 3, ("subject", subject.pk): 3})

    items[0].status = Status.DRAFT
    items[0].save()
    assert_kept({("person", person.pk): 2, ("place", place.pk): 2, ("subject", subject.pk): 2})

    items[1].subjects.clear()
    items[1].delete()
    assert_kept({("person", person.pk): 1, ("place", place.pk): 1, ("subject", subject.pk): 1})


def test_kinds_follow_publishing_a_change_of_kind_and_deleting():
    letter = ItemFactory(kind="document")
    photographs = [ItemFactory(kind="photograph") for _ in range(3)]
    ItemFactory(kind="artifact", draft=True)
    assert kinds_kept() == {"document": 1, "photograph": 3}

    letter.kind = "artifact"
    letter.save()
    Item.objects.filter(kind="artifact").update(status=Status.PUBLISHED)
    photographs[0].delete()
    Item.objects.filter(pk=photographs[1].pk).update(status=Status.DRAFT)

    assert kinds_kept() == {"artifact": 2, "photograph": 1}
    assert_kept()


def test_deleting_an_object_with_its_links_in_either_order():
    person = PersonFactory()
    first, second = ItemFactory(), ItemFactory()
    for item in (first, second):
        CreatorFactory(item=item, person=person)
    first.delete()  # Django deletes the links, then the object
    assert_kept({("person", person.pk): 1})

    with transaction.atomic(), connection.cursor() as cursor:
        # The object first, then its links (the foreign keys are checked at commit).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("DELETE FROM collection_item WHERE id = %s", [second.pk])
        cursor.execute("DELETE FROM collection_creator WHERE item_id = %s", [second.pk])
    assert_kept({})


def test_links_written_before_their_objects_count_when_the_objects_arrive():
    person = PersonFactory()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "INSERT INTO collection_creator (item_id, person_id, role, position) "
            "VALUES (900001, %s, 'maker', 0), (900001, %s, 'author', 1), (900002, %s, 'maker', 0)",
            [person.pk] * 3,
        )
        for pk, status in ((900001, "published"), (900002, "draft")):
            ItemFactory(pk=pk, status=status)
    assert_kept({("person", person.pk): 1})


def test_a_merge_moves_the_counts_to_the_kept_record(admin_user):
    keep, merged = PlaceFactory(name_vi="Khâm Thiên"), PlaceFactory(name_vi="Kham Thien")
    both = ItemFactory()
    ItemPlaceFactory(item=both, place=keep)
    ItemPlaceFactory(item=both, place=merged, relation="made")
    ItemPlaceFactory(item=ItemFactory(), place=merged)

    merge_authorities(keep=keep, merged=merged, user=admin_user)

    assert_kept({("place", keep.pk): 2})


def test_an_import_and_its_undo(tmp_path):
    _plan, record = import_rows(tmp_path, [[*ROW, "published"]], headers=[*HEADERS, "status"])
    people = Person.objects.all()
    assert people
    assert all(kept()[("person", person.pk)] == 1 for person in people)
    assert_kept()

    undoing.run_undo(undoing.request_undo(record, user=None))

    assert not Item.objects.exists()
    assert_kept({})


def test_recount_fills_the_tables_afresh():
    place = PlaceFactory()
    ItemPlaceFactory(place=place)
    LinkCount.objects.all().delete()
    KindCount.objects.all().delete()
    output = StringIO()

    call_command("recount_published", stdout=output)

    assert_kept({("place", place.pk): 1})
    assert "Counted 1 kinds and 1 people, places and subjects." in output.getvalue()


def test_counts_are_read_by_the_browse_menus(client):
    place = PlaceFactory(name_en="Bạch Mai hospital")
    for _ in range(2):
        ItemPlaceFactory(place=place)
    # What the menus show is what the tables say, not a count made for the page.
    LinkCount.objects.filter(facet="place", record_id=place.pk).update(items=41)
    KindCount.objects.filter(kind="photograph").update(items=17)

    html = client.get("/en/collection/").text

    assert "Bạch Mai hospital (41)" in html
    assert "Photograph (17)" in html
    assert Place.objects.count() == 1
