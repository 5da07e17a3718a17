import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from collection.models import Image, Item
from collection.search import update_search_documents
from core.models import Status
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    PersonFactory,
    PlaceFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(admin_client):
    # The admin speaks the curator's language; these tests read its English messages.
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


CHANGELIST = reverse("admin:collection_item_changelist")
ADD = reverse("admin:collection_item_add")


def item_form(**overrides):
    """The add form as a curator submits it, with empty inlines."""
    data = {
        "accession_number": "BTHN.1972.100",
        "kind": "photograph",
        "status": "draft",
        "title_vi": "Phố Khâm Thiên bị phá huỷ",
        "title_en": "Kham Thien Street was destroyed",
        "description_vi": "",
        "description_en": "",
        "date_text": "December 1972",
        "condition": "unknown",
    }
    for prefix in ("images", "creator_links", "place_links"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def with_images(data, *files):
    data = dict(data, **{"images-TOTAL_FORMS": str(len(files))})
    for index, file in enumerate(files):
        data.update(
            {
                f"images-{index}-original": file,
                f"images-{index}-alt_text_en": f"Image {index}",
                f"images-{index}-position": str(index),
            }
        )
    return data


def test_curator_adds_an_object_with_two_images(admin_client, media_root):
    data = with_images(
        item_form(),
        SimpleUploadedFile("a.jpg", image_bytes(2000, 1000), content_type="image/jpeg"),
        SimpleUploadedFile("b.png", image_bytes(300, 600, format="PNG"), content_type="image/png"),
    )

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Item.objects.get()
    assert item.accession_number == "BTHN.1972.100"
    assert item.created_by.username == "admin"
    images = list(item.images.all())
    assert [(i.width, i.height) for i in images] == [(2000, 1000), (300, 600)]
    assert [i.is_primary for i in images] == [True, False]


def bomb():
    buffer = io.BytesIO()
    PillowImage.new("1", (20000, 20000)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.png", bomb(), "pixels"),
        ("cut.jpg", image_bytes(800, 600)[:2000], "damaged"),
        ("page.jpg", b"<!doctype html><html><body>not a photo</body></html>", "not an image"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>',
            "not an image",
        ),
    ],
)
def test_bad_image_files_are_refused_with_a_clear_error_and_leave_nothing(
    admin_client, media_root, name, content, message
):
    data = with_images(item_form(), SimpleUploadedFile(name, content))

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    errors = " ".join(
        str(e) for form in response.context["inline_admin_formsets"] for e in form.formset.errors
    )
    assert message in errors.lower()
    assert not Item.objects.exists()
    assert not Image.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_search_ignores_accents_and_case(admin_client):
    street = PlaceFactory(name_vi="Khâm Thiên Street")
    hit = ItemPlaceFactory(place=street).item
    by_title = ItemFactory(title_vi="Phố Khâm Thiên", title_en="")
    by_person = CreatorFactory(person=PersonFactory(name="Chu Chí Thành")).item
    ItemFactory(title_en="Hàng Đẫy Stadium")
    # The search reads the objects' search documents, which every way of writing an object
    # keeps up to date (collection.search); factories do not.
    update_search_documents(Item.objects.all())

    for query in ("kham thien", "KHAM THIEN", "Khâm Thiên"):
        response = admin_client.get(CHANGELIST, {"q": query})
        assert set(response.context["cl"].result_list) == {hit, by_title}, query

    response = admin_client.get(CHANGELIST, {"q": "chu chi thanh"})
    assert list(response.context["cl"].result_list) == [by_person]


def test_filters_for_decade_and_images(admin_client):
    seventies = ItemFactory(date_text="December 1972")
    ImageFactory(item=seventies)
    sixties = ItemFactory(date_text="1965")

    def results(**params):
        return set(admin_client.get(CHANGELIST, params).context["cl"].result_list)

    choices = admin_client.get(CHANGELIST).content.decode()
    assert "1960s" in choices
    assert "1970s" in choices
    assert "1972s" not in choices
    assert results(decade="1970") == {seventies}
    assert results(decade="1960") == {sixties}
    assert results(has_image="yes") == {seventies}
    assert results(has_image="no") == {sixties}


def test_object_list_runs_a_constant_number_of_queries(admin_client, django_assert_num_queries):
    def build(count):
        for _ in range(count):
            ImageFactory(item=CreatorFactory().item)

    # Session, user; the names of the most linked people (the filters' choices, counted
    # once every few minutes: collection.admin_search); one count (not the total too);
    # the page of objects; their primary images; and the savepoint around the list's
    # queries (core.admin.SafeChangeList), set and released.
    expected = 8
    build(2)
    admin_client.get(CHANGELIST)
    with django_assert_num_queries(expected):
        admin_client.get(CHANGELIST)
    build(20)
    with django_assert_num_queries(expected):
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 22


