"""Build the demo museum from the facts in museum/demo.py.

Every record is found by its natural key (accession number, slug, name) and only saved
when something differs, so a second run changes nothing, not even ``updated_at``.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont, ImageOps

from collection.models import (
    Creator,
    CreatorRole,
    Image,
    Item,
    ItemPlace,
    Kind,
    Person,
    Place,
    PlaceRelation,
)
from collection.search import update_search_documents
from core.cache import invalidate_public_pages
from core.models import Status
from events.models import Event, all_day_span
from exhibitions.models import Exhibition, ExhibitionItem, Section
from museum import demo

PLACEHOLDER_SIZE = (1600, 1067)
EVENT_TIME_ZONE = "Asia/Ho_Chi_Minh"  # every demo event took place in Hanoi


class Command(BaseCommand):
    help = (
        "Load the demo museum: the exhibition “Hanoi 1972 – Aspiration for Peace”, its "
        "photographs, places, people and events. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds any object or exhibition.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and (Item.objects.exists() or Exhibition.objects.exists()):
            self.stdout.write("The database already holds a collection: demo not loaded.")
            return
        with transaction.atomic():
            items = load_demo()
        update_search_documents(Item.objects.filter(pk__in=[item.pk for item in items]))
        invalidate_public_pages()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo museum ready: {len(items)} objects, 1 exhibition, {len(demo.EVENTS)} events."
            )
        )


def upsert(model, lookup, values=None):
    """The record matching ``lookup``, created or updated to ``values``; saved only when
    something differs."""
    values = values or {}
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values)
    elif all(getattr(record, name) == value for name, value in values.items()):
        return record
    else:
        for name, value in values.items():
            setattr(record, name, value)
    record.full_clean()
    record.save()
    return record


def load_demo():
    places = {
        key: upsert(
            Place,
            {"name_vi": name_vi},
            {
                "name_en": name_en,
                "variant_names": [source_spelling],
                "description_en": demo.PLACE_DESCRIPTIONS.get(key, ""),
            },
        )
        for key, (name_vi, name_en, source_spelling) in demo.PLACES.items()
    }
    people = {
        name: upsert(Person, {"name": name}, {"variant_names": [spelling], "biography_en": bio})
        for name, (spelling, bio) in demo.PEOPLE.items()
    }
    items = [
        load_photograph(demo.accession_number(index), entry, places, people)
        for index, entry in enumerate(demo.PHOTOGRAPHS)
    ]
    exhibition = load_exhibition(items)
    load_events(exhibition)
    return items


def load_photograph(number, entry, places, people):
    item = upsert(
        Item,
        {"accession_number": number},
        {
            "kind": Kind.PHOTOGRAPH,
            "status": Status.PUBLISHED,
            "title_en": entry["title"],
            "date_text": entry["date_text"],
            "credit_line": entry["credit_line"],
        },
    )
    if entry["photographer"]:
        upsert(
            Creator,
            {
                "item": item,
                "person": people[entry["photographer"]],
                "role": CreatorRole.PHOTOGRAPHER,
            },
        )
    for key in entry["places"]:
        upsert(ItemPlace, {"item": item, "place": places[key], "relation": PlaceRelation.DEPICTED})
    if not item.images.exists():
        Image.objects.create(
            item=item,
            original=placeholder_file(number),
            is_primary=True,
            caption_en=entry["caption"],
            alt_text_en=(
                f"Placeholder image: a plain muted gradient with the words “Placeholder” and "
                f"“{number}”, standing in for the photograph “{entry['title']}”."
            ),
            credit=entry["placeholder_credit"],
        )
    return item


def load_exhibition(items):
    exhibition = upsert(
        Exhibition,
        {"slug": demo.EXHIBITION_SLUG},
        {
            **demo.EXHIBITION,
            "introduction_en": "\n\n".join(demo.EXHIBITION_INTRODUCTION),
            "status": Status.PUBLISHED,
            "hero_image": items[0].primary_image,
        },
    )
    sections = {
        slug: upsert(
            Section,
            {"exhibition": exhibition, "slug": slug},
            {"title_en": title, "introduction_en": introduction, "position": position},
        )
        for position, (slug, (title, introduction)) in enumerate(demo.SECTIONS.items(), 1)
    }
    positions = dict.fromkeys(sections, 0)
    for item, entry in zip(items, demo.PHOTOGRAPHS, strict=True):
        positions[entry["section"]] += 1
        upsert(
            ExhibitionItem,
            {"section": sections[entry["section"]], "item": item},
            {"position": positions[entry["section"]]},
        )
    return exhibition


def load_events(exhibition):
    for entry in demo.EVENTS:
        starts_at, ends_at = all_day_span(entry["first_day"], entry["last_day"], EVENT_TIME_ZONE)
        fields = ("title_en", "venue_en", "venue_vi", "organisers_en", "organisers_vi")
        event = upsert(
            Event,
            {"slug": entry["slug"]},
            {
                **{name: entry.get(name, "") for name in fields},
                "kind": entry["kind"],
                "description_en": entry["description_en"],
                "starts_at": starts_at,
                "ends_at": ends_at,
                "time_zone": EVENT_TIME_ZONE,
                "is_all_day": True,
                "participants": entry["participants"],
                "status": Status.PUBLISHED,
            },
        )
        if entry["exhibition"]:
            event.exhibitions.add(exhibition)


def placeholder_file(number):
    """A muted gradient saying "Placeholder" and the accession number: no photograph ships."""
    gradient = PillowImage.linear_gradient("L").resize(PLACEHOLDER_SIZE)
    image = ImageOps.colorize(gradient, black="#55584f", white="#c2bcaa")
    draw = ImageDraw.Draw(image)
    draw.text((100, 380), "Placeholder", fill="#f6f3ec", font=ImageFont.load_default(size=150))
    draw.text((104, 580), number, fill="#f6f3ec", font=ImageFont.load_default(size=90))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"{number}.jpg")
