"""Which cached pages a change renews (core.cache): those that show what changed, and
no other; who is served cached pages; and which query strings make entries.

Each test changes a record behind the cache's back (``update()``, which renews nothing)
to see whether a page was served from the cache (the old text) or rendered afresh."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from collection.models import Item, Person
from core.cache import invalidate
from exhibitions.models import Section
from tests.collection.factories import CreatorFactory, ItemFactory, PersonFactory
from tests.collection.test_admin import item_form
from tests.exhibitions.factories import ExhibitionItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def english(obj_or_name, *args):
    with translation.override("en"):
        if isinstance(obj_or_name, str):
            return reverse(obj_or_name, args=args)
        return obj_or_name.get_absolute_url()


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def retitle_behind_the_cache(item, title):
    Item.objects.filter(pk=item.pk).update(title_en=title)


def test_saving_an_object_in_the_admin_leaves_an_unrelated_objects_page_cached(admin_client):
    saved = ItemFactory(title_en="Before the save", accession_number="A.1")
    unrelated = ItemFactory(title_en="Unrelated photograph")
    browse = english("collection:item-list")
    for path in (english(saved), english(unrelated), browse):
        text(Client(), path)
    retitle_behind_the_cache(unrelated, "Changed unseen")

    data = item_form(accession_number="A.1", status="published", title_en="After the save")
    response = admin_client.post(reverse("admin:collection_item_change", args=[saved.pk]), data)
    assert response.status_code == 302

    visitor = Client()
    assert "After the save" in text(visitor, english(saved))
    assert "After the save" in text(visitor, browse)  # a list it appears in
    unrelated_page = text(visitor, english(unrelated))
    assert "Unrelated photograph" in unrelated_page
    assert "Changed unseen" not in unrelated_page


def test_an_object_unpublished_in_the_admin_leaves_its_page_and_its_persons_page(admin_client):
    person = PersonFactory(name="Chu Chí Thành")
    leaving, staying = ItemFactory(title_en="Leaving"), ItemFactory(title_en="Staying")
    for item in (leaving, staying):
        CreatorFactory(item=item, person=person)
    visitor = Client()
    assert "Leaving" in text(visitor, english(person))
    text(visitor, english(leaving))

    admin_client.post(
        reverse("admin:collection_item_changelist"),
        {"action": "unpublish", "_selected_action": [leaving.pk]},
    )

    assert visitor.get(english(leaving)).status_code == 404
    assert "Leaving" not in text(visitor, english(person))


def test_a_renamed_person_renews_the_pages_of_their_objects_only():
    person = PersonFactory(name="Old name")
    theirs, other = ItemFactory(), ItemFactory(title_en="Someone else's")
    CreatorFactory(item=theirs, person=person)
    visitor = Client()
    assert "Old name" in text(visitor, english(theirs))
    text(visitor, english(other))
    retitle_behind_the_cache(other, "Changed unseen")

    Person.objects.filter(pk=person.pk).update(name="New name")
    invalidate([Person.objects.get(pk=person.pk)])

    assert "New name" in text(visitor, english(theirs))
    assert "Changed unseen" not in text(visitor, english(other))


def test_an_object_added_to_a_section_shows_the_exhibition_on_its_page(client):
    item = ItemFactory()
    section = SectionFactory(exhibition__title_en="Hanoi 1972")
    assert "Hanoi 1972" not in text(client, english(item))

    ExhibitionItemFactory(section=section, item=item)
    assert "Hanoi 1972" not in text(client, english(item))  # cached
    invalidate([Section.objects.get(pk=section.pk)])

    assert "Hanoi 1972" in text(client, english(item))


def test_a_retitled_object_renews_the_section_showing_it(client):
    shown = ExhibitionItemFactory(item__title_en="Before")
    path = english(shown.section)
    assert "Before" in text(client, path)

    retitle_behind_the_cache(shown.item, "After")
    assert "Before" in text(client, path)  # cached
    invalidate([Item.objects.get(pk=shown.item.pk)])

    assert "After" in text(client, path)


def test_a_page_that_names_no_dependency_is_renewed_by_any_change(client):
    first = ItemFactory()
    sitemap = "/sitemap-objects-en.xml"
    assert english(first) in text(client, sitemap)
    second = ItemFactory()  # behind the cache's back: factories renew nothing
    assert english(second) not in text(client, sitemap)

    invalidate([PersonFactory()])

    assert english(second) in text(client, sitemap)


def test_a_made_up_session_cookie_is_served_the_cached_page(client):
    item = ItemFactory(title_en="Cached")
    text(client, english(item))
    retitle_behind_the_cache(item, "Changed unseen")

    client.cookies["sessionid"] = "madeupsessionkeythatnamesnosession"
    assert "Cached" in text(client, english(item))

    # A real session, signed in, is never served cached pages.
    client.force_login(User.objects.create_user("curator", is_staff=True))
    assert "Changed unseen" in text(client, english(item))


def test_query_parameters_no_page_reads_neither_reach_it_nor_make_entries(client):
    item = ItemFactory(title_en="First title")
    browse = english("collection:item-list")
    first = text(client, f"{browse}?kind=photograph&utm_source=newsletter&page=1")
    assert "utm_source" not in first
    retitle_behind_the_cache(item, "Changed unseen")

    # Another made-up value, the parameters in another order: the same entry.
    again = text(client, f"{browse}?utm_source=elsewhere&page=1&kind=photograph&x=1")
    assert "First title" in again
    # A parameter the page reads is another page.
    assert "Changed unseen" in text(client, f"{browse}?kind=photograph&page=1&has_image=false")


def test_an_objects_page_keeps_the_section_it_was_reached_from_apart(client):
    shown = ExhibitionItemFactory()
    path = english(shown.item)
    plain = text(client, path)
    from_section = text(client, f"{path}?section={shown.section.pk}&ref=mail")

    assert plain != from_section
    assert "ref=mail" not in from_section


def test_a_cached_answer_is_a_304_to_a_client_that_has_it(client):
    path = "/api/v1/objects"
    ItemFactory()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])  # from the cache

    assert again.status_code == 304
    assert client.get(path, HTTP_IF_NONE_MATCH='"another"').status_code == 200