def test_bulk_publish_and_unpublish(admin_client):
    drafts = [ItemFactory(draft=True) for _ in range(3)]

    admin_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [d.pk for d in drafts[:2]]}
    )

    assert Item.objects.published().count() == 2
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert list(Item.objects.published()) == [drafts[1]]
    assert Item.objects.get(pk=drafts[1].pk).status == Status.PUBLISHED


def test_two_primary_images_are_a_form_error(admin_client):
    data = with_images(
        item_form(),
        SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("b.jpg", image_bytes(), content_type="image/jpeg"),
    )
    data.update({"images-0-is_primary": "on", "images-1-is_primary": "on"})

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    assert not Item.objects.exists()
    assert "only one image as the primary" in response.content.decode()


@pytest.mark.parametrize("query", ["decade=abc", "decade=%C2%B2", "decade=" + "9" * 30])
def test_change_list_with_a_decade_no_link_offers_goes_back_to_the_whole_list(admin_client, query):
    ItemFactory(date_text="1972")

    response = admin_client.get(f"{CHANGELIST}?{query}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_change_list_filter_value_with_a_nul_character_is_a_bad_request(admin_client):
    assert admin_client.get(f"{CHANGELIST}?kind=photo%00graph").status_code == 400
    assert admin_client.get(f"{CHANGELIST}?q=a%00b").status_code == 400


def test_autocomplete_term_with_a_nul_character_is_a_bad_request(admin_client):
    query = "app_label=exhibitions&model_name=exhibition&field_name=hero_image&term=a%00"
    response = admin_client.generic("GET", f"{reverse('admin:autocomplete')}?{query}")

    assert response.status_code == 400


def test_object_form_is_laid_out_as_cataloguers_work(admin_client):
    item = ItemFactory()
    ImageFactory(item=item)
    CreatorFactory(item=item)

    html = admin_client.get(reverse("admin:collection_item_change", args=[item.pk])).text

    # Save buttons above the first fieldset as well as below the last.
    assert html.count('name="_continue"') == 2
    assert html.index('name="_continue"') < html.index(">Identification</h2>")
    # Every inline is drawn once, each where it belongs among the fieldsets.
    landmarks = [
        ">Identification</h2>",
        ">Title and description</h2>",
        'id="creator_links-group"',
        'id="place_links-group"',
        ">Subjects</h2>",
        'id="images-group"',
        ">Rights, credit and provenance</h2>",
        ">Physical description</h2>",
        ">Location and condition</h2>",
        ">For staff only</h2>",
    ]
    assert all(html.count(landmark) == 1 for landmark in landmarks)
    assert [html.index(landmark) for landmark in landmarks] == sorted(
        html.index(landmark) for landmark in landmarks
    )
    # Each language of the title and description beside the other, in one row.
    assert 'class="form-row field-title_vi field-title_en"' in html
    assert 'class="form-row field-description_vi field-description_en"' in html


def test_object_form_inlines_name_their_inputs_for_screen_readers(admin_client):
    item = ItemFactory()
    CreatorFactory(item=item)

    response = admin_client.get(reverse("admin:collection_item_change", args=[item.pk]))

    creators = response.context["inline_admin_formsets"][1].formset
    fields = creators.forms[0].fields
    labels = {name: str(fields[name].widget.attrs["aria-label"]) for name in fields}
    assert creators.prefix == "creator_links"
    assert labels["role"] == "Role"
    assert labels["position"] == "Position"
    assert labels["DELETE"] == "Delete"
    assert 'aria-label="Role"' in response.text


def test_object_form_saved_from_the_new_layout_keeps_every_field(admin_client):
    data = item_form(
        title_vi="Phố Khâm Thiên",
        title_en="Kham Thien Street",
        description_vi="Mô tả",
        description_en="Description",
        medium="Gelatin silver print",
        dimensions="24 × 30 cm",
        credit_line="Gift of the photographer",
        rights="CC BY 4.0",
        acquisition_method="gift",
        current_location="Store B, shelf 4",
        condition="good",
        internal_notes="Check the frame.",
    )

    response = admin_client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = Item.objects.get()
    assert (item.title_vi, item.title_en, item.description_en) == (
        "Phố Khâm Thiên",
        "Kham Thien Street",
        "Description",
    )
    assert (item.medium, item.rights, item.current_location, item.internal_notes) == (
        "Gelatin silver print",
        "CC BY 4.0",
        "Store B, shelf 4",
        "Check the frame.",
    )


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1"])
def test_an_impossible_autocomplete_value_is_a_form_error_not_a_server_error(admin_client, value):
    data = item_form(
        **{
            "creator_links-TOTAL_FORMS": "1",
            "creator_links-0-person": value,
            "creator_links-0-role": "photographer",
            "place_links-TOTAL_FORMS": "1",
            "place_links-0-place": value,
            "subjects": [value],
        }
    )

    response = admin_client.post(ADD, data)

    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors or response.context["errors"]
    assert not Item.objects.exists()
