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

from collection.dates import span_of
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
from museum import demo, demo_events
from museum.models import Museum

PLACEHOLDER_SIZE = (1600, 1067)
EVENT_TIME_ZONE = "Asia/Ho_Chi_Minh"  # every demo event took place in Hanoi
LANGUAGES = ("vi", "en")


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
        events = len(demo_events.EVENTS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo museum ready: {len(items)} objects, 1 exhibition, {events} events."
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


def translations(field, texts):
    """``{"title": {"en": ..., "vi": ...}}`` as the model's columns, ``title_en``..."""
    return {f"{field}_{code}": texts.get(code, "") for code in LANGUAGES}


def load_demo():
    load_identity()
    places = {
        key: upsert(
            Place,
            {"name_vi": name_vi},
            {
                "name_en": name_en,
                "variant_names": [source_spelling],
                **translations("description", demo.PLACE_DESCRIPTIONS.get(key, {})),
            },
        )
        for key, (name_vi, name_en, source_spelling) in demo.PLACES.items()
    }
    people = {
        name: upsert(
            Person,
            {"name": name},
            {"variant_names": [spelling], **translations("biography", biography)},
        )
        for name, (spelling, biography) in demo.PEOPLE.items()
    }
    items = [
        load_photograph(demo.accession_number(index), entry, places, people)
        for index, entry in enumerate(demo.PHOTOGRAPHS)
    ]
    remove_objects_no_longer_in_the_demo(items)
    exhibition = load_exhibition(items)
    load_events(exhibition)
    return items


def load_identity():
    """The demo museum's name; the articles give no address, hours or contact."""
    museum = Museum.load()
    values = {**translations("name", demo.MUSEUM["name"])}
    values |= translations("short_name", demo.MUSEUM["name"])
    if any(getattr(museum, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(museum, name, value)
        museum.full_clean()
        museum.save()


def load_photograph(number, entry, places, people):
    item = upsert(
        Item,
        {"accession_number": number},
        {
            "kind": Kind.PHOTOGRAPH,
            "status": Status.PUBLISHED,
            **translations("title", entry["title"]),
            **translations(
                "description", demo.both(entry["description"], entry["placeholder_note"])
            ),
            "date_text": entry["date_text"],
            # The credit is told in the description, in both languages.
            "credit_line": "",
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
    for position in range(entry["images"]):
        load_image(item, number, entry, position)
    # Images an earlier version of the demo had beyond these.
    for image in item.images.filter(position__gte=entry["images"]):
        image.delete()
    return item


def load_image(item, number, entry, position):
    caption = demo.image_caption(entry, position + 1)
    of = f" {position + 1}/{entry['images']}" if entry["images"] > 1 else ""
    title = entry["title"]
    values = {
        "is_primary": position == 0,
        **translations("caption", caption),
        "alt_text_en": (
            f"Placeholder image{of}: a plain muted gradient with the words “Placeholder” and "
            f"“{number}”, standing in for the photograph “{title['en']}”."
        ),
        "alt_text_vi": (
            f"Ảnh giữ chỗ{of}: nền chuyển màu trầm với chữ “Placeholder” và “{number}”, "
            f"thay cho bức ảnh “{title['vi']}”."
        ),
        # Said in the object's description, in both languages.
        "credit": "",
    }
    image = item.images.filter(position=position).first()
    if image is None:
        Image.objects.create(
            item=item, position=position, original=placeholder_file(number, of), **values
        )
    elif any(getattr(image, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(image, name, value)
        image.save()


def remove_objects_no_longer_in_the_demo(items):
    """An earlier version of the demo had one object per press-conference photograph:
    the demo's own objects beyond today's are removed, with their places in sections."""
    stale = Item.objects.filter(accession_number__startswith="DEMO.1972.").exclude(
        pk__in=[item.pk for item in items]
    )
    ExhibitionItem.objects.filter(item__in=stale).delete()
    for item in stale:
        item.delete()


def load_exhibition(items):
    exhibition = upsert(
        Exhibition,
        {"slug": demo.EXHIBITION_SLUG},
        {
            **{
                name: value
                for field in ("title", "subtitle", "venue", "organisers")
                for name, value in translations(field, demo.EXHIBITION[field]).items()
            },
            **translations("introduction", demo.both(*demo.EXHIBITION_INTRODUCTION)),
            **translations("credits", demo.EXHIBITION_CREDITS),
            "opens_on": demo.EXHIBITION["opens_on"],
            "opens_precision": demo.EXHIBITION["opens_precision"],
            "closes_on": None,
            "is_permanent": False,
            "status": Status.PUBLISHED,
            "hero_image": items[0].primary_image,
        },
    )
    sections = {
        slug: upsert(
            Section,
            {"exhibition": exhibition, "slug": slug},
            {
                **translations("title", title),
                **translations("introduction", introduction),
                "position": position,
            },
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
    for entry in demo_events.EVENTS:
        period = span_of(entry["day"], entry["precision"])
        starts_at, ends_at = all_day_span(period.earliest, period.latest, EVENT_TIME_ZONE)
        event = upsert(
            Event,
            {"slug": entry["slug"]},
            {
                **{
                    name: value
                    for field in ("title", "venue", "organisers", "description")
                    for name, value in translations(field, entry.get(field, {})).items()
                },
                "kind": entry["kind"],
                "starts_at": starts_at,
                "ends_at": ends_at,
                "time_zone": EVENT_TIME_ZONE,
                "is_all_day": True,
                "date_precision": entry["precision"],
                # "Nearly 700 delegates" is told in the description, not as a count.
                "participants": None,
                "status": Status.PUBLISHED,
            },
        )
        if entry["exhibition"]:
            event.exhibitions.add(exhibition)


def placeholder_file(number, of=""):
    """A muted gradient saying "Placeholder", the accession number and, for one of several
    photographs, which: no photograph ships."""
    gradient = PillowImage.linear_gradient("L").resize(PLACEHOLDER_SIZE)
    image = ImageOps.colorize(gradient, black="#55584f", white="#c2bcaa")
    draw = ImageDraw.Draw(image)
    draw.text((100, 380), "Placeholder", fill="#f6f3ec", font=ImageFont.load_default(size=150))
    draw.text((104, 580), f"{number}{of}", fill="#f6f3ec", font=ImageFont.load_default(size=90))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80)
    suffix = of.strip().replace("/", "-of-")
    return ContentFile(buffer.getvalue(), name=f"{number}{'-' + suffix if suffix else ''}.jpg")
