"""The public site under load: ``python -m bench site [--objects N] [--duration S] ...``.

Builds a throwaway database of N published objects (plus drafts, people, places,
subjects, images and one exhibition) with COPY, serves it with gunicorn as in
production, and measures requests per second of each public page as a ratio to
``/healthz`` on the same server in the same run, with latency percentiles. Search is
also timed one request at a time with the page cache defeated: that is the search work
itself, which the target (p95 < 50 ms) is about. See bench/README.md.
"""

import argparse
import datetime
import http.client
import itertools
import json
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

if __package__ in (None, ""):  # run as a script: python bench/site.py
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.common import (  # noqa: E402
    OUT_DIR,
    PYTHON,
    ROOT,
    CommandFailed,
    django_env,
    free_port,
    manage,
    percentiles,
    print_table,
    throwaway_database,
    timed,
    write_json,
)

DATABASE = "vitrine_bench_site"
EXHIBITION_SLUG = "bench-hanoi-1972"
BROWSE_TARGET = 0.6  # x /healthz requests per second
SEARCH_P95_TARGET_MS = 50
# A place, a hospital, a stadium, a phrase with a year, a person, a rare word, a word
# in almost half the collection, and a place typed with its diacritics.
SEARCH_TERMS = [
    "kham thien",
    "bach mai",
    "hang day",
    "photograph 1972",
    "chu chi thanh",
    "coracle",
    "hanoi",
    "Khâm Thiên",
]
BROWSE_PATHS = [
    "/en/collection/",
    "/en/collection/?page=3",
    "/en/collection/?kind=photograph",
    "/vi/collection/?kind=document&page=2",
    "/en/collection/?sort=-date",
    "/vi/collection/",
]


