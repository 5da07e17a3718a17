"""Merging two people, places or subjects into one, in the history, and undoing it."""

import pghistory
import pytest
from pghistory.models import Context

from collection.merging import MergeRefused, merge_authorities, undo_merge
from collection.models import Creator, Item, ItemPlace, Person, Place, Subject
from collection.search import update_search_documents
from core.history.versions import version_model
from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    SubjectFactory,
)

pytestmark = pytest.mark.django_db

# Each test is one transaction, where pghistory's context would outlast its block (it is
# a setting of the transaction): what happens "since" a merge has a context of its own,
# as a later request has.


def creator_rows():
    return sorted(Creator.objects.values_list("id", "item_id", "person_id", "role", "position"))


@pytest.fixture
def people():
    """Chu Chí Thành, and the same photographer imported without diacritics: one photo
    each, one photo linked to both with the same role, one with two different roles."""
    kept = PersonFactory(name="Chu Chí Thành", variant_names=["Chu Chi Thanh"])
    merged = PersonFactory(name="Chu Chi Thanh", variant_names=["C. C. Thành"])
    own, theirs, both, roles = (ItemFactory(title_en=t) for t in ("own", "theirs", "both", "roles"))
    CreatorFactory(item=own, person=kept, role="photographer")
    CreatorFactory(item=theirs, person=merged, role="photographer", position=3)
    CreatorFactory(item=both, person=kept, role="photographer", position=0)
    CreatorFactory(item=both, person=merged, role="photographer", position=1)
    CreatorFactory(item=roles, person=kept, role="author", position=0)
    CreatorFactory(item=roles, person=merged, role="photographer", position=1)
    update_search_documents(Item.objects.all())
    return {
        "kept": kept,
        "merged": merged,
        "own": own,
        "theirs": theirs,
        "both": both,
        "roles": roles,
    }


def links(item):
    return sorted(item.creator_links.values_list("person__name", "role"))


def test_every_link_moves_to_the_kept_record_with_its_role(people, admin_user):
    kept, merged = people["kept"], people["merged"]

    done = merge_authorities(keep=kept, merged=merged, user=admin_user)

    assert links(people["theirs"]) == [("Chu Chí Thành", "photographer")]
    # Linked to both with the same role: one link, the kept record's.
    assert links(people["both"]) == [("Chu Chí Thành", "photographer")]
    # Two roles stay two roles.
    assert links(people["roles"]) == [
        ("Chu Chí Thành", "author"),
        ("Chu Chí Thành", "photographer"),
    ]
    assert not Creator.objects.filter(person=merged).exists()
    assert (done.links, done.removed) == (2, 1)
    # The moved link keeps its place among the object's creators.
    assert people["theirs"].creator_links.get().position == 3


def test_the_merged_records_names_become_variant_names_and_it_points_to_the_kept_one(
    people, admin_user
):
    kept, merged = people["kept"], people["merged"]

    merge_authorities(keep=kept, merged=merged, user=admin_user)

    kept.refresh_from_db()
    merged.refresh_from_db()
    assert kept.variant_names == ["Chu Chi Thanh", "C. C. Thành"]
    assert merged.merged_into == kept
    # The merged record is still there, under its own id and names.
    assert (merged.name, merged.variant_names) == ("Chu Chi Thanh", ["C. C. Thành"])


def test_a_place_keeps_both_languages_names_of_the_merged_one_as_variants(admin_user):
    kept = PlaceFactory(name_vi="Hà Nội", name_en="Hanoi")
    merged = PlaceFactory(name_vi="Ha Noi", name_en="Hanoi city", variant_names=["Thăng Long"])
    item = ItemFactory()
    ItemPlaceFactory(item=item, place=merged, relation="made")

    merge_authorities(keep=kept, merged=merged, user=admin_user)

    kept.refresh_from_db()
    assert kept.variant_names == ["Ha Noi", "Hanoi city", "Thăng Long"]
    assert list(ItemPlace.objects.values_list("item", "place", "relation")) == [
        (item.pk, kept.pk, "made")
    ]


