"""Every record's History page in the admin, and reverting to an earlier version."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from collection.models import Item
from core.history.versions import history_of
from core.models import Status
from tests.collection.factories import ItemFactory, SubjectFactory
from tests.collection.spreadsheets.helpers import staff

# A change set is a transaction: each step here is one of its own.
pytestmark = pytest.mark.django_db(transaction=True)


def history_url(item):
    return reverse("admin:collection_item_history", args=[item.pk])


def revert_url(item, entry):
    return reverse("admin:collection_item_revert", args=[item.pk, entry.key])


def signed_in(client, role):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    user = staff(role)
    client.force_login(user)
    return user


@pytest.fixture
def curator(client, roles):
    signed_in(client, "Curator")
    return client


def test_the_history_shows_who_changed_what_through_which_page_old_and_new(curator):
    item = ItemFactory(title_en="Old title")
    Item.objects.filter(pk=item.pk).update(title_en="New title")

    curator.post(
        reverse("admin:collection_item_changelist"),
        {"action": "unpublish", "_selected_action": [item.pk]},
    )
    page = curator.get(history_url(item)).content.decode()

    assert "Old title" in page
    assert "New title" in page
    assert "curator" in page  # the bulk unpublish: who, and through which page
    assert reverse("admin:collection_item_changelist") in page
    assert "Revert to this version" in page


def test_the_history_is_paged(curator):
    item = ItemFactory()
    for n in range(25):
        Item.objects.filter(pk=item.pk).update(medium=f"Medium {n}")

    first = curator.get(history_url(item)).content.decode()
    second = curator.get(history_url(item) + "?page=2").content.decode()

    assert "Medium 24" in first
    assert "<ins>Medium 3</ins>" not in first
    assert "26 versions" in first
    assert "<ins>Medium 3</ins>" in second


def test_reading_the_history_needs_the_view_permission(client, roles):
    item = ItemFactory()
    client.force_login(User.objects.create_user("visitor", is_staff=True))

    assert client.get(history_url(item)).status_code == 403


def test_a_revert_shows_the_diff_first_then_restores_and_is_itself_revertible(curator):
    item = ItemFactory(title_en="First", title_vi="Đầu")
    subject = SubjectFactory(name_vi="Cầu Long Biên")
    item.subjects.add(subject)
    Item.objects.filter(pk=item.pk).update(title_en="Second")
    item.subjects.clear()
    entry = history_of(item)[2]  # after the subject was added, before the new title

    confirmation = curator.get(revert_url(item, entry)).content.decode()
    assert "Second" in confirmation
    assert "First" in confirmation
    assert "Cầu Long Biên" in confirmation
    assert Item.objects.get(pk=item.pk).title_en == "Second"  # nothing written yet

    response = curator.post(revert_url(item, entry))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_en == "First"
    assert "first" in str(item.search_document)  # the search document follows
    assert list(item.subjects.all()) == [subject]
    assert "revert" in history_of(item)[0].context.metadata

    undo = history_of(item)[1]  # the version the revert replaced
    curator.post(revert_url(item, undo))
    item.refresh_from_db()
    assert item.title_en == "Second"
    assert list(item.subjects.all()) == []


def test_an_archivist_cannot_publish_through_a_revert(client, roles):
    item = ItemFactory(status=Status.PUBLISHED, title_en="Published")
    Item.objects.filter(pk=item.pk).update(status=Status.DRAFT)
    published = history_of(item)[1]
    signed_in(client, "Archivist")

    page = client.get(revert_url(item, published)).content.decode()
    client.post(revert_url(item, published))

    assert "Only someone who may publish can restore it" in page
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


def test_reverting_needs_the_change_permission(client, roles):
    item = ItemFactory()
    Item.objects.filter(pk=item.pk).update(medium="Changed")
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(viewer)

    assert client.get(history_url(item)).status_code == 200
    assert client.post(revert_url(item, history_of(item)[1])).status_code == 403


def test_a_reverted_record_is_changed_now_not_when_its_old_version_was(curator):
    item = ItemFactory(title_en="First")
    Item.objects.filter(pk=item.pk).update(title_en="Second", updated_at=timezone.now())
    entry = history_of(item)[1]
    before = Item.objects.get(pk=item.pk).updated_at

    curator.post(revert_url(item, entry))

    item.refresh_from_db()
    assert item.title_en == "First"
    # Harvesters and calendars asking what changed since the last change see it.
    assert item.updated_at > before
