"""The collection the site benchmark serves, written with COPY into a migrated database.

N published objects and a few hundred drafts, 2,000 people, 500 places, 200 subjects and
their links, an image row for 30% of the objects (six real files with real derivatives,
shared by all the rows) and one published exhibition of three sections and sixty objects.
The random generator is seeded: a run writes the same collection as the last.
"""

import datetime
import random

from bench.site.copying import copy_rows, reset_sequences
from bench.site.words import (
    FAMILY,
    GIVEN,
    MEDIA,
    MIDDLE,
    OPENINGS,
    PLACE_KINDS,
    REAL_PLACES,
    SENTENCES,
    SUBJECT_QUALIFIERS,
    SUBJECTS,
    SYLLABLES,
    TITLES,
    TONES,
    fold,
)
from collection.models import Creator, Image, Item, ItemPlace, Person, Place, Subject
from exhibitions.models import Exhibition, ExhibitionItem, Section

EXHIBITION_SLUG = "bench-hanoi-1972"
IMAGE_FILES = 6
MUSEUM = "Bảo tàng Hà Nội"


def generate(cursor, objects, media_root):
    """Write the collection through ``cursor`` (the caller commits); return what was
    made, for the pages to request."""
    rng = random.Random(1972)
    people, places, subjects = authorities(rng)
    files = make_image_files(media_root)
    drafts = max(300, objects // 300)
    # The sixteen real places get about a tenth of the place links; the rest spread evenly.
    place_weights = [4 if i < len(REAL_PLACES) else 1 for i in range(len(places))]
    copy_rows(
        cursor,
        Person,
        (
            {
                "id": i,
                "name": name,
                "variant_names": [fold(name)],
                "biography_vi": "",
                "birth_year": rng.randint(1900, 1960),
            }
            for i, name in enumerate(people, 1)
        ),
    )
    copy_rows(
        cursor,
        Place,
        (
            {"id": i, "name": vi, "name_vi": vi, "name_en": en, "variant_names": [fold(vi)]}
            for i, (vi, en) in enumerate(places, 1)
        ),
    )
    copy_rows(
        cursor,
        Subject,
        (
            {"id": i, "name": vi, "name_vi": vi, "name_en": en}
            for i, (vi, en) in enumerate(subjects, 1)
        ),
    )

    links = {"creators": [], "places": [], "subjects": [], "images": []}

    def items():
        for pk in range(1, objects + drafts + 1):
            kind = rng.choices(["photograph", "artifact", "document"], [5, 3, 2])[0]
            place = rng.choices(range(len(places)), place_weights)[0]
            person = 0 if rng.random() < 0.02 else rng.randrange(len(people))
            links["places"].append({"item_id": pk, "place_id": place + 1, "relation": "depicted"})
            if rng.random() < 0.3:
                other = rng.randrange(len(places))
                if other != place:
                    links["places"].append(
                        {"item_id": pk, "place_id": other + 1, "relation": "made"}
                    )
            role = "photographer" if kind == "photograph" else "maker"
            links["creators"].append(
                {"item_id": pk, "person_id": person + 1, "role": role, "position": 0}
            )
            if rng.random() < 0.4:
                donor = rng.randrange(len(people))
                if donor != person:
                    links["creators"].append(
                        {"item_id": pk, "person_id": donor + 1, "role": "donor", "position": 1}
                    )
            for subject in rng.sample(range(len(subjects)), rng.randint(1, 3)):
                links["subjects"].append({"item_id": pk, "subject_id": subject + 1})
            row = item_row(rng, pk, kind, places[place], people[person], objects)
            if rng.random() < 0.3:
                links["images"].append((pk, row["title_vi"], row["title_en"]))
            yield row

    copy_rows(cursor, Item, items())
    copy_rows(cursor, Creator, links["creators"])
    copy_rows(cursor, ItemPlace, links["places"])
    copy_rows(cursor, Item.subjects.through, links["subjects"])
    copy_rows(
        cursor,
        Image,
        (
            image_row(number, pk, title_vi, title_en, files[pk % len(files)])
            for number, (pk, title_vi, title_en) in enumerate(links["images"], 1)
        ),
    )
    shown = [pk for pk, _, _ in links["images"] if pk <= objects][:60]
    exhibition_items = make_exhibition(cursor, shown, hero_image_id=1 if links["images"] else None)
    reset_sequences(
        cursor,
        [Person, Place, Subject, Item, Creator, ItemPlace, Item.subjects.through, Image]
        + [Exhibition, Section, ExhibitionItem],
    )
    return {
        "published_objects": objects,
        "draft_objects": drafts,
        "people": len(people),
        "places": len(places),
        "subjects": len(subjects),
        "creator_links": len(links["creators"]),
        "place_links": len(links["places"]),
        "subject_links": len(links["subjects"]),
        "images": len(links["images"]),
        "exhibition_items": exhibition_items,
        "exhibition_slug": EXHIBITION_SLUG,
    }


def authorities(rng):
    """(people, (place vi, en), (subject vi, en)): 2,000, 500 and 200 of them."""
    people = ["Chu Chí Thành"]
    while len(people) < 2000:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name not in people:
            people.append(name)
    places = list(REAL_PLACES)
    seen = {vi for vi, _ in places}
    while len(places) < 500:
        kind_vi, kind_en = rng.choice(PLACE_KINDS)
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if f"{kind_vi} {name}" not in seen:
            seen.add(f"{kind_vi} {name}")
            places.append((f"{kind_vi} {name}", kind_en.format(name)))
    subjects = list(SUBJECTS)
    subjects += [
        (f"{vi} – {qvi}", f"{en} – {qen}") for vi, en in SUBJECTS for qvi, qen in SUBJECT_QUALIFIERS
    ]
    return people, places, subjects[:200]


def item_row(rng, pk, kind, place, person, published):
    place_vi, place_en = place
    # December 1972 is the heart of the collection; the rest spreads over 1945-1990.
    year = 1972 if rng.random() < 0.15 else rng.randint(1945, 1990)
    month = rng.randint(1, 12)
    if rng.random() < 0.5:
        date_text, earliest = str(year), datetime.date(year, 1, 1)
        latest = datetime.date(year, 12, 31)
        when_vi, when_en = f"năm {year}", f"in {year}"
    else:
        day = rng.randint(1, 28)
        date_text = f"{day:02d}/{month:02d}/{year}"
        earliest = latest = datetime.date(year, month, day)
        when_vi, when_en = f"ngày {day} tháng {month} năm {year}", f"on {day}/{month}/{year}"
    title_vi, title_en = rng.choice(TITLES[kind])
    if rng.random() < 0.0002 * 100_000 / published:  # about twenty coracles
        title_vi, title_en = "Thuyền thúng", "Coracle"
    title_vi, title_en = f"{title_vi} ở {place_vi}", f"{title_en} at {place_en}"
    if rng.random() < 0.5:
        title_vi, title_en = f"{title_vi}, {year}", f"{title_en}, {year}"
    tone_vi, tone_en = rng.choice(TONES)
    slots = {
        "place_vi": place_vi,
        "place_en": place_en,
        "when_vi": when_vi,
        "when_en": when_en,
        "tone_vi": tone_vi,
        "tone_en": tone_en,
        "person": person,
        "year": year,
        "later": rng.randint(1975, 2022),
    }
    opening_vi, opening_en = OPENINGS[kind]
    chosen = rng.sample(SENTENCES, rng.randint(1, 3))
    description_vi = " ".join([opening_vi, *(vi for vi, _ in chosen)]).format(**slots)
    description_en = " ".join([opening_en, *(en for _, en in chosen)]).format(**slots)
    # The fields not given (inscription, provenance, rights, notes...) stay empty.
    return {
        "id": pk,
        "status": "published" if pk <= published else "draft",
        "accession_number": f"BTHN.{year}.{pk:06d}",
        "kind": kind,
        "title": title_vi,
        "title_vi": title_vi,
        "title_en": title_en,
        "description": description_vi,
        "description_vi": description_vi,
        "description_en": description_en,
        "date_text": date_text,
        "date_earliest": earliest,
        "date_latest": latest,
        "medium": rng.choice(MEDIA),
        "dimensions": f"{rng.randint(10, 60)} × {rng.randint(10, 60)} cm",
        "credit_line": MUSEUM,
        "acquisition_method": rng.choice(["gift", "purchase", "transfer", "unknown"]),
        "acquisition_source": person,
        "current_location": f"Kho {rng.randint(1, 9)}",
        "condition": rng.choice(["good", "fair", "unknown"]),
    }


def image_row(pk, item_id, title_vi, title_en, files):
    alt_vi = f"Ảnh: {title_vi}"
    return {
        "id": pk,
        "item_id": item_id,
        **files,
        "caption": title_vi,
        "caption_vi": title_vi,
        "caption_en": title_en,
        "alt_text": alt_vi,
        "alt_text_vi": alt_vi,
        "alt_text_en": f"Image: {title_en}",
        "credit": MUSEUM,
        "position": 0,
        "is_primary": True,
    }


def make_image_files(media_root):
    """A few real images with real derivatives, which thousands of rows point to: for
    each, the image fields of its rows (files and sizes)."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw, ImageOps

    (media_root / "originals").mkdir(parents=True)
    (media_root / "derivatives").mkdir()
    made = []
    for number in range(IMAGE_FILES):
        gradient = PillowImage.linear_gradient("L").resize((1200, 900))
        image = ImageOps.colorize(gradient, black=f"#{40 + 20 * number:02x}5850", white="#c2bcaa")
        ImageDraw.Draw(image).rectangle((100 + 60 * number, 200, 700, 600), fill="#3a3a36")
        fields = {"original": f"originals/bench-{number}.jpg"}
        image.save(media_root / fields["original"], quality=85)
        fields.update(width=image.width, height=image.height)
        for name, side in (("display", 1600), ("thumbnail", 400)):
            derivative = image.copy()
            derivative.thumbnail((side, side))
            fields[name] = f"derivatives/bench-{number}-{name}.webp"
            derivative.save(media_root / fields[name], quality=82)
            fields.update({f"{name}_width": derivative.width, f"{name}_height": derivative.height})
        made.append(fields)
    return made


def make_exhibition(cursor, shown, hero_image_id):
    """One published exhibition of three sections of twenty of the ``shown`` objects,
    with labels; return how many objects it shows."""
    copy_rows(
        cursor,
        Exhibition,
        [
            {
                "id": 1,
                "status": "published",
                "title": "Hà Nội 1972 – Khát vọng hòa bình",
                "title_vi": "Hà Nội 1972 – Khát vọng hòa bình",
                "title_en": "Hanoi 1972 – Aspiration for Peace",
                "slug": EXHIBITION_SLUG,
                "venue": MUSEUM,
                "organisers": MUSEUM,
                "introduction": (
                    "Ảnh và hiện vật về mười hai ngày đêm tháng 12 năm 1972 ở Khâm Thiên, Bạch Mai."
                ),
                "introduction_en": (
                    "Photographs and objects of the twelve days and nights of December 1972."
                ),
                "opens_on": datetime.date(2022, 12, 6),
                "hero_image_id": hero_image_id,
            }
        ],
    )
    sections = [
        ("Bầu trời Hà Nội", "The skies over Hanoi"),
        ("Khâm Thiên", "Khâm Thiên"),
        ("Khát vọng hòa bình", "Aspiration for peace"),
    ]
    copy_rows(
        cursor,
        Section,
        (
            {
                "id": position + 1,
                "exhibition_id": 1,
                "title": vi,
                "title_vi": vi,
                "title_en": en,
                "slug": f"section-{position + 1}",
                "position": position,
            }
            for position, (vi, en) in enumerate(sections)
        ),
    )
    return copy_rows(
        cursor,
        ExhibitionItem,
        (
            {
                "section_id": position + 1,
                "item_id": pk,
                "position": order,
                "label_text": f"Nhãn {order + 1} – phố Hàng Đẫy",
                "label_text_vi": f"Nhãn {order + 1} – phố Hàng Đẫy",
                "label_text_en": f"Label {order + 1} – Hàng Đẫy quarter",
            }
            for position in range(len(sections))
            for order, pk in enumerate(shown[position * 20 : (position + 1) * 20])
        ),
    )