def test_an_object_with_both_subjects_ends_with_one(admin_user):
    kept, merged = SubjectFactory(name_vi="Bom B-52"), SubjectFactory(name_vi="B52")
    item, other = ItemFactory(), ItemFactory()
    item.subjects.add(kept, merged)
    other.subjects.add(merged)

    merge_authorities(keep=kept, merged=merged, user=admin_user)

    assert list(item.subjects.all()) == [kept]
    assert list(other.subjects.all()) == [kept]


def test_the_objects_are_found_by_the_merged_name_and_the_kept_one(people, admin_user):
    merge_authorities(keep=people["kept"], merged=people["merged"], user=admin_user)

    found = set(Item.objects.published().search("Chu Chí Thành"))
    assert found == {people[k] for k in ("own", "theirs", "both", "roles")}
    assert set(Item.objects.published().search("C. C. Thành")) == found


def test_the_merge_is_one_change_set_named_for_what_it_did(people, admin_user):
    kept, merged = people["kept"], people["merged"]

    merge_authorities(keep=kept, merged=merged, user=admin_user)

    context = Context.objects.get(metadata__has_key="merge")
    assert context.metadata["label"] == "Merge: Chu Chi Thanh into Chu Chí Thành"
    assert context.metadata["user"] == admin_user.pk
    assert context.metadata["merge"]["merged"] == merged.pk
    # The links moved and removed, and both records, are in it.
    assert version_model(Creator).objects.filter(pgh_context=context).count() == 3
    assert set(
        version_model(Person)
        .objects.filter(pgh_context=context)
        .values_list("pgh_obj_id", flat=True)
    ) == {kept.pk, merged.pk}


def test_records_are_merged_only_once_and_never_into_themselves(people, admin_user):
    kept, merged = people["kept"], people["merged"]
    with pytest.raises(MergeRefused):
        merge_authorities(keep=kept, merged=kept, user=admin_user)
    with pytest.raises(MergeRefused):
        merge_authorities(keep=kept, merged=PlaceFactory(), user=admin_user)
    merge_authorities(keep=kept, merged=merged, user=admin_user)
    with pytest.raises(MergeRefused):
        merge_authorities(keep=kept, merged=merged, user=admin_user)
    with pytest.raises(MergeRefused):
        merge_authorities(keep=merged, merged=PersonFactory(), user=admin_user)


def test_undo_puts_back_exactly_the_links_names_and_the_record(people, admin_user):
    kept, merged = people["kept"], people["merged"]
    before = creator_rows()

    merge_authorities(keep=kept, merged=merged, user=admin_user)
    done = undo_merge(merged=merged, user=admin_user)

    # The same rows: ids, objects, people, roles and positions.
    assert creator_rows() == before
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert kept.variant_names == ["Chu Chi Thanh"]
    assert merged.merged_into is None
    assert (done.links, done.removed, done.left_alone) == (2, 1, 0)
    # Search documents follow the links back.
    assert set(Item.objects.published().search("C. C. Thành")) == {
        people["theirs"],
        people["both"],
        people["roles"],
    }


def test_the_undo_is_a_change_set_of_its_own(people, admin_user):
    merge_authorities(keep=people["kept"], merged=people["merged"], user=admin_user)

    undo_merge(merged=people["merged"], user=admin_user)

    undo = Context.objects.get(metadata__has_key="merge_undo")
    assert undo.metadata["label"] == "Undo merge: Chu Chi Thanh from Chu Chí Thành"
    assert version_model(Creator).objects.filter(pgh_context=undo).count() == 3


