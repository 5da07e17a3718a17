"""Bulk edits from the objects' change list (collection.bulk_edit): the value, the
confirmation that counts what will change, the write as one change set, and every
way a request can be wrong."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collection.bulk_edit import EDITS_BY_NAME
from collection.models import Creator, Item, ItemPlace
from core.history.context import describe
from core.history.versions import version_model
from core.models import ChangeSet
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)
from tests.collection.spreadsheets.helpers import staff

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:collection_item_changelist")


@pytest.fixture
def curator(client, roles):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("Curator"))
    return client


def bulk(client, edit, items, stage=None, url=CHANGELIST, **data):
    """Post the bulk edit ``edit`` on ``items`` as its page does: ``stage`` is None on
    arriving from the change list, "preview" for the confirmation, "apply" to write."""
    fields = {
        "action": f"bulk_{edit}",
        "index": "0",
        "select_across": data.pop("select_across", "0"),
        "_selected_action": [getattr(item, "pk", item) for item in items],
        **data,
    }
    if stage:
        fields[stage] = "yes"
    return client.post(url, fields)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def counts(confirmation):
    """(objects that will change, objects that already have it) on a confirmation."""
    return confirmation.context["changing_count"], confirmation.context["unchanged_count"]


def bulk_change_sets():
    return list(ChangeSet.objects.filter(metadata__has_key="bulk_edit"))


def test_the_change_list_offers_every_bulk_edit_to_a_curator(curator):
    choices = dict(curator.get(CHANGELIST).context["action_form"].fields["action"].choices)

    assert choices["bulk_set_condition"] == "Set the condition of the selected objects"
    assert {name for name in choices if name.startswith("bulk_")} == {
        "bulk_add_subject",
        "bulk_add_place",
        "bulk_add_person",
        "bulk_set_location",
        "bulk_set_condition",
        "bulk_set_credit_line",
        "bulk_set_rights",
    }


def test_setting_the_condition_asks_confirms_with_counts_then_writes_one_change_set(curator):
    good = [ItemFactory(condition="good") for _ in range(2)]
    poor = [ItemFactory(condition="poor") for _ in range(3)]
    unknown = ItemFactory()
    selected = [*good, *poor, unknown]

    asked = bulk(curator, "set_condition", selected)
    assert asked.status_code == 200
    assert asked.context["stage"] == "value"
    assert "6 objects selected." in asked.content.decode()

    confirmation = bulk(curator, "set_condition", selected, "preview", condition="good")
    assert confirmation.context["stage"] == "confirm"
    assert counts(confirmation) == (4, 2)
    assert confirmation.context["earlier_values"] == [("Poor", 3), ("Not assessed", 1)]
    assert Item.objects.filter(condition="good").count() == 2  # a confirmation writes nothing

    applied = bulk(curator, "set_condition", selected, "apply", condition="good")
    assert applied.status_code == 302
    assert applied.url == CHANGELIST
    assert set(Item.objects.values_list("condition", flat=True)) == {"good"}
    (change_set,) = bulk_change_sets()
    assert change_set.metadata["bulk_edit"] == {"edit": "set_condition", "count": 4}
    assert change_set.metadata["user"] == User.objects.get(username="curator").pk
    assert str(describe(change_set)) == "Bulk edit of 4 objects: set the condition"
    versions = version_model(Item).objects.filter(pgh_context=change_set)
    assert sorted(versions.values_list("pgh_obj_id", flat=True)) == sorted(
        item.pk for item in [*poor, unknown]
    )
    assert set(Item.objects.values_list("updated_by__username", flat=True)) >= {"curator"}

    shown = curator.get(CHANGELIST)
    assert messages_of(shown) == ["Set the condition: 4 objects changed. 2 already had it."]


def test_the_recent_changes_name_the_bulk_edit(curator):
    items = [ItemFactory() for _ in range(3)]
    bulk(curator, "set_location", items, "apply", current_location="Store B, shelf 4")

    recent = curator.get(reverse("admin:core_changeset_changelist")).content.decode()

    assert "Bulk edit of 3 objects: set the location" in recent


def test_adding_a_subject_links_only_the_objects_without_it_and_refreshes_search(curator):
    subject = SubjectFactory(name_vi="Bom B-52", name_en="B-52 bombing")
    has_it = ItemFactory()
    has_it.subjects.add(subject)
    lacking = [ItemFactory() for _ in range(3)]

    confirmation = bulk(curator, "add_subject", [has_it, *lacking], "preview", subject=subject.pk)
    assert counts(confirmation) == (3, 1)
    assert confirmation.context["value"] == "B-52 bombing"  # in the curator's language
    bulk(curator, "add_subject", [has_it, *lacking], "apply", subject=subject.pk)

    assert set(subject.items.all()) == {has_it, *lacking}
    (change_set,) = bulk_change_sets()
    links = version_model(Item.subjects.through).objects.filter(pgh_context=change_set)
    assert sorted(links.values_list("item_id", flat=True)) == sorted(i.pk for i in lacking)
    # The objects' search documents now hold the subject's name (the one that had it
    # was never refreshed by this test: its document predates the link).
    assert set(Item.objects.search("bombing")) == set(lacking)


def test_adding_a_person_with_a_role_puts_them_after_the_people_listed(curator):
    person = PersonFactory(name="Chu Chí Thành")
    listed = CreatorFactory(role="maker")
    Creator.objects.filter(pk=listed.pk).update(position=4)
    plain = ItemFactory()
    same_person_other_role = CreatorFactory(person=person, role="donor").item

    bulk(
        curator,
        "add_person",
        [listed.item, plain, same_person_other_role],
        "apply",
        person=person.pk,
        role="photographer",
    )

    added = Creator.objects.filter(person=person, role="photographer")
    assert {(c.item_id, c.position) for c in added} == {
        (listed.item_id, 5),
        (plain.pk, 0),
        (same_person_other_role.pk, 1),
    }
    assert set(Item.objects.search("chu chi thanh")) == {listed.item, plain, same_person_other_role}


def test_adding_a_place_with_its_relation(curator):
    place = PlaceFactory(name_vi="Khâm Thiên")
    depicted = ItemFactory()
    ItemPlace.objects.create(item=depicted, place=place, relation="depicted")

    confirmation = bulk(
        curator, "add_place", [depicted], "preview", place=place.pk, relation="made"
    )
    assert counts(confirmation) == (1, 0)  # made there is another link than depicted
    bulk(curator, "add_place", [depicted], "apply", place=place.pk, relation="made")

    assert set(depicted.place_links.values_list("relation", flat=True)) == {"depicted", "made"}


@pytest.mark.parametrize(
    ("edit", "field", "value"),
    [
        ("set_location", "current_location", "Gallery 2"),
        ("set_credit_line", "credit_line", "Gift of the photographer, 2022"),
        ("set_rights", "rights", "CC BY 4.0"),
    ],
)
def test_setting_a_text_field(curator, edit, field, value):
    items = [ItemFactory() for _ in range(3)]

    bulk(curator, edit, items, "apply", **{field: value})

    assert set(Item.objects.values_list(field, flat=True)) == {value}
    assert len(bulk_change_sets()) == 1


def test_the_public_page_shows_the_new_credit_line_at_once(curator):
    item = ItemFactory(credit_line="Old credit")
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert "Old credit" in visitor.get(item.get_absolute_url()).content.decode()  # now cached

    bulk(curator, "set_credit_line", [item], "apply", credit_line="Gift of the family")

    page = visitor.get(item.get_absolute_url()).content.decode()
    assert "Gift of the family" in page
    assert "Old credit" not in page


def test_select_across_edits_every_object_the_filtered_list_shows(curator):
    documents = [ItemFactory(kind="document") for _ in range(3)]
    photograph = ItemFactory(kind="photograph")

    bulk(
        curator,
        "set_condition",
        documents[:1],
        "apply",
        url=f"{CHANGELIST}?kind__exact=document",
        select_across="1",
        condition="fair",
    )

    assert set(Item.objects.filter(condition="fair")) == set(documents)
    photograph.refresh_from_db()
    assert photograph.condition == "unknown"


def test_nothing_to_change_offers_no_apply(curator):
    items = [ItemFactory(condition="good") for _ in range(2)]

    page = bulk(curator, "set_condition", items, "preview", condition="good")

    assert page.context["changing_count"] == 0
    assert 'name="apply"' not in page.content.decode()
    assert "nothing would change" in page.content.decode()


# Committed: a version's time is its transaction's, and each request must have its own.
@pytest.mark.django_db(transaction=True)
def test_each_object_history_reverts_the_bulk_edit(curator):
    item = ItemFactory(current_location="Store A")
    subject = SubjectFactory()
    bulk(curator, "set_location", [item], "apply", current_location="Gallery 1")
    bulk(curator, "add_subject", [item], "apply", subject=subject.pk)
    history = curator.get(reverse("admin:collection_item_history", args=[item.pk]))
    rows = history.context["rows"]
    assert "Bulk edit of 1 object: add a subject" in str(rows[0]["through"])
    oldest = rows[-1]["entry"].key  # as the object was made

    curator.post(reverse("admin:collection_item_revert", args=[item.pk, oldest]))

    item.refresh_from_db()
    assert item.current_location == "Store A"
    assert list(item.subjects.all()) == []


# Bad input: a message or the form's errors, and nothing written.


@pytest.mark.parametrize(
    ("edit", "data"),
    [
        ("set_condition", {"condition": "shiny"}),
        ("set_condition", {}),
        ("add_subject", {"subject": "999999"}),
        ("add_subject", {"subject": "not-a-number"}),
        ("add_person", {"person": "1", "role": "emperor"}),
        ("add_place", {"place": "", "relation": "made"}),
        ("set_credit_line", {"credit_line": "x" * 501}),
        ("set_location", {"current_location": ""}),
    ],
)
def test_a_foreign_value_is_refused_with_the_form_errors(curator, edit, data):
    items = [ItemFactory() for _ in range(2)]
    before = list(Item.objects.order_by("pk").values())

    for stage in ("preview", "apply"):
        response = bulk(curator, edit, items, stage, **data)
        assert response.status_code == 200
        assert response.context["stage"] == "value"
        assert response.context["form"].errors
        assert "Nothing was changed" in response.content.decode()

    assert list(Item.objects.order_by("pk").values()) == before
    assert bulk_change_sets() == []


def test_a_person_merged_into_another_is_refused(curator):
    item = ItemFactory()
    merged = PersonFactory(merged_into=PersonFactory())

    response = bulk(curator, "add_person", [item], "apply", person=merged.pk, role="maker")

    assert "person" in response.context["form"].errors
    assert not Creator.objects.exists()


def test_an_unknown_object_id_changes_nothing(curator):
    item = ItemFactory()

    response = bulk(curator, "set_condition", [item.pk, 999999], "apply", condition="good")

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.condition == "unknown"
    assert messages_of(curator.get(CHANGELIST)) == [
        "Nothing was changed: some of the selected objects do not exist."
    ]


@pytest.mark.parametrize("bad", ["abc", "1; DROP TABLE", "99999999999999999999999", "١٢"])
def test_an_object_id_that_is_no_number_is_a_message_not_an_error(curator, bad):
    item = ItemFactory()

    for action in ("bulk_set_condition", "publish", "delete_selected"):
        response = curator.post(
            CHANGELIST,
            {
                "action": action,
                "index": "0",
                "_selected_action": [item.pk, bad],
                "apply": "1",
                "condition": "good",
            },
        )
        assert response.status_code == 302
    assert Item.objects.get().condition == "unknown"
    assert "the selection is not valid" in messages_of(curator.get(CHANGELIST))[0]


def test_an_archivist_may_bulk_edit_without_the_publish_permission(client, roles):
    client.force_login(staff("Archivist"))
    items = [ItemFactory(draft=True) for _ in range(2)]

    bulk(client, "set_rights", items, "apply", rights="Public domain")

    assert set(Item.objects.values_list("rights", "status")) == {("Public domain", "draft")}


def test_staff_who_may_only_view_objects_get_no_bulk_edit(client):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(viewer)
    item = ItemFactory()

    assert client.get(CHANGELIST).context["action_form"] is None  # no action at all
    for stage in (None, "preview", "apply"):
        response = bulk(client, "set_condition", [item], stage, condition="good")
        # No action to take: the post falls through to the list.
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1
    item.refresh_from_db()
    assert item.condition == "unknown"
    assert bulk_change_sets() == []


def test_the_bulk_edit_view_itself_refuses_staff_who_may_not_change(rf):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_item"))
    request = rf.post(CHANGELIST, {"apply": "1", "condition": "good"})
    request.user = User.objects.get(pk=viewer.pk)
    model_admin = admin.site._registry[Item]
    with pytest.raises(PermissionDenied):
        model_admin.bulk_edit(request, Item.objects.all(), EDITS_BY_NAME["set_condition"])


def queries_of(client, count, stage):
    """The queries of a page of the bulk edit, the second time it is asked for (the
    change list's filters remember their choices)."""
    items = [ItemFactory(condition="poor") for _ in range(count)]
    bulk(client, "set_condition", items, stage, condition="good")
    with CaptureQueriesContext(connection) as captured:
        bulk(client, "set_condition", items, stage, condition="good")
    Item.objects.all().delete()
    return len(captured)


def test_the_value_and_confirmation_pages_cost_the_same_for_2_or_20_objects(curator):
    for stage in (None, "preview"):
        assert queries_of(curator, 2, stage) == queries_of(curator, 20, stage)


@pytest.mark.parametrize(
    ("edit", "data", "expected"),
    [
        # The selection counted.
        ("set_condition", {}, 1),
        # The selection counted; the objects that will change counted, their values
        # grouped.
        ("set_condition", {"preview": "1", "condition": "good"}, 3),
        # The subject looked up (the form); the selection and the objects lacking it
        # counted.
        ("add_subject", {"preview": "1", "subject": "{subject}"}, 3),
    ],
)
def test_the_edits_own_queries_are_few_and_fixed(
    rf, roles, edit, data, expected, django_assert_num_queries
):
    """The action's own queries, apart from the change list Django builds around it."""
    curator = staff("Curator")
    subject = SubjectFactory()
    items = [ItemFactory(condition="poor") for _ in range(20)]
    data = {key: value.format(subject=subject.pk) for key, value in data.items()}
    request = rf.post(CHANGELIST, {"_selected_action": [i.pk for i in items], **data})
    request.user = curator
    assert curator.has_perm("collection.change_item")  # its permissions read, as per request
    model_admin = admin.site._registry[Item]

    with django_assert_num_queries(expected):
        response = model_admin.bulk_edit(request, Item.objects.all(), EDITS_BY_NAME[edit])
        response.render()


@pytest.mark.parametrize(
    ("edit", "data", "expected"),
    [
        ("set_condition", {"condition": "good"}, 1),  # one UPDATE
        ("add_subject", {}, 2),  # the links inserted, the objects' updated_at
        ("add_person", {"role": "maker"}, 3),  # and first, the people's last positions
    ],
)
def test_the_write_is_a_few_bulk_statements_whatever_the_number_of_objects(
    curator, edit, data, expected, django_assert_num_queries
):
    user = User.objects.get(username="curator")
    for count in (2, 60):
        pks = [ItemFactory().pk for _ in range(count)]
        if edit == "add_subject":
            data = {"subject": SubjectFactory()}
        if edit == "add_person":
            data = {**data, "person": PersonFactory()}
        with django_assert_num_queries(expected):
            EDITS_BY_NAME[edit].write(pks, data, user)
    assert Item.objects.filter(updated_by=user).count() == 62