def run(argv):
    parser = argparse.ArgumentParser(prog="python -m bench site", description=__doc__)
    parser.add_argument("--objects", type=int, default=100_000, help="published objects")
    parser.add_argument("--duration", type=float, default=5, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before measuring")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=None,
        help="override gunicorn's max_requests (0: never recycle workers)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    options, _ = parser.parse_known_args(argv)

    report = {"options": vars(options), "timings_s": {}}
    timings = report["timings_s"]
    print(
        f"Site benchmark: {options.objects:,} objects, {options.workers} gunicorn workers, "
        f"{options.concurrency} clients, {options.duration:g} s per page"
    )
    with (
        tempfile.TemporaryDirectory(prefix="vitrine-bench-") as scratch,
        throwaway_database(DATABASE, keep=options.keep) as database,
    ):
        media_root = Path(scratch) / "media"
        env = django_env(database.url, MEDIA_ROOT=media_root)
        with timed("migrate", timings):
            manage("migrate", "--no-input", env=env)
            manage("createcachetable", env=env)
        with timed(f"generate {options.objects:,} objects", timings):
            report["data"] = generate(database, options.objects, media_root)
        with timed("search documents", timings):
            report["data"]["search_documents"] = refresh_search(env, database)
        with timed("vacuum analyze", timings), database.connect(autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        with timed("profile queries (EXPLAIN ANALYZE)", timings):
            report["profile"] = profile(env, report["data"])
        port = free_port()
        # Kept beside the figures: the server's own account of any non-200 answer.
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        log_path = OUT_DIR / "site-gunicorn.log"
        server = start_gunicorn(env, port, options.workers, log_path, options.max_requests)
        try:
            report["load"] = measure(port, report["data"], options)
            report["search_serial"] = measure_search_serially(port)
        finally:
            stop_gunicorn(server)
            log = log_path.read_text(errors="replace")
            report["gunicorn"] = {
                "worker_boots": log.count("Booting worker"),
                "log_tail": log.splitlines()[-5:],
            }
    summarise(report)
    write_json("site", report)
    return report


# -- Data --------------------------------------------------------------------------------

# Words to make titles and descriptions from, in both languages. fmt: off keeps the
# tables as tables.
# fmt: off
REAL_PLACES = [
    ("Phố Khâm Thiên", "Khâm Thiên Street"), ("Bệnh viện Bạch Mai", "Bạch Mai Hospital"),
    ("Sân vận động Hàng Đẫy", "Hàng Đẫy Stadium"), ("Hồ Trúc Bạch", "Trúc Bạch Lake"),
    ("Xã Đình Công", "Đình Công Commune"), ("Câu lạc bộ Hùng Vương", "Hùng Vương Club"),
    ("Cầu Long Biên", "Long Biên Bridge"), ("Chợ Đồng Xuân", "Đồng Xuân Market"),
    ("Hồ Hoàn Kiếm", "Hoàn Kiếm Lake"), ("Ga Hàng Cỏ", "Hàng Cỏ Station"),
    ("Sân bay Gia Lâm", "Gia Lâm Airport"), ("Phố Huế", "Huế Street"),
    ("Văn Miếu", "Temple of Literature"), ("Hồ Tây", "West Lake"),
    ("Phố Lò Đúc", "Lò Đúc Street"), ("Ngã Tư Sở", "Ngã Tư Sở Crossroads"),
]
PLACE_KINDS = [
    ("Phố", "{} Street"), ("Làng", "{} Village"), ("Xã", "{} Commune"), ("Chợ", "{} Market"),
    ("Đình", "{} Communal House"), ("Chùa", "{} Pagoda"), ("Hồ", "{} Lake"),
]
SYLLABLES = [
    "An", "Bình", "Cát", "Đông", "Gia", "Hà", "Hòa", "Hưng", "Khánh", "Kim", "Lạc", "Lâm",
    "Long", "Mai", "Minh", "Nam", "Nghĩa", "Ngọc", "Phú", "Phúc", "Quang", "Sơn", "Tân",
    "Thái", "Thanh", "Thịnh", "Thọ", "Thượng", "Tiến", "Trung", "Văn", "Vĩnh", "Xuân", "Yên",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đinh", "Trịnh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Ngọc", "Thanh", "Quang", "Xuân", "Kim", "Công"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hải", "Hùng", "Khoa", "Lan", "Linh",
    "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quyết", "Sơn", "Tâm", "Thành", "Thảo",
    "Trung", "Tuấn", "Vân", "Việt", "Yến",
]
SUBJECTS = [
    ("Phòng không", "Air defence"), ("Chiến tranh", "War"), ("Đời sống thường ngày", "Daily life"),
    ("Sơ tán", "Evacuation"), ("Y tế", "Medicine"), ("Giáo dục", "Education"),
    ("Giao thông", "Transport"), ("Kiến trúc", "Architecture"), ("Lễ hội", "Festivals"),
    ("Thể thao", "Sport"), ("Báo chí", "Press"), ("Âm nhạc", "Music"),
    ("Nông nghiệp", "Agriculture"), ("Công nghiệp", "Industry"), ("Phụ nữ", "Women"),
    ("Thiếu nhi", "Children"), ("Dân quân tự vệ", "Militia"), ("Ngoại giao", "Diplomacy"),
    ("Tôn giáo", "Religion"), ("Thương mại", "Trade"),
]
SUBJECT_QUALIFIERS = [
    ("Hà Nội", "Hanoi"), ("thập niên 1960", "1960s"), ("thập niên 1970", "1970s"),
    ("thập niên 1980", "1980s"), ("nông thôn", "countryside"), ("đô thị", "towns"),
    ("ven sông", "riverside"), ("miền núi", "uplands"), ("tư liệu", "records"),
]
# (Vietnamese, English) titles by kind; a coracle (thuyền thúng) is the rare word.
TITLES = {
    "photograph": [
        ("Trận địa pháo cao xạ", "Anti-aircraft battery"),
        ("Dân quân trực chiến", "Militia on alert"),
        ("Cảnh đổ nát sau trận ném bom", "Ruins after the bombing"),
        ("Đội cứu thương", "First-aid team"), ("Trẻ em sơ tán", "Evacuated children"),
        ("Công nhân sửa đường", "Workers repairing the road"),
        ("Bộ đội nghỉ chân", "Soldiers resting"), ("Phiên chợ sáng", "Morning market"),
        ("Chân dung nữ dân quân", "Portrait of a militiawoman"),
        ("Lớp học dưới hầm", "Classroom in a shelter"),
        ("Đoàn xe đạp thồ", "Column of cargo bicycles"),
        ("Hầm trú ẩn cá nhân", "Individual shelters"),
    ],
    "artifact": [
        ("Mũ cối", "Pith helmet"), ("Bi đông", "Water flask"), ("Đèn dầu", "Oil lamp"),
        ("Máy thu thanh", "Radio receiver"), ("Mảnh xác máy bay B-52", "Fragment of a B-52 wreck"),
        ("Xe đạp thồ", "Cargo bicycle"), ("Ống nhòm", "Binoculars"), ("Huy hiệu", "Badge"),
        ("Bát ăn cơm", "Rice bowl"), ("Còi báo động", "Air-raid siren"),
    ],
    "document": [
        ("Thư gửi gia đình", "Letter to the family"), ("Truyền đơn", "Leaflet"),
        ("Giấy khen", "Certificate of merit"), ("Nhật ký", "Diary"),
        ("Bản đồ khu vực", "Map of the district"), ("Tem phiếu", "Ration coupons"),
        ("Áp phích cổ động", "Propaganda poster"), ("Báo Nhân Dân", "Nhân Dân newspaper"),
    ],
}
OPENINGS = {
    "photograph": ("Ảnh {tone_vi} chụp tại {place_vi} {when_vi}.",
                   "{tone_en} photograph taken at {place_en} {when_en}."),
    "artifact": ("Hiện vật được sử dụng tại {place_vi} {when_vi}.",
                 "Object used at {place_en} {when_en}."),
    "document": ("Tài liệu lập tại {place_vi} {when_vi}.",
                 "Document drawn up at {place_en} {when_en}."),
}
TONES = [("đen trắng", "Black-and-white"), ("màu", "Colour"), ("báo chí", "Press")]
SENTENCES = [
    ("Do {person} hiến tặng cho bảo tàng.", "Given to the museum by {person}."),
    ("Gia đình {person} giữ gìn suốt nhiều năm ở Hà Nội.",
     "Kept for many years in Hanoi by the family of {person}."),
    ("Được trưng bày lần đầu năm {later}.", "First exhibited in {later}."),
    ("Người dân khu phố kể lại những đêm không ngủ.",
     "Residents of the quarter remember the sleepless nights."),
    ("Một trong số ít hiện vật còn lại của {place_vi}.",
     "One of the few surviving records of {place_en}."),
    ("Tình trạng bảo quản tốt, có vết ố nhẹ ở mép.",
     "Well preserved, with light staining at the edges."),
    ("Bối cảnh là mùa đông năm {year} ở Hà Nội.", "The setting is Hanoi in the winter of {year}."),
    ("Chú thích gốc viết tay ở mặt sau.", "The original caption is handwritten on the back."),
    ("Được sưu tầm trong đợt điền dã năm {later}.", "Collected during fieldwork in {later}."),
    ("Liên quan đến các trận đánh trên bầu trời Hà Nội.",
     "Related to the battles in the skies over Hanoi."),
]
MEDIA = ["Gelatin silver print", "Giấy, mực", "Kim loại", "Vải", "Gỗ", "Nhựa"]
# fmt: on
IMAGE_FILES = 6


def fold(text):
    """Without diacritics, as a variant name: "Khâm Thiên" -> "Kham Thien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def authorities(rng):
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


def generate(database, objects, media_root):
    """Fill the migrated bench database; return what was made, for the pages to request."""
    rng = random.Random(1972)
    now = datetime.datetime.now(datetime.UTC)
    people, places, subjects = authorities(rng)
    images = make_image_files(media_root)
    drafts = max(300, objects // 300)
    # The sixteen real places get about a tenth of the place links; the rest spread evenly.
    place_weights = [4 if i < len(REAL_PLACES) else 1 for i in range(len(places))]
    with database.connect() as connection, connection.cursor() as cursor:
        copy_rows(
            cursor,
            "collection_person",
            [
                "id",
                "name",
                "variant_names",
                "biography",
                "biography_vi",
                "birth_year",
                "created_at",
                "updated_at",
            ],
            (
                [i, name, [fold(name)], "", "", rng.randint(1900, 1960), now, now]
                for i, name in enumerate(people, 1)
            ),
        )
        copy_rows(
            cursor,
            "collection_place",
            [
                "id",
                "name",
                "name_vi",
                "name_en",
                "variant_names",
                "description",
                "created_at",
                "updated_at",
            ],
            ([i, vi, vi, en, [fold(vi)], "", now, now] for i, (vi, en) in enumerate(places, 1)),
        )
        copy_rows(
            cursor,
            "collection_subject",
            [
                "id",
                "name",
                "name_vi",
                "name_en",
                "variant_names",
                "description",
                "created_at",
                "updated_at",
            ],
            ([i, vi, vi, en, [], "", now, now] for i, (vi, en) in enumerate(subjects, 1)),
        )

        links = {"creators": [], "places": [], "subjects": [], "images": []}
        total = objects + drafts

        def items():
            for pk in range(1, total + 1):
                kind = rng.choices(["photograph", "artifact", "document"], [5, 3, 2])[0]
                place = rng.choices(range(len(places)), place_weights)[0]
                person = 0 if rng.random() < 0.02 else rng.randrange(len(people))
                links["places"].append((pk, place + 1, "depicted"))
                if rng.random() < 0.3:
                    other = rng.randrange(len(places))
                    if other != place:
                        links["places"].append((pk, other + 1, "made"))
                links["creators"].append(
                    (pk, person + 1, "photographer" if kind == "photograph" else "maker", 0)
                )
                if rng.random() < 0.4:
                    donor = rng.randrange(len(people))
                    if donor != person:
                        links["creators"].append((pk, donor + 1, "donor", 1))
                for subject in rng.sample(range(len(subjects)), rng.randint(1, 3)):
                    links["subjects"].append((pk, subject + 1))
                row = item_row(rng, pk, kind, places[place], people[person], objects, now)
                if rng.random() < 0.3:
                    links["images"].append((pk, row[7], row[8]))
                yield row

        copy_rows(cursor, "collection_item", ITEM_COLUMNS, items())
        copy_rows(
            cursor,
            "collection_creator",
            ["item_id", "person_id", "role", "position"],
            links["creators"],
        )
        copy_rows(
            cursor, "collection_itemplace", ["item_id", "place_id", "relation"], links["places"]
        )
        copy_rows(cursor, "collection_item_subjects", ["item_id", "subject_id"], links["subjects"])
        copy_rows(
            cursor,
            "collection_image",
            IMAGE_COLUMNS,
            (
                image_row(pk, title_vi, title_en, images[pk % len(images)], now)
                for pk, title_vi, title_en in links["images"]
            ),
        )
        exhibition_items = make_exhibition(cursor, links["images"], objects, now)
        for table in (
            "collection_person",
            "collection_place",
            "collection_subject",
            "collection_item",
            "collection_creator",
            "collection_itemplace",
            "collection_item_subjects",
            "collection_image",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        connection.commit()
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


ITEM_COLUMNS = [
    "id",
    "status",
    "created_at",
    "updated_at",
    "accession_number",
    "kind",
    "title",
    "title_vi",
    "title_en",
    "description",
    "description_vi",
    "description_en",
    "date_text",
    "date_earliest",
    "date_latest",
    "date_is_approximate",
    "medium",
    "dimensions",
    "inscription",
    "credit_line",
    "provenance",
    "acquisition_method",
    "acquisition_source",
    "rights",
    "current_location",
    "condition",
    "condition_note",
    "internal_notes",
]


def item_row(rng, pk, kind, place, person, published, now):
    place_vi, place_en = place
    # December 1972 is the heart of the collection; the rest spreads over 1945-1990.
    year = 1972 if rng.random() < 0.15 else rng.randint(1945, 1990)
    month = rng.randint(1, 12)
    if rng.random() < 0.5:
        date_text, earliest = str(year), datetime.date(year, 1, 1)
        latest, approximate = datetime.date(year, 12, 31), False
        when_vi, when_en = f"năm {year}", f"in {year}"
    else:
        day = rng.randint(1, 28)
        date_text = f"{day:02d}/{month:02d}/{year}"
        earliest = latest = datetime.date(year, month, day)
        approximate = False
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
    return [
        pk,
        "published" if pk <= published else "draft",
        now,
        now,
        f"BTHN.{year}.{pk:06d}",
        kind,
        title_vi,
        title_vi,
        title_en,
        description_vi,
        description_vi,
        description_en,
        date_text,
        earliest,
        latest,
        approximate,
        rng.choice(MEDIA),
        f"{rng.randint(10, 60)} × {rng.randint(10, 60)} cm",
        "",
        "Bảo tàng Hà Nội",
        "",
        rng.choice(["gift", "purchase", "transfer", "unknown"]),
        person,
        "",
        f"Kho {rng.randint(1, 9)}",
        rng.choice(["good", "fair", "unknown"]),
        "",
        "",
    ]


IMAGE_COLUMNS = [
    "item_id",
    "original",
    "thumbnail",
    "display",
    "width",
    "height",
    "display_width",
    "display_height",
    "thumbnail_width",
    "thumbnail_height",
    "caption",
    "caption_vi",
    "caption_en",
    "alt_text",
    "alt_text_vi",
    "alt_text_en",
    "credit",
    "position",
    "is_primary",
    "created_at",
]


def image_row(pk, title_vi, title_en, files, now):
    alt_vi, alt_en = f"Ảnh: {title_vi}", f"Image: {title_en}"
    return [
        pk,
        files["original"],
        files["thumbnail"],
        files["display"],
        *files["sizes"],
        title_vi,
        title_vi,
        title_en,
        alt_vi,
        alt_vi,
        alt_en,
        "Bảo tàng Hà Nội",
        0,
        True,
        now,
    ]


def make_image_files(media_root):
    """A few real images with real derivatives, which thousands of rows point to."""
    from PIL import Image, ImageDraw, ImageOps

    (media_root / "originals").mkdir(parents=True)
    (media_root / "derivatives").mkdir()
    made = []
    for number in range(IMAGE_FILES):
        gradient = Image.linear_gradient("L").resize((1200, 900))
        image = ImageOps.colorize(gradient, black=f"#{40 + 20 * number:02x}5850", white="#c2bcaa")
        ImageDraw.Draw(image).rectangle((100 + 60 * number, 200, 700, 600), fill="#3a3a36")
        files = {"original": f"originals/bench-{number}.jpg"}
        image.save(media_root / files["original"], quality=85)
        sizes = [image.width, image.height]
        for name, side in (("display", 1600), ("thumbnail", 400)):
            derivative = image.copy()
            derivative.thumbnail((side, side))
            files[name] = f"derivatives/bench-{number}-{name}.webp"
            derivative.save(media_root / files[name], quality=82)
            sizes += [derivative.width, derivative.height]
        files["sizes"] = sizes  # width, height, display w/h, thumbnail w/h
        made.append(files)
    return made


def make_exhibition(cursor, images, published, now):
    """One published exhibition: three sections of twenty objects with labels."""
    cursor.execute(
        "INSERT INTO exhibitions_exhibition (status, created_at, updated_at, title, title_vi, "
        "title_en, slug, subtitle, venue, organisers, introduction, introduction_en, opens_on, "
        "hero_image_id) VALUES ('published', %s, %s, %s, %s, %s, %s, '', 'Bảo tàng Hà Nội', "
        "'Bảo tàng Hà Nội', %s, %s, '2022-12-06', "
        "(SELECT min(id) FROM collection_image)) RETURNING id",
        [
            now,
            now,
            "Hà Nội 1972 – Khát vọng hòa bình",
            "Hà Nội 1972 – Khát vọng hòa bình",
            "Hanoi 1972 – Aspiration for Peace",
            EXHIBITION_SLUG,
            "Ảnh và hiện vật về mười hai ngày đêm tháng 12 năm 1972 ở Khâm Thiên, Bạch Mai.",
            "Photographs and objects of the twelve days and nights of December 1972.",
        ],
    )
    exhibition_id = cursor.fetchone()[0]
    shown = [pk for pk, _, _ in images if pk <= published][:60]
    rows = 0
    for position, (vi, en) in enumerate(
        [
            ("Bầu trời Hà Nội", "The skies over Hanoi"),
            ("Khâm Thiên", "Khâm Thiên"),
            ("Khát vọng hòa bình", "Aspiration for peace"),
        ]
    ):
        cursor.execute(
            "INSERT INTO exhibitions_section (exhibition_id, title, title_vi, title_en, slug, "
            "introduction, position) VALUES (%s, %s, %s, %s, %s, '', %s) RETURNING id",
            [exhibition_id, vi, vi, en, f"section-{position + 1}", position],
        )
        section_id = cursor.fetchone()[0]
        for order, pk in enumerate(shown[position * 20 : (position + 1) * 20]):
            cursor.execute(
                "INSERT INTO exhibitions_exhibitionitem (section_id, item_id, position, "
                "label_title, label_text, label_text_vi, label_text_en) "
                "VALUES (%s, %s, %s, '', %s, %s, %s)",
                [
                    section_id,
                    pk,
                    order,
                    f"Nhãn {order + 1} – phố Hàng Đẫy",
                    f"Nhãn {order + 1} – phố Hàng Đẫy",
                    f"Label {order + 1} – Hàng Đẫy quarter",
                ],
            )
            rows += 1
    return rows


# Empty values, by column type, for NOT NULL columns added after this file was written.
EMPTY = {
    "character varying": "",
    "text": "",
    "integer": 0,
    "bigint": 0,
    "smallint": 0,
    "boolean": False,
    "ARRAY": [],
    "jsonb": "{}",
    "timestamp with time zone": "now",
    "date": "today",
}


def copy_rows(cursor, table, columns, rows):
    """COPY the rows in; NOT NULL columns the rows lack (fields added since) get an empty
    value of their type, so the benchmark keeps up with the models."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO' "
        "AND NOT (column_name = ANY(%s))",
        [table, [*columns, "id"]],
    )
    extra = cursor.fetchall()
    if unknown := [f"{name} ({kind})" for name, kind in extra if kind not in EMPTY]:
        raise RuntimeError(f"bench/site.py does not know how to fill {table}: {unknown}")
    columns = [*columns, *(name for name, _ in extra)]
    empty = [EMPTY[kind] for _, kind in extra]
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*row, *empty])


