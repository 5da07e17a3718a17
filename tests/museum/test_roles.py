"""The Curator and Archivist roles, created by a migration, proven through the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from collection.models import Item
from core.models import Status
from museum.roles import role_permissions
from tests.collection.factories import ItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def staff(role):
    user = User.objects.create_user(role.lower(), password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def curator():
    return staff("Curator")


@pytest.fixture
def archivist():
    return staff("Archivist")


def test_migration_creates_both_roles_with_their_permissions():
    for role in ("Curator", "Archivist"):
        group = Group.objects.get(name=role)
        granted = sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        )
        assert granted == role_permissions(role)


def test_curator_edits_everything_and_may_publish(curator):
    assert curator.has_perms(
        [
            "collection.change_item",
            "collection.publish_item",
            "collection.import_item",
            "collection.export_item",
            "exhibitions.change_exhibition",
            "exhibitions.publish_exhibition",
            "events.change_event",
            "events.publish_event",
        ]
    )


def test_archivist_catalogues_and_imports_but_cannot_publish(archivist):
    assert archivist.has_perms(
        [
            "collection.add_item",
            "collection.change_item",
            "collection.add_image",
            "collection.import_item",
            "collection.export_item",
        ]
    )
    assert not archivist.has_perm("collection.publish_item")
    assert not archivist.has_perm("collection.delete_item")
    assert not archivist.has_perm("exhibitions.change_exhibition")
    assert not archivist.has_perm("events.change_event")


def test_archivist_sees_status_read_only_and_no_publish_action(client, archivist):
    item = ItemFactory(draft=True)
    client.force_login(archivist)

    form = client.get(reverse("admin:collection_item_change", args=[item.pk]))
    changelist = client.get(reverse("admin:collection_item_changelist"))

    assert form.status_code == changelist.status_code == 200
    assert "accession_number" in form.context["adminform"].form.fields
    assert "status" not in form.context["adminform"].form.fields
    assert item.accession_number in changelist.content.decode()
    assert 'value="publish"' not in changelist.content.decode()


def test_archivist_cannot_publish_by_posting_the_action(client, archivist):
    item = ItemFactory(draft=True)
    client.force_login(archivist)

    client.post(
        reverse("admin:collection_item_changelist"),
        {"action": "publish", "_selected_action": [item.pk]},
    )

    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


def test_archivist_cannot_publish_by_posting_the_status(client, archivist):
    item = ItemFactory(draft=True, title_en="Draft")
    client.force_login(archivist)
    url = reverse("admin:collection_item_change", args=[item.pk])
    data = {
        "accession_number": item.accession_number,
        "kind": item.kind,
        "status": "published",
        "title_en": "Edited",
        "date_text": "1972",
        "condition": "unknown",
    }
    for prefix in ("images", "creator_links", "place_links"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.title_en == "Edited"
    assert item.status == Status.DRAFT


def test_curator_publishes_from_the_list(client, curator):
    item = ItemFactory(draft=True)
    client.force_login(curator)

    client.post(
        reverse("admin:collection_item_changelist"),
        {"action": "publish", "_selected_action": [item.pk]},
    )

    assert Item.objects.get(pk=item.pk).status == Status.PUBLISHED
