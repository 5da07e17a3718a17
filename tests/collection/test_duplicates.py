"""Likely duplicates in the admin, merging two records there and undoing it, and the
public address of a merged record."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.urls import reverse

from collection.duplicates import SAME, SIMILAR, VARIANT, likely_duplicates
from collection.merging import merge_authorities
from collection.models import Creator, Item, Person, Place, Subject
from collection.search import update_search_documents
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args, model="person"):
    return reverse(f"admin:collection_{model}_{name}", args=args)


def staff(username, group=None, permissions=()):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    return user


@pytest.fixture
def curator(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("curator", "Curator"))
    return client


@pytest.fixture
def viewer(client):
    """Staff who may read people, not change them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(staff("viewer", permissions=["view_person", "view_item"]))
    return client


@pytest.fixture
def pair():
    """Chu Chí Thành with two photographs, and the same man imported without diacritics
    with one."""
    kept = PersonFactory(name="Chu Chí Thành")
    merged = PersonFactory(name="Chu Chi Thanh")
    for person, count in ((kept, 2), (merged, 1)):
        for _ in range(count):
            CreatorFactory(person=person, item=ItemFactory(title_en=f"By {person.name}"))
    update_search_documents(Item.objects.all())
    return kept, merged


def messages_of(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


# Finding them ---------------------------------------------------------------------------


def test_the_same_name_without_accents_a_variant_and_a_similar_name_are_likely_duplicates():
    chu, chu_plain = PersonFactory(name="Chu Chí Thành"), PersonFactory(name="Chu Chi Thanh")
    vo = PersonFactory(name="Võ An Ninh", variant_names=["Vo Anh Ninh"])
    vo_anh = PersonFactory(name="Võ Anh Ninh")
    doan, doan_typo = PersonFactory(name="Đoàn Công Tính"), PersonFactory(name="Đoàn Công Tín")
    PersonFactory(name="Nguyễn Văn Bảy"), PersonFactory(name="Nguyễn Văn Tư")
    # Alike by trigrams (0.79), but a whole name apart, not a typing slip.
    PersonFactory(name="Nguyễn Thị Mai"), PersonFactory(name="Nguyễn Thị Mai Anh")

    pairs = {(p.first, p.second): p for p in likely_duplicates(Person)}

    assert set(pairs) == {(chu.pk, chu_plain.pk), (vo.pk, vo_anh.pk), (doan.pk, doan_typo.pk)}
    assert pairs[chu.pk, chu_plain.pk].reason == SAME
    assert pairs[vo.pk, vo_anh.pk].reason == VARIANT
    assert pairs[doan.pk, doan_typo.pk].reason == SIMILAR
    # The surest first.
    assert [p.reason for p in likely_duplicates(Person)] == [SAME, VARIANT, SIMILAR]


def test_places_are_compared_in_each_language_and_merged_records_never_offered(admin_user):
    hanoi = PlaceFactory(name_vi="Hà Nội", name_en="Hanoi")
    english = PlaceFactory(name_vi="Thủ đô", name_en="Hanoi")
    gone = PlaceFactory(name_vi="Ha Noi")
    merge_authorities(keep=hanoi, merged=gone, user=admin_user)

    assert [(p.first, p.second) for p in likely_duplicates(Place)] == [(hanoi.pk, english.pk)]
    assert likely_duplicates(Subject) == []


# The admin's pages ----------------------------------------------------------------------


def test_the_change_list_links_to_the_duplicates_which_list_each_pair_with_its_objects(
    curator, pair, django_assert_num_queries
):
    kept, merged = pair
    assert url("duplicates") in curator.get(url("changelist")).text

    def listed():
        # 1. the session  2. the user  3, 4. the user's and their groups' permissions
        # 5. the pairs  6. the records of the page's pairs, with their objects' counts
        with django_assert_num_queries(6):
            return curator.get(url("duplicates"))

    response = listed()
    assert response.status_code == 200
    row = response.text.split(f'data-pair="{kept.pk}-{merged.pk}"')[1].split("</tr>")[0]
    assert "Chu Chí Thành" in row
    assert "Chu Chi Thanh" in row
    assert "2 objects" in row
    assert "1 object" in row
    assert url("merge", kept.pk, merged.pk) in row
    for number in range(5):
        PersonFactory(name=f"Đoàn Công Tính {number}")
    assert "Đoàn Công Tính 4" in listed().text


def test_the_merge_page_shows_both_records_side_by_side_and_offers_the_one_with_more_objects(
    curator, pair
):
    kept, merged = pair

    response = curator.get(url("merge", merged.pk, kept.pk))

    assert response.status_code == 200
    table = response.text.split('id="merge-records"')[1].split("</table>")[0]
    assert table.index("Chu Chi Thanh") < table.index("Chu Chí Thành")
    assert "2 objects (2 published)" in table
    assert "1 object (1 published)" in table
    assert f'value="{kept.pk}" id="keep-{kept.pk}" checked' in table
    assert f'value="{merged.pk}" id="keep-{merged.pk}">' in table


def test_a_curator_merges_and_the_links_names_and_history_follow(curator, pair):
    kept, merged = pair

    response = curator.post(url("merge", merged.pk, kept.pk), {"keep": kept.pk})

    assert response.status_code == 302
    assert response.url == url("change", kept.pk)
    assert Creator.objects.filter(person=kept).count() == 3
    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert Person.objects.get(pk=kept.pk).variant_names == ["Chu Chi Thanh"]
    ((level, message),) = messages_of(response)
    assert level == "success"
    assert url("undo_merge", merged.pk) in message
    assert LogEntry.objects.filter(object_id=str(kept.pk)).exists()
    # The kept record's page says what was merged into it.
    page = curator.get(url("change", kept.pk)).text
    assert 'id="merged-here"' in page
    assert url("undo_merge", merged.pk) in page
    # The recent changes name the change set.
    changes = curator.get(reverse("admin:core_changeset_changelist")).text
    assert "Merge: Chu Chi Thanh into Chu Chí Thành" in changes


def test_the_record_to_keep_must_be_one_of_the_two(curator, pair):
    kept, merged = pair
    for keep in ("", "x", str(PersonFactory().pk), "9" * 30):
        response = curator.post(url("merge", merged.pk, kept.pk), {"keep": keep})
        assert response.status_code == 400
        assert "Choose the record to keep." in response.text
    assert not Person.objects.exclude(merged_into=None).exists()


def test_merging_a_record_into_itself_a_missing_or_a_merged_one_is_refused(curator, pair):
    kept, merged = pair
    assert curator.get(url("merge", kept.pk, kept.pk)).status_code == 302
    assert curator.get(url("merge", kept.pk, 10**12)).status_code == 404
    assert curator.get(url("merge", kept.pk, 10**30)).status_code == 404
    curator.post(url("merge", merged.pk, kept.pk), {"keep": kept.pk})
    third = PersonFactory(name="Chu Chí Thành (1921-2015)")
    response = curator.post(url("merge", merged.pk, third.pk), {"keep": third.pk})
    assert response.status_code == 302
    assert messages_of(response)[-1][0] == "error"
    assert Person.objects.get(pk=merged.pk).merged_into == kept


def test_only_staff_who_may_change_people_merge_or_undo(viewer, pair, admin_user):
    kept, merged = pair

    page = viewer.get(url("duplicates"))
    assert page.status_code == 200
    assert url("merge", merged.pk, kept.pk) not in page.text
    assert viewer.get(url("merge", merged.pk, kept.pk)).status_code == 403
    assert viewer.post(url("merge", merged.pk, kept.pk), {"keep": kept.pk}).status_code == 403
    assert "merge_selected" not in viewer.get(url("changelist")).text
    merge_authorities(keep=kept, merged=merged, user=admin_user)
    assert viewer.post(url("undo_merge", merged.pk)).status_code == 403
    assert Person.objects.get(pk=merged.pk).merged_into == kept


def test_staff_without_any_permission_on_people_see_no_duplicates(client, pair):
    client.force_login(staff("other", permissions=["view_item"]))

    assert client.get(url("duplicates")).status_code == 403


def test_the_merge_action_takes_exactly_two_records(curator, pair):
    kept, merged = pair
    action = {"action": "merge_selected"}

    response = curator.post(url("changelist"), {**action, "_selected_action": [kept.pk, merged.pk]})
    assert response.status_code == 302
    assert response.url == url("merge", kept.pk, merged.pk)

    third = PersonFactory(name="Someone else")
    for chosen in ([kept.pk], [kept.pk, merged.pk, third.pk]):
        response = curator.post(url("changelist"), {**action, "_selected_action": chosen})
        assert "Select exactly two records to merge." in [m for _l, m in messages_of(response)]


def test_merged_records_leave_the_list_and_the_autocompletes(curator, pair, admin_user):
    kept, merged = pair
    merge_authorities(keep=kept, merged=merged, user=admin_user)

    listed = curator.get(url("changelist")).context["cl"].result_list
    assert list(listed) == [kept]
    merged_list = curator.get(url("changelist") + "?merged=yes").context["cl"].result_list
    assert list(merged_list) == [merged]
    assert curator.get(url("changelist") + "?merged=maybe").status_code == 302
    found = curator.get(
        reverse("admin:autocomplete"),
        {"app_label": "collection", "model_name": "creator", "field_name": "person", "term": "chu"},
    ).json()
    assert [result["id"] for result in found["results"]] == [str(kept.pk)]


def test_a_curator_undoes_a_merge_from_the_merged_records_page(curator, pair):
    kept, merged = pair
    curator.post(url("merge", merged.pk, kept.pk), {"keep": kept.pk})
    page = curator.get(url("change", merged.pk)).text
    assert 'id="merged-into"' in page
    assert url("undo_merge", merged.pk) in page

    preview = curator.get(url("undo_merge", merged.pk))
    assert preview.status_code == 200
    assert "1 link to an object goes back to it" in preview.text
    assert "Chu Chi Thanh" in preview.text.split('id="undo-merge-plan"')[1]
    assert Person.objects.get(pk=merged.pk).merged_into == kept  # nothing done yet

    response = curator.post(url("undo_merge", merged.pk))

    assert response.status_code == 302
    assert Person.objects.get(pk=merged.pk).merged_into is None
    assert Creator.objects.filter(person=merged).count() == 1
    assert Person.objects.get(pk=kept.pk).variant_names == []
    assert 'id="merged-into"' not in curator.get(url("change", merged.pk)).text
    changes = curator.get(reverse("admin:core_changeset_changelist")).text
    assert "Undo merge: Chu Chi Thanh from Chu Chí Thành" in changes
    # A record that is not merged has nothing to undo.
    again = curator.post(url("undo_merge", merged.pk))
    assert messages_of(again)[-1][0] == "error"


def test_places_and_subjects_have_the_same_pages(curator, admin_user):
    for model, factory, link in (
        ("place", PlaceFactory, lambda p: ItemPlaceFactory(place=p)),
        ("subject", SubjectFactory, lambda s: ItemFactory().subjects.add(s)),
    ):
        kept, merged = factory(name_vi="Khâm Thiên"), factory(name_vi="Kham Thien")
        link(merged)
        assert curator.get(url("duplicates", model=model)).status_code == 200
        assert curator.get(url("merge", kept.pk, merged.pk, model=model)).status_code == 200
        curator.post(url("merge", kept.pk, merged.pk, model=model), {"keep": kept.pk})
        assert type(kept).objects.get(pk=merged.pk).merged_into == kept
        curator.post(url("undo_merge", merged.pk, model=model))
        assert type(kept).objects.get(pk=merged.pk).merged_into is None


# The public address ---------------------------------------------------------------------


def test_the_merged_records_address_redirects_permanently_to_the_kept_records_page(
    client, curator, pair, django_assert_num_queries
):
    kept, merged = pair
    old = f"/en/people/{merged.pk}/"
    assert client.get(old).status_code == 200  # and now cached
    curator.post(url("merge", merged.pk, kept.pk), {"keep": kept.pk})
    client.logout()

    # 1. the merged record, as a page (not found)  2. the record it was merged into, if
    # a published object points to it
    with django_assert_num_queries(2):
        response = client.get(old)

    assert response.status_code == 301
    assert response.url == f"/en/people/{kept.pk}/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "By Chu Chi Thanh" in page.text


def test_the_redirect_never_leads_to_a_record_known_only_from_drafts(client, admin_user):
    kept, merged = PersonFactory(name="Võ An Ninh"), PersonFactory(name="Vo An Ninh")
    CreatorFactory(person=kept, item=ItemFactory(draft=True))
    CreatorFactory(person=merged, item=ItemFactory(draft=True))

    merge_authorities(keep=kept, merged=merged, user=admin_user)

    response = client.get(f"/en/people/{merged.pk}/")
    assert response.status_code == 404
    assert f"/people/{kept.pk}/" not in response.text


def test_after_the_undo_the_old_address_is_the_records_own_page_again(client, pair, admin_user):
    from collection.merging import undo_merge

    kept, merged = pair
    merge_authorities(keep=kept, merged=merged, user=admin_user)
    assert client.get(f"/en/people/{merged.pk}/").status_code == 301

    undo_merge(merged=merged, user=admin_user)

    assert client.get(f"/en/people/{merged.pk}/").status_code == 200


def test_places_and_subjects_redirect_too_and_unknown_addresses_stay_404(client, admin_user):
    for factory, link, path in (
        (PlaceFactory, lambda p: ItemPlaceFactory(place=p), "places"),
        (SubjectFactory, lambda s: ItemFactory().subjects.add(s), "subjects"),
    ):
        kept, merged = factory(name_vi="Bạch Mai"), factory(name_vi="Bach Mai")
        link(kept), link(merged)
        merge_authorities(keep=kept, merged=merged, user=admin_user)
        response = client.get(f"/vi/{path}/{merged.pk}/")
        assert (response.status_code, response.url) == (301, f"/vi/{path}/{kept.pk}/")
        assert client.get(f"/vi/{path}/{10**30}/").status_code == 404


def test_the_pages_speak_vietnamese_to_a_vietnamese_curator(curator, pair):
    kept, merged = pair
    curator.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"

    assert "Có thể trùng lặp" in curator.get(url("changelist")).text
    assert "cùng một tên khi bỏ dấu" in curator.get(url("duplicates")).text
    merge_page = curator.get(url("merge", kept.pk, merged.pk)).text
    assert "Giữ lại “Chu Chí Thành”" in merge_page
    assert "2 hiện vật (2 đã công bố)" in merge_page
    response = curator.post(url("merge", kept.pk, merged.pk), {"keep": kept.pk})
    assert "đã được hợp nhất vào “Chu Chí Thành”" in messages_of(response)[0][1]
    assert "Hoàn tác việc hợp nhất" in curator.get(url("change", merged.pk)).text