def test_undo_leaves_alone_a_link_changed_since_and_keeps_later_edits(people, admin_user):
    kept, merged = people["kept"], people["merged"]
    merge_authorities(keep=kept, merged=merged, user=admin_user)
    # Since the merge, in a request of its own: the moved link's role corrected, and
    # the kept record edited.
    with pghistory.context(url="/admin/"):
        Creator.objects.filter(item=people["theirs"]).update(role="author")
        kept.refresh_from_db()
        kept.biography_en = "War photographer."
        kept.save()

    done = undo_merge(merged=merged, user=admin_user)

    assert done.left_alone == 1
    assert links(people["theirs"]) == [("Chu Chí Thành", "author")]
    assert links(people["roles"]) == [
        ("Chu Chi Thanh", "photographer"),
        ("Chu Chí Thành", "author"),
    ]
    kept.refresh_from_db()
    assert (kept.biography_en, kept.variant_names) == ("War photographer.", ["Chu Chi Thanh"])


def test_a_removed_link_of_an_object_deleted_since_is_not_put_back(people, admin_user):
    merge_authorities(keep=people["kept"], merged=people["merged"], user=admin_user)
    with pghistory.context(url="/admin/"):
        people["both"].delete()

    done = undo_merge(merged=people["merged"], user=admin_user)

    assert done.left_alone == 1  # the link the merge removed from it
    assert links(people["theirs"]) == [("Chu Chi Thanh", "photographer")]


def test_merges_in_a_row_are_undone_last_first(admin_user):
    a, b, c = (PersonFactory(name=n) for n in ("Võ An Ninh", "Vo An Ninh", "Võ Anh Ninh"))
    item = ItemFactory()
    CreatorFactory(item=item, person=a)
    merge_authorities(keep=b, merged=a, user=admin_user)
    merge_authorities(keep=c, merged=b, user=admin_user)
    a.refresh_from_db()
    assert a.merged_into == c  # its address leads to the record everything is in, in one step

    with pytest.raises(MergeRefused):
        undo_merge(merged=a, user=admin_user)
    undo_merge(merged=b, user=admin_user)
    a.refresh_from_db()
    assert a.merged_into == b
    undo_merge(merged=a, user=admin_user)

    assert links(item) == [("Võ An Ninh", "photographer")]
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
    assert Person.objects.get(pk=c.pk).variant_names == []


def test_a_record_merged_undone_and_merged_again_undoes_the_latest_merge(people, admin_user):
    kept, merged = people["kept"], people["merged"]
    merge_authorities(keep=kept, merged=merged, user=admin_user)
    undo_merge(merged=merged, user=admin_user)
    merge_authorities(keep=kept, merged=merged, user=admin_user)

    undo_merge(merged=merged, user=admin_user)

    assert links(people["theirs"]) == [("Chu Chi Thanh", "photographer")]


def test_only_a_merged_record_can_be_unmerged(people, admin_user):
    with pytest.raises(MergeRefused):
        undo_merge(merged=people["kept"], user=admin_user)


def test_subjects_merge_and_undo_through_the_many_to_many_table(admin_user):
    kept, merged = SubjectFactory(name_vi="Bom B-52"), SubjectFactory(name_vi="B52")
    item, other = ItemFactory(), ItemFactory()
    item.subjects.add(kept, merged)
    other.subjects.add(merged)
    through = Item.subjects.through
    before = sorted(through.objects.values_list("id", "item_id", "subject_id"))

    merge_authorities(keep=kept, merged=merged, user=admin_user)
    undo_merge(merged=Subject.objects.get(pk=merged.pk), user=admin_user)

    assert sorted(through.objects.values_list("id", "item_id", "subject_id")) == before
    assert Subject.objects.get(pk=kept.pk).variant_names == []


def test_places_merge_and_undo(admin_user):
    kept = PlaceFactory(name_vi="Hà Nội", name_en="Hanoi")
    merged = PlaceFactory(name_vi="Ha Noi")
    link = ItemPlaceFactory(place=merged)

    merge_authorities(keep=kept, merged=merged, user=admin_user)
    undo_merge(merged=Place.objects.get(pk=merged.pk), user=admin_user)

    assert ItemPlace.objects.get().place_id == merged.pk
    assert ItemPlace.objects.get().pk == link.pk
