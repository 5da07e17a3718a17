import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Status
from exhibitions.models import Exhibition
from tests.collection.factories import ImageFactory
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = pytest.mark.django_db


def form_data(response):
    """The change form's current values, as the browser would post them back."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def change_url(obj):
    return reverse(f"admin:exhibitions_{obj._meta.model_name}_change", args=[obj.pk])


def test_curator_reorders_the_objects_of_a_section(admin_client):
    section = SectionFactory()
    first, second, third = (ExhibitionItemFactory(section=section, position=n) for n in (1, 2, 3))
    data = form_data(admin_client.get(change_url(section)))
    # What the ordering buttons do: move the third object to the top and renumber.
    for index, position in enumerate([2, 3, 1]):
        data[f"items-{index}-position"] = position

    response = admin_client.post(change_url(section), data)

    assert response.status_code == 302, response.context["errors"]
    assert list(section.items.all()) == [third, first, second]


def test_curator_reorders_the_sections_of_an_exhibition(admin_client):
    exhibition = ExhibitionFactory()
    first, second = (SectionFactory(exhibition=exhibition, position=n) for n in (1, 2))
    data = form_data(admin_client.get(change_url(exhibition)))
    data["sections-0-position"], data["sections-1-position"] = 2, 1

    response = admin_client.post(change_url(exhibition), data)

    assert response.status_code == 302, response.context["errors"]
    assert list(exhibition.sections.all()) == [second, first]


def test_section_page_shows_thumbnails_and_the_ordering_script(admin_client):
    image = ImageFactory()
    section = ExhibitionItemFactory(item=image.item).section

    response = admin_client.get(change_url(section))

    assert image.thumbnail.url in response.text
    assert "js/admin-ordering.js" in response.text


def test_publishing_needs_the_publish_permission(client):
    exhibition = ExhibitionFactory(status=Status.DRAFT)
    editor = User.objects.create_user("editor", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_exhibition", "change_exhibition"])
    )
    client.force_login(editor)
    changelist = reverse("admin:exhibitions_exhibition_changelist")

    # Without the permission (or delete rights) the change list offers no actions at all.
    assert client.get(changelist).context["action_form"] is None
    client.post(changelist, {"action": "publish", "_selected_action": [exhibition.pk]})
    assert Exhibition.objects.get().status == Status.DRAFT
    assert 'name="status"' not in client.get(change_url(exhibition)).text


def test_publish_action_publishes_for_curators_holding_the_permission(admin_client):
    exhibition = ExhibitionFactory(status=Status.DRAFT)
    changelist = reverse("admin:exhibitions_exhibition_changelist")

    admin_client.post(changelist, {"action": "publish", "_selected_action": [exhibition.pk]})

    assert Exhibition.objects.get().status == Status.PUBLISHED


def test_english_titles_alone_are_enough_as_english_serves_both_languages(admin_client):
    exhibition = ExhibitionFactory(title="", title_vi="", title_en="Hanoi 1972")
    SectionFactory(exhibition=exhibition, title="", title_vi="", title_en="Confront")
    data = form_data(admin_client.get(change_url(exhibition)))

    response = admin_client.post(change_url(exhibition), data)

    assert response.status_code == 302, response.context["errors"]


def test_a_title_is_needed_in_at_least_one_language(admin_client):
    exhibition = ExhibitionFactory()
    data = form_data(admin_client.get(change_url(exhibition)))
    data["title_vi"] = data["title_en"] = ""

    response = admin_client.post(change_url(exhibition), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title_vi"]


def test_hero_image_autocomplete_offers_published_objects_images_only(admin_client):
    shown = ImageFactory(item__title_en="Shown photograph")
    ImageFactory(item__title_en="Draft photograph", item__status=Status.DRAFT)

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "exhibitions",
            "model_name": "exhibition",
            "field_name": "hero_image",
            "term": "photograph",
        },
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(shown.pk)]


def test_a_draft_objects_image_cannot_be_saved_as_hero(admin_client):
    exhibition = ExhibitionFactory()
    draft_image = ImageFactory(item__status=Status.DRAFT)
    data = form_data(admin_client.get(change_url(exhibition)))
    data["hero_image"] = draft_image.pk

    response = admin_client.post(change_url(exhibition), data)

    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors
    exhibition.refresh_from_db()
    assert exhibition.hero_image is None


def test_exhibition_form_lists_and_links_its_events(admin_client):
    exhibition = ExhibitionFactory()
    talk = EventFactory(title_vi="Toạ đàm tại phòng trưng bày")
    talk.exhibitions.add(exhibition)
    EventFactory(title_vi="Toạ đàm khác")

    html = admin_client.get(change_url(exhibition)).text

    assert f'<a href="{reverse("admin:events_event_change", args=[talk.pk])}">' in html
    assert "Toạ đàm tại phòng trưng bày" in html
    assert "Toạ đàm khác" not in html
    add = f"{reverse('admin:events_event_add')}?exhibitions={exhibition.pk}"
    assert f'href="{add}"' in html
    # The link opens an event form with the exhibition already chosen.
    form = admin_client.get(add).context["adminform"].form
    assert list(form.initial["exhibitions"]) == [str(exhibition.pk)]


def test_exhibition_form_lists_its_events_in_one_query_however_many(admin_client):
    exhibition = ExhibitionFactory()

    def queries_with(count):
        for _ in range(count):
            EventFactory().exhibitions.add(exhibition)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(change_url(exhibition))
        return len(queries)

    # However many events, the list costs one query (the events of this exhibition).
    assert queries_with(1) == queries_with(5)


def test_new_exhibition_form_asks_to_save_before_adding_events(admin_client):
    html = admin_client.get(reverse("admin:exhibitions_exhibition_add")).text

    # The admin speaks Vietnamese unless the curator chose English.
    assert "Hãy lưu triển lãm trước, rồi thêm các sự kiện của nó." in html


def test_section_form_fits_its_objects_labels_in_two_languages_side_by_side(admin_client):
    section = SectionFactory()
    ExhibitionItemFactory(section=section)

    html = admin_client.get(change_url(section)).text

    assert html.count('name="_continue"') == 2
    assert 'data-inline-type="stacked"' in html
    assert 'class="form-row field-label_title_vi field-label_title_en"' in html
    assert 'class="form-row field-label_text_vi field-label_text_en"' in html


def test_ordering_controls_speak_the_curators_language(admin_client):
    section = ExhibitionItemFactory().section
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    html = admin_client.get(change_url(section)).text

    assert 'data-move-up="Chuyển lên"' in html
    assert 'data-moved="Đã chuyển đến vị trí {position} trên {count}."' in html