REFRESH_SEARCH = """
import json, os
from collection.models import Item
try:
    from collection.search import update_search_documents
except ImportError:
    print(json.dumps("skipped: collection.search.update_search_documents is missing"))
else:
    first, last = map(int, os.environ["BENCH_ID_RANGE"].split(","))
    done = 0
    for start in range(first, last + 1, 5000):
        chunk = Item.objects.filter(pk__gte=start, pk__lt=min(start + 5000, last + 1))
        done += update_search_documents(chunk)
    print(json.dumps(done))
"""


def refresh_search(env, database, processes=2):
    """update_search_documents() over every object, in chunks of 5,000 (a single UPDATE
    of 100,000 rows outgrows shared_buffers and takes minutes), split between processes."""
    with database.connect(autocommit=True) as connection:
        connection.execute("ANALYZE")
        last = connection.execute("SELECT coalesce(max(id), 0) FROM collection_item").fetchone()[0]
    share = -(-last // processes)
    children = [
        subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c", REFRESH_SEARCH],
            cwd=ROOT,
            env={**env, "BENCH_ID_RANGE": f"{1 + n * share},{min(last, (n + 1) * share)}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    results = []
    for child in children:
        out, err = child.communicate()
        if child.returncode != 0:
            raise CommandFailed(f"refreshing search documents failed:\n{out[-2000:]}{err[-2000:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return sum(results) if all(isinstance(r, int) for r in results) else results[0]


# -- Where the time goes: each page's queries, and the plan of the slowest ----------------

PROFILE = """
import json, os, time
from django.db import connection
from django.test import Client
from collection.models import Item

def timing(log):
    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            sql = connection.ops.last_executed_query(context["cursor"], sql, params)
            log.append((ms, sql))
    return wrapper

pages = json.loads(os.environ["BENCH_PROFILE_PAGES"])
client, result = Client(HTTP_HOST="127.0.0.1"), {}
for number, (name, path) in enumerate(pages):
    busted = path + ("&" if "?" in path else "?") + f"_profile={number}"
    client.get(busted + "x")  # a first request loads templates and opens the connection
    log = []
    with connection.execute_wrapper(timing(log)):
        start = time.perf_counter()
        response = client.get(busted)
        elapsed = time.perf_counter() - start
    start = time.perf_counter()
    client.get(busted)  # the same URL again: a page cache hit
    hit = time.perf_counter() - start
    timed = sorted(log, reverse=True)
    plan = None
    if timed and timed[0][1].lstrip().upper().startswith("SELECT"):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + timed[0][1])
            plan = [line for line, in cursor.fetchall()]
    result[name] = {
        "path": path, "status": response.status_code, "ms": round(elapsed * 1000, 1),
        "hit_ms": round(hit * 1000, 1), "kb": round(len(response.content) / 1024, 1),
        "queries": len(timed), "sql_ms": round(sum(ms for ms, _ in timed), 1),
        "slowest": [{"ms": round(ms, 1), "sql": sql[:3000]} for ms, sql in timed[:3]],
        "slowest_plan": plan,
    }
try:
    matches = {term: len(Item.objects.published().search(term))
               for term in json.loads(os.environ["BENCH_SEARCH_TERMS"])}
except Exception as error:
    matches = {"error": repr(error)}
print(json.dumps({"pages": result, "search_matches": matches}))
"""


def profile(env, data):
    pages = [
        ("browse", "/en/collection/"),
        ("browse page 3 photographs", "/en/collection/?kind=photograph&page=3"),
        ("object", f"/en/collection/objects/{data['published_objects'] // 2}/"),
        ("exhibition", f"/en/exhibitions/{EXHIBITION_SLUG}/"),
    ]
    pages += [(f"search {term!r}", f"/en/search/?q={quote_plus(term)}") for term in SEARCH_TERMS]
    env = {
        **env,
        "BENCH_PROFILE_PAGES": json.dumps(pages),
        "BENCH_SEARCH_TERMS": json.dumps(SEARCH_TERMS),
    }
    try:
        return json.loads(manage("shell", "-c", PROFILE, env=env).strip().splitlines()[-1])
    except (CommandFailed, ValueError, IndexError) as error:
        print(f"\n  profile failed: {error}")
        return {"error": str(error)}


# -- The server ---------------------------------------------------------------------------


def start_gunicorn(env, port, workers, log_path, max_requests=None):
    """gunicorn as configured for production, on 127.0.0.1:port."""
    env = {**env, "HOST": "127.0.0.1", "PORT": port, "WEB_CONCURRENCY": workers}
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py"]
    if max_requests is not None:
        command += ["--max-requests", str(max_requests)]
    log = open(log_path, "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={k: str(v) for k, v in env.items()},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s:\n{log_path.read_text()}")


def stop_gunicorn(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    server.log.close()


def fetch(port, path, connection=None):
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    if response.will_close:
        connection.close()
    return response.status, body


# -- Load ---------------------------------------------------------------------------------


def scenarios(data):
    """(name, how each request's path is chosen, cached?) in the order they are run."""
    counter = itertools.count()
    rng = random.Random(12)
    published = data["published_objects"]
    hot_objects = [rng.randint(1, published) for _ in range(24)]
    exhibition = f"/en/exhibitions/{data['exhibition_slug']}/"
    searches = [f"/en/search/?q={quote_plus(term)}" for term in SEARCH_TERMS]

    def cycle(paths):
        return lambda: paths[next(counter) % len(paths)]

    def busted(paths):
        # A parameter no page reads makes every URL new to the page cache.
        def path():
            n = next(counter)
            chosen = paths[n % len(paths)]
            return f"{chosen}{'&' if '?' in chosen else '?'}_bench={n}"

        return path

    return [
        ("healthz", cycle(["/healthz"]), None),
        ("browse", cycle(BROWSE_PATHS), True),
        ("browse, uncached", busted(BROWSE_PATHS), False),
        ("object, 24 hot", cycle([f"/en/collection/objects/{pk}/" for pk in hot_objects]), True),
        (
            "object, random of all",
            lambda: f"/en/collection/objects/{rng.randint(1, published)}/",
            False,
        ),
        ("search", cycle(searches), True),
        ("search, uncached", busted(searches), False),
        ("exhibition", cycle([exhibition]), True),
        ("exhibition, uncached", busted([exhibition]), False),
        ("healthz, again", cycle(["/healthz"]), None),
    ]


def hammer(port, next_path, concurrency, duration, warmup):
    """``concurrency`` clients request ``next_path()`` back to back; what completes in the
    ``duration`` after ``warmup`` is measured."""
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + duration
    samples = []  # (seconds, status, bytes); list.append is atomic

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while (began := time.perf_counter()) < stop_at:
            try:
                status, body = fetch(port, next_path(), connection)
            except (OSError, http.client.HTTPException) as error:
                status, body = type(error).__name__, b""
                connection.close()
            ended = time.perf_counter()
            if measure_from <= ended <= stop_at:
                samples.append((ended - began, status, len(body)))

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarise_samples(samples, duration)


def summarise_samples(samples, duration):
    latencies = [seconds * 1000 for seconds, _, _ in samples]
    points = percentiles(latencies)
    errors = Counter(str(status) for _, status, _ in samples if status != 200)
    return {
        "requests": len(samples),
        "kb": sum(size for _, _, size in samples) / len(samples) / 1024 if samples else None,
        "rps": len(samples) / duration if duration else None,
        "p50_ms": points[50],
        "p95_ms": points[95],
        "p99_ms": points[99],
        "errors": dict(errors),
    }


def measure(port, data, options):
    results = {}
    print()
    for name, next_path, cached in scenarios(data):
        print(f"  load: {name} ...", end="", flush=True)
        result = hammer(port, next_path, options.concurrency, options.duration, options.warmup)
        result["cached"] = cached
        results[name] = result
        print(f" {result['rps']:.0f} req/s", flush=True)
    baseline = (results["healthz"]["rps"] + results["healthz, again"]["rps"]) / 2
    for result in results.values():
        result["ratio_to_healthz"] = result["rps"] / baseline if baseline else None
    return {"healthz_rps": baseline, "pages": results}


def measure_search_serially(port, requests_per_term=25):
    """One request at a time, each URL new to the page cache: the search work itself."""
    by_term, everything = {}, []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for term in SEARCH_TERMS:
        samples = []
        for n in range(requests_per_term):
            began = time.perf_counter()
            try:
                status, body = fetch(
                    port, f"/en/search/?q={quote_plus(term)}&_serial={n}", connection
                )
            except (OSError, http.client.HTTPException) as error:
                status, body = type(error).__name__, b""
                connection.close()
            samples.append((time.perf_counter() - began, status, len(body)))
        by_term[term] = summarise_samples(samples, None)
        everything += samples
    return {"all": summarise_samples(everything, None), "terms": by_term}


# -- Report -------------------------------------------------------------------------------


def summarise(report):
    load, serial = report["load"], report["search_serial"]
    pages = load["pages"]
    print_table(
        f"Throughput under load ({report['options']['concurrency']} clients; "
        f"/healthz = {load['healthz_rps']:.0f} req/s)",
        [
            "page",
            "cache",
            "req/s",
            "x healthz",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "KB",
            "requests",
            "non-200",
        ],
        [
            [
                name,
                {True: "hit", False: "miss", None: "–"}[r["cached"]],
                r["rps"],
                r["ratio_to_healthz"],
                r["p50_ms"],
                r["p95_ms"],
                r["p99_ms"],
                r["kb"],
                r["requests"],
                format_errors(r["errors"]),
            ]
            for name, r in pages.items()
        ],
    )
    profile = report.get("profile", {})
    matches = profile.get("search_matches", {})
    print_table(
        "Search, one request at a time, page cache defeated (the search work itself)",
        ["query", "matches", "p50 ms", "p95 ms", "p99 ms", "non-200"],
        [
            [
                repr(term),
                matches.get(term),
                r["p50_ms"],
                r["p95_ms"],
                r["p99_ms"],
                format_errors(r["errors"]),
            ]
            for term, r in serial["terms"].items()
        ]
        + [
            [
                "all queries",
                None,
                serial["all"]["p50_ms"],
                serial["all"]["p95_ms"],
                serial["all"]["p99_ms"],
                format_errors(serial["all"]["errors"]),
            ]
        ],
    )
    if "pages" in profile:
        print_table(
            "Where the time goes: one uncached request in-process (DEBUG off)",
            ["page", "status", "KB", "miss ms", "hit ms", "queries", "SQL ms", "slowest query ms"],
            [
                [
                    name,
                    p["status"],
                    p["kb"],
                    p["ms"],
                    p["hit_ms"],
                    p["queries"],
                    p["sql_ms"],
                    p["slowest"][0]["ms"] if p["slowest"] else None,
                ]
                for name, p in profile["pages"].items()
            ],
        )
        searches = [item for item in profile["pages"].items() if item[0].startswith("search")]
        for name, page in [
            ("browse", profile["pages"]["browse"]),
            max(searches, key=lambda item: item[1]["sql_ms"]),
        ]:
            if page["slowest_plan"]:
                print(f"\nPlan of the slowest query of {name} ({page['slowest'][0]['ms']} ms):")
                for line in page["slowest_plan"][:22]:
                    print(f"  {line}")
    browse = pages["browse"]["ratio_to_healthz"]
    search_p95 = serial["all"]["p95_ms"]
    report["targets"] = {
        "browse_ratio": {
            "target": f">= {BROWSE_TARGET}",
            "value": browse,
            "met": browse is not None and browse >= BROWSE_TARGET,
        },
        "search_p95_ms": {
            "target": f"< {SEARCH_P95_TARGET_MS}",
            "value": search_p95,
            "met": search_p95 is not None and search_p95 < SEARCH_P95_TARGET_MS,
        },
    }
    print("\nTargets")
    print(
        f"  browse >= {BROWSE_TARGET} x /healthz (cached pages): {browse:.2f} x  "
        f"{'MET' if report['targets']['browse_ratio']['met'] else 'MISSED'}  "
        f"(uncached: {pages['browse, uncached']['ratio_to_healthz']:.2f} x)"
    )
    print(
        f"  search p95 < {SEARCH_P95_TARGET_MS} ms (uncached, one at a time): "
        f"{search_p95:.1f} ms  "
        f"{'MET' if report['targets']['search_p95_ms']['met'] else 'MISSED'}  "
        f"(cached under load: {pages['search']['p95_ms']:.1f} ms, uncached under load: "
        f"{pages['search, uncached']['p95_ms']:.1f} ms)"
    )
    print(f"  gunicorn worker (re)boots during the run: {report['gunicorn']['worker_boots']}")
    print("  timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in report["timings_s"].items()))


def format_errors(errors):
    return " ".join(f"{status}×{count}" for status, count in sorted(errors.items())) or "0"


if __name__ == "__main__":
    run(sys.argv[1:])
