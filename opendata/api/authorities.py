"""People, places and subjects: those that at least one published object points to, as
on the site (a name known only from drafts is not shown), each with a link to its
objects in the API and, on its own, how many there are."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from ninja import Path, Query, Router

from collection.models import Creator, Item, ItemPlace, Person, Place, Subject
from collection.search import with_published_items
from opendata.api.errors import Error
from opendata.api.pagination import MAX_ID, Key, Order, PageQuery, keyset_page
from opendata.api.schemas import (
    PersonDetail,
    PersonPage,
    PlaceDetail,
    PlacePage,
    SubjectDetail,
    SubjectPage,
)
from opendata.api.shaping import Links, language_map, same_in_both

router = Router(tags=["people, places and subjects"])

BY_ID = Order("id", (Key("pk"),))
LIST_ERRORS = {400: Error, 429: Error}
DETAIL_ERRORS = {400: Error, 404: Error, 429: Error}


def objects_link(links, name, record):
    return f"{links.api('object-list')}?{name}={record.pk}"


def common(record, links, name, page):
    return {
        "id": record.pk,
        "url": links.address(f"api-v1:{name}-detail", record.pk),
        "permalink": links.permalink(f"collection:{page}-detail", record.pk),
        "objects": objects_link(links, name, record),
    }


def person_out(person, links):
    return common(person, links, "person", "person") | {
        "name": same_in_both(person.name),
        "birth_year": person.birth_year,
        "death_year": person.death_year,
        "biography": language_map(person, "biography"),
    }


def place_out(place, links):
    return common(place, links, "place", "place") | {
        "name": language_map(place, "name"),
        "description": language_map(place, "description"),
        "latitude": float(place.latitude) if place.latitude is not None else None,
        "longitude": float(place.longitude) if place.longitude is not None else None,
    }


def subject_out(subject, links):
    return common(subject, links, "subject", "subject") | {
        "name": language_map(subject, "name"),
        "description": language_map(subject, "description"),
    }


# For each kind of record: the Item field that points to it, the objects that point to one
# (the condition of its page on the site, collection.views), and its output.
KINDS = {
    "person": (
        Person,
        "creators",
        lambda pk: Exists(Creator.objects.filter(item=OuterRef("pk"), person=pk)),
        person_out,
    ),
    "place": (
        Place,
        "places",
        lambda pk: Exists(ItemPlace.objects.filter(item=OuterRef("pk"), place=pk)),
        place_out,
    ),
    "subject": (
        Subject,
        "subjects",
        lambda pk: Exists(Item.subjects.through.objects.filter(item=OuterRef("pk"), subject=pk)),
        subject_out,
    ),
}


def published_records(name):
    model, relation, _condition, _out = KINDS[name]
    return with_published_items(model.objects.all(), relation)


def record_page(request, name, resource, params):
    links = Links(request)
    output = KINDS[name][3]
    rows, following = keyset_page(request, links, resource, published_records(name), BY_ID, params)
    return {"results": [output(record, links) for record in rows], "next": following}


def record_detail(request, name, pk):
    links = Links(request)
    record = published_records(name).filter(pk=pk).first()
    if record is None:
        raise Http404
    condition, output = KINDS[name][2], KINDS[name][3]
    count = Item.objects.published().filter(condition(record.pk)).count()
    return output(record, links) | {"objects_count": count}


def list_route(path, schema, operation_id, url_name, summary):
    return router.get(
        path,
        response={200: schema, **LIST_ERRORS},
        operation_id=operation_id,
        url_name=url_name,
        summary=summary,
    )


def detail_route(path, schema, operation_id, url_name, summary):
    return router.get(
        path,
        response={200: schema, **DETAIL_ERRORS},
        operation_id=operation_id,
        url_name=url_name,
        summary=summary,
    )


@list_route("/people", PersonPage, "listPeople", "person-list", "People")
def list_people(request, params: Query[PageQuery]):
    """People with at least one published object, by id."""
    return record_page(request, "person", "people", params)


@detail_route("/people/{int:id}", PersonDetail, "getPerson", "person-detail", "A person")
def get_person(request, id: int = Path(..., ge=1, le=MAX_ID)):
    """A person with at least one published object, and how many."""
    return record_detail(request, "person", id)


@list_route("/places", PlacePage, "listPlaces", "place-list", "Places")
def list_places(request, params: Query[PageQuery]):
    """Places with at least one published object, by id."""
    return record_page(request, "place", "places", params)


@detail_route("/places/{int:id}", PlaceDetail, "getPlace", "place-detail", "A place")
def get_place(request, id: int = Path(..., ge=1, le=MAX_ID)):
    """A place with at least one published object, and how many."""
    return record_detail(request, "place", id)


@list_route("/subjects", SubjectPage, "listSubjects", "subject-list", "Subjects")
def list_subjects(request, params: Query[PageQuery]):
    """Subjects with at least one published object, by id."""
    return record_page(request, "subject", "subjects", params)


@detail_route("/subjects/{int:id}", SubjectDetail, "getSubject", "subject-detail", "A subject")
def get_subject(request, id: int = Path(..., ge=1, le=MAX_ID)):
    """A subject with at least one published object, and how many."""
    return record_detail(request, "subject", id)
