import pytest
from django.db import connection

from bench.site.copying import copy_rows
from collection.models import Creator, Place

pytestmark = pytest.mark.django_db


def test_fields_a_row_leaves_out_get_what_a_new_instance_would():
    with connection.cursor() as cursor:
        copy_rows(cursor, Place, [{"id": 1, "name": "Hồ Tây", "name_vi": "Hồ Tây"}])
    place = Place.objects.get()
    assert place.variant_names == []
    assert place.description == ""
    assert place.name_en is None
    assert place.created_at is not None


def test_a_field_the_model_does_not_have_is_refused():
    with pytest.raises(ValueError, match="Place has no field town"), connection.cursor() as cursor:
        copy_rows(cursor, Place, [{"id": 1, "name": "Hồ Tây", "town": "Hà Nội"}])


def test_a_required_field_without_default_must_be_given():
    with pytest.raises(ValueError, match="Creator.item"), connection.cursor() as cursor:
        copy_rows(cursor, Creator, [{"person_id": 1, "role": "maker"}])


def test_no_rows_copy_nothing():
    with connection.cursor() as cursor:
        assert copy_rows(cursor, Place, []) == 0
