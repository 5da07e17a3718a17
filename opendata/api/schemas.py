"""The shapes the API answers with, as the OpenAPI schema documents them.

Texts written in both languages are language maps, ``{"vi": ..., "en": ...}``, each the
text as catalogued in that language, null when it was left empty (the site then shows
the other language in its place). Addresses are absolute; ``permalink`` is the public
page, in each language.

Plain pydantic models rather than django-ninja's ``Schema``: the views hand over dicts,
which pydantic checks in its compiled core; ``Schema`` reads each field through Python
to reach model attributes, which the API never needs.
"""

import datetime
from typing import Literal

from pydantic import BaseModel, Field

from collection.dates import Precision
from collection.models import CreatorRole, Kind, PlaceRelation
from events.models import Kind as EventKind


class LanguageMap(BaseModel):
    vi: str | None = Field(description="Vietnamese, null when not written")
    en: str | None = Field(description="English, null when not written")


class Page(BaseModel):
    next: str | None = Field(
        description="The address of the next page, null on the last one. Follow it as it is."
    )


class Picture(BaseModel):
    url: str
    width: int
    height: int


class Thumbnail(Picture):
    alt_text: LanguageMap


class ImageOut(BaseModel):
    id: int
    is_primary: bool
    caption: LanguageMap
    alt_text: LanguageMap
    credit: str
    thumbnail: Picture = Field(description="At most 400 pixels on the longer side (WebP)")
    display: Picture = Field(description="At most 1,600 pixels on the longer side (WebP)")


class ObjectDate(BaseModel):
    text: str = Field(description="As catalogued")
    earliest: datetime.date | None
    latest: datetime.date | None
    approximate: bool


class ObjectSummary(BaseModel):
    id: int = Field(description="The object's number in the API and in its permalink")
    accession_number: str
    kind: Literal[tuple(Kind.values)]
    kind_label: LanguageMap
    title: LanguageMap
    date: ObjectDate
    thumbnail: Thumbnail | None = Field(description="Of the primary image, if any")
    updated_at: datetime.datetime
    url: str
    permalink: LanguageMap


class ObjectPage(Page):
    results: list[ObjectSummary]


class AuthorityRef(BaseModel):
    id: int
    name: LanguageMap
    url: str


class CreatorOut(BaseModel):
    person: AuthorityRef
    role: Literal[tuple(CreatorRole.values)]
    role_label: LanguageMap


class PlaceLinkOut(BaseModel):
    place: AuthorityRef
    relation: Literal[tuple(PlaceRelation.values)]
    relation_label: LanguageMap


class ObjectDateDetail(ObjectDate):
    display: LanguageMap = Field(description="As the site writes it in each language")
    iso: str = Field(
        description='ISO 8601 at the precision known: "1972-12", "1972-12-18/1972-12-29"'
    )


class ObjectDetail(ObjectSummary):
    date: ObjectDateDetail
    description: LanguageMap
    creators: list[CreatorOut]
    places: list[PlaceLinkOut]
    subjects: list[AuthorityRef]
    medium: str
    dimensions: str
    inscription: str
    credit_line: str
    rights: str
    images: list[ImageOut] = Field(description="In order, those with web copies")
    iiif_manifest: str = Field(description="IIIF Presentation 3.0 manifest")


class PersonOut(BaseModel):
    id: int
    name: LanguageMap = Field(description="One name for both languages")
    birth_year: int | None
    death_year: int | None
    biography: LanguageMap
    url: str
    permalink: LanguageMap
    objects: str = Field(description="The published objects of this person, in the API")


class PlaceOut(BaseModel):
    id: int
    name: LanguageMap
    description: LanguageMap
    latitude: float | None
    longitude: float | None
    url: str
    permalink: LanguageMap
    objects: str = Field(description="The published objects of this place, in the API")


class SubjectOut(BaseModel):
    id: int
    name: LanguageMap
    description: LanguageMap
    url: str
    permalink: LanguageMap
    objects: str = Field(description="The published objects of this subject, in the API")


class Counted(BaseModel):
    objects_count: int = Field(description="How many published objects point to this record")


class PersonDetail(PersonOut, Counted):
    pass


class PlaceDetail(PlaceOut, Counted):
    pass


class SubjectDetail(SubjectOut, Counted):
    pass


class PersonPage(Page):
    results: list[PersonOut]


class PlacePage(Page):
    results: list[PlaceOut]


class SubjectPage(Page):
    results: list[SubjectOut]


class Period(BaseModel):
    """A day, month or year: "December 2022" is 2022-12-01 to 2022-12-31, month."""

    earliest: datetime.date
    latest: datetime.date
    precision: Literal[tuple(Precision.values)]


class ExhibitionSummary(BaseModel):
    slug: str
    title: LanguageMap
    subtitle: LanguageMap
    venue: LanguageMap
    opening: Period | None
    closing: Period | None
    is_permanent: bool
    hero_image: Thumbnail | None
    updated_at: datetime.datetime
    url: str
    permalink: LanguageMap
    iiif_manifest: str


class ExhibitionPage(Page):
    results: list[ExhibitionSummary]


class Label(BaseModel):
    title: LanguageMap = Field(description="The label's title, null where the object's is used")
    text: LanguageMap = Field(description="The label written for this exhibition")


class ExhibitedObject(BaseModel):
    position: int
    label: Label
    object: ObjectSummary


class SectionOut(BaseModel):
    slug: str
    title: LanguageMap
    introduction: LanguageMap
    permalink: LanguageMap
    items: list[ExhibitedObject] = Field(description="In order; published objects only")


class ExhibitionDetail(ExhibitionSummary):
    organisers: LanguageMap
    introduction: LanguageMap
    credits: LanguageMap
    sections: list[SectionOut] = Field(description="In order")


class ExhibitionRef(BaseModel):
    slug: str
    title: LanguageMap
    url: str


class EventSummary(BaseModel):
    slug: str
    title: LanguageMap
    kind: Literal[tuple(EventKind.values)]
    kind_label: LanguageMap
    starts_at: datetime.datetime = Field(description="In the event's time zone")
    ends_at: datetime.datetime
    time_zone: str
    is_all_day: bool
    date_precision: Literal[tuple(Precision.values)]
    venue: LanguageMap
    organisers: LanguageMap
    exhibitions: list[ExhibitionRef] = Field(description="Published ones")
    updated_at: datetime.datetime
    url: str
    permalink: LanguageMap
    calendar: str | None = Field(description="iCalendar file, for events dated to the day")


class EventPage(Page):
    results: list[EventSummary]


class EventDetail(EventSummary):
    description: LanguageMap
    participants: int | None


class Index(BaseModel):
    objects: str
    people: str
    places: str
    subjects: str
    exhibitions: str
    events: str
    openapi: str
    docs: str
