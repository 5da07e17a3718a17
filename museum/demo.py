"""The demo museum: the exhibition "Hanoi 1972 – Aspiration for Peace" and Chu Chi Thanh's
photographs of December 1972, as plain data; the events of the 50th anniversary are in
museum/demo_events.py.

Every fact here is stated in one of four published articles (kept beside the project in
../shared/seeds/ and never read at run time):

  [photos]     Nhan Dan: "In pictures: Hanoi's 12-day-and-night battle in 1972 through the
               lens of photographer Chu Chi Thanh"
  [exhibition] "The exhibition entitled 'Hanoi 1972 – Aspiration for Peace' has been opened
               at Hanoi Museum"
  [workshop]   VOV World: "Workshop commemorates Hanoi air defense victory 1972"
  [seminar]    the report of the seminar, the 8 December tribute and the exchange

Every text is given in both languages, as ``{"en": ..., "vi": ...}``. The English comes
from the articles; sentences listed in VERBATIM are copied word for word (a test checks
them against the articles when they are present). The Vietnamese is this demo's own
translation, with the standard Vietnamese spellings of names and places; the
exhibition's credits say so. Where an article gives a month and no day, so does the demo.
"""

import datetime

EXHIBITION_SLUG = "hanoi-1972-aspiration-for-peace"

MUSEUM = {"name": {"vi": "Bảo tàng Hà Nội", "en": "Hanoi Museum"}}

# The images shipped are drawn by the loader; no photograph is copied. Each object says so
# in its description, in both languages (an image's credit has one version only).
PLACEHOLDER_NOTE = {
    "en": "The image shown is a placeholder made for the demo, not a photograph by Chu Chi Thanh.",
    "vi": "Ảnh hiển thị là ảnh giữ chỗ tạo cho bản trình diễn, không phải ảnh của Chu Chí Thành.",
}
FILE_PHOTO_PLACEHOLDER_NOTE = {
    "en": "The image shown is a placeholder made for the demo, not the file photo.",
    "vi": "Ảnh hiển thị là ảnh giữ chỗ tạo cho bản trình diễn, không phải ảnh tư liệu.",
}

# name: (Vietnamese name, English name, spelling in the articles)
PLACES = {
    "hang-day": ("Sân vận động Hàng Đẫy", "Hàng Đẫy Stadium", "Hang Day Stadium"),
    "truc-bach": ("Hồ Trúc Bạch", "Trúc Bạch Lake", "Truc Bach Lake"),
    "bach-mai": ("Bệnh viện Bạch Mai", "Bạch Mai Hospital", "Bach Mai Hospital"),
    "kham-thien": ("Phố Khâm Thiên", "Khâm Thiên Street", "Kham Thien Street"),
    "dinh-cong": ("Xã Đình Công", "Đình Công Commune", "Dinh Cong Commune"),
    "hung-vuong": ("Câu lạc bộ Hùng Vương", "Hùng Vương Club", "Hung Vuong Club"),
}
PLACE_DESCRIPTIONS = {
    "dinh-cong": {"en": "In Thanh Tri District, Hanoi.", "vi": "Thuộc huyện Thanh Trì, Hà Nội."},
}

# name with diacritics: (spelling in the articles, short biography from the articles)
PEOPLE = {
    "Chu Chí Thành": (
        "Chu Chi Thanh",
        {
            "en": "Photojournalist who worked in Hanoi during the 12 days and nights of "
            "fighting in December 1972.",  # [photos]
            "vi": "Phóng viên ảnh làm việc tại Hà Nội trong 12 ngày đêm chiến đấu tháng 12 "
            "năm 1972.",
        },
    ),
    "Trần Thị Vân Anh": (
        "Tran Thi Van Anh",
        {
            "en": "Deputy director of the Hanoi Department of Culture and Sports.",
            "vi": "Phó Giám đốc Sở Văn hóa và Thể thao Hà Nội.",
        },  # [exhibition]
    ),
    "Lương Cường": (
        "Luong Cuong",
        {
            "en": "General; Director of the General Department of Politics of the Vietnam "
            "People's Army.",  # [workshop], [seminar]
            "vi": "Đại tướng; Chủ nhiệm Tổng cục Chính trị Quân đội nhân dân Việt Nam.",
        },
    ),
    "Nguyễn Hoàng Nhiên": (
        "Nguyen Hoang Nhien",
        {
            "en": "Major General, Dr.; Director of the Vietnam Military History Institute.",
            "vi": "Thiếu tướng, Tiến sĩ; Viện trưởng Viện Lịch sử Quân sự Việt Nam.",
        },  # [workshop]
    ),
    "Trịnh Văn Quyết": (
        "Trinh Van Quyet",
        {
            "en": "Lieutenant General; Deputy Director of the General Department of Political "
            "Affairs.",  # [seminar]
            "vi": "Trung tướng; Phó Chủ nhiệm Tổng cục Chính trị.",
        },
    ),
    "Trần Ngọc Quyến": (
        "Tran Ngoc Quyen",
        {
            "en": "Lieutenant General; Secretary of the Party Committee, Political Commissar "
            "of the Air Defense - Air Force Service.",  # [seminar]
            "vi": "Trung tướng; Bí thư Đảng ủy, Chính ủy Quân chủng Phòng không – Không quân.",
        },
    ),
}

# The captions of the photo series, word for word, and their translations.
CAPTION_HANG_DAY = {
    "en": "The anti-aircraft artillery batteries at Hang Day Stadium.",
    "vi": "Các trận địa pháo cao xạ ở sân vận động Hàng Đẫy.",
}
CAPTION_TRUC_BACH = {
    "en": "An anti-aircraft artillery unit on the shores of Truc Bach Lake fought against the "
    "American aircrafts.",
    "vi": "Một đơn vị pháo cao xạ bên bờ hồ Trúc Bạch chiến đấu chống máy bay Mỹ.",
}
CAPTION_BACH_MAI_TUNNEL = {
    "en": "Opening a tunnel at Bach Mai Hospital to save the trapped patients",
    "vi": "Mở đường hầm ở Bệnh viện Bạch Mai để cứu các bệnh nhân bị mắc kẹt",
}
CAPTION_BACH_MAI_DESTROYED = {
    "en": "Bach Mai Hospital was destroyed by the US B-52 aircrafts.",
    "vi": "Bệnh viện Bạch Mai bị máy bay B-52 của Mỹ tàn phá.",
}
CAPTION_KHAM_THIEN = {
    "en": "Kham Thien Street was destroyed.",
    "vi": "Phố Khâm Thiên bị tàn phá.",
}
CAPTION_DINH_CONG = {
    "en": "The wreckage of a B-52 aircraft shot down in Dinh Cong Commune, Thanh Tri District, "
    "Hanoi.",
    "vi": "Xác một máy bay B-52 bị bắn rơi ở xã Đình Công, huyện Thanh Trì, Hà Nội.",
}
# The series repeats this caption under eight photographs: here it describes one object,
# the press conference, with eight images, each numbered.
CAPTION_PRESS_CONFERENCE = {
    "en": "American pilots were brought to an international press conference held at Hung "
    "Vuong Club on the evenings of December 28 and 30, 1972, under the presence of various "
    "domestic and foreign reporters.",
    "vi": "Các phi công Mỹ được đưa đến cuộc họp báo quốc tế tổ chức tại Câu lạc bộ Hùng "
    "Vương vào tối ngày 28 và 30 tháng 12 năm 1972, trước sự có mặt của nhiều phóng viên "
    "trong nước và nước ngoài.",
}
PRESS_CONFERENCE_PHOTOGRAPHS = 8
# [exhibition], credited "File photo" there.
CAPTION_KHAM_THIEN_CHILDREN = {
    "en": "These children were standing on the ruins that used to be their home in Kham Thien "
    "Street, Hanoi, the days after December 29, 1972.",
    "vi": "Những đứa trẻ đứng trên đống đổ nát từng là nhà của mình ở phố Khâm Thiên, Hà Nội, "
    "những ngày sau 29 tháng 12 năm 1972.",
}

# [photos]: "Nhan Dan Newspaper would like to introduce the special photo series under the
# consent of the author", for the 50th anniversary.
PHOTO_SERIES = {
    "en": "From the photo series of Chu Chi Thanh that Nhan Dan Newspaper introduced, with "
    "the author's consent, for the 50th anniversary of the 12 days and nights of December "
    "1972.",
    "vi": "Trong loạt ảnh của nhà báo Chu Chí Thành được báo Nhân Dân giới thiệu, với sự đồng "
    "ý của tác giả, nhân kỷ niệm 50 năm 12 ngày đêm tháng 12 năm 1972.",
}
FILE_PHOTO = {
    "en": "A file photo, shown with the article on the exhibition.",
    "vi": "Ảnh tư liệu, đăng kèm bài viết về triển lãm.",
}


def photo(title, caption, places, section, date_text="December 1972", description=None):
    return {
        "title": title,
        "caption": caption,
        "description": description or PHOTO_SERIES,
        "places": places,
        "section": section,
        "date_text": date_text,
        "photographer": "Chu Chí Thành",
        "images": 1,
        "placeholder_note": PLACEHOLDER_NOTE,
    }


# In the order of the series.
PHOTOGRAPHS = [
    # Artillery positions were part of the city's preparations ("The Silence Moment").
    photo(
        {
            "en": "Anti-aircraft artillery batteries at Hàng Đẫy Stadium",
            "vi": "Trận địa pháo cao xạ ở sân vận động Hàng Đẫy",
        },
        CAPTION_HANG_DAY,
        ["hang-day"],
        "the-silence-moment",
    ),
    photo(
        {
            "en": "Anti-aircraft artillery unit on the shore of Trúc Bạch Lake",
            "vi": "Đơn vị pháo cao xạ bên bờ hồ Trúc Bạch",
        },
        CAPTION_TRUC_BACH,
        ["truc-bach"],
        "confront",
    ),
    photo(
        {
            "en": "Opening a tunnel at Bạch Mai Hospital",
            "vi": "Mở đường hầm ở Bệnh viện Bạch Mai",
        },
        CAPTION_BACH_MAI_TUNNEL,
        ["bach-mai"],
        "confront",
    ),
    photo(
        {"en": "Bạch Mai Hospital destroyed", "vi": "Bệnh viện Bạch Mai bị tàn phá"},
        CAPTION_BACH_MAI_DESTROYED,
        ["bach-mai"],
        "confront",
    ),
    photo(
        {"en": "Khâm Thiên Street destroyed", "vi": "Phố Khâm Thiên bị tàn phá"},
        CAPTION_KHAM_THIEN,
        ["kham-thien"],
        "confront",
    ),
    photo(
        {
            "en": "Wreckage of a B-52 shot down in Đình Công Commune",
            "vi": "Xác máy bay B-52 bị bắn rơi ở xã Đình Công",
        },
        CAPTION_DINH_CONG,
        ["dinh-cong"],
        "confront",
    ),
    {
        **photo(
            {
                "en": "American pilots at the international press conference, Hùng Vương Club",
                "vi": "Phi công Mỹ tại cuộc họp báo quốc tế, Câu lạc bộ Hùng Vương",
            },
            None,
            ["hung-vuong"],
            "confront",
            # Both evenings are named, not which photograph was taken on which.
            date_text="28–30/12/1972",
            description=CAPTION_PRESS_CONFERENCE,
        ),
        "images": PRESS_CONFERENCE_PHOTOGRAPHS,
    },
    {
        "title": {
            "en": "Children on the ruins of their homes in Khâm Thiên Street",
            "vi": "Trẻ em trên đống đổ nát của nhà mình ở phố Khâm Thiên",
        },
        "caption": CAPTION_KHAM_THIEN_CHILDREN,
        "description": FILE_PHOTO,
        "places": ["kham-thien"],
        "section": "peace",
        # "The days after December 29, 1972": the end of December or the weeks after.
        "date_text": "12/1972–1/1973",
        "photographer": None,
        "images": 1,
        "placeholder_note": FILE_PHOTO_PLACEHOLDER_NOTE,
    },
]


def accession_number(index):
    return f"DEMO.1972.{index + 1:03d}"


def image_caption(entry, position):
    """One photograph's caption; the press conference's eight are numbered."""
    if entry["caption"]:
        return entry["caption"]
    count = entry["images"]
    return {
        "en": f"Photograph {position} of {count} from the press conference",
        "vi": f"Ảnh {position}/{count} tại cuộc họp báo",
    }


# [exhibition]
EXHIBITION = {
    "title": {"en": "Hanoi 1972 – Aspiration for Peace", "vi": "Hà Nội 1972 – Khát vọng hòa bình"},
    "subtitle": {
        "en": "50 years since the victory “Hanoi – Dien Bien Phu in the Air”",
        "vi": "50 năm Chiến thắng “Hà Nội – Điện Biên Phủ trên không”",
    },
    "venue": {"en": "Hanoi Museum", "vi": "Bảo tàng Hà Nội"},
    "organisers": {
        "en": "Hanoi Department of Culture and Sports",
        "vi": "Sở Văn hóa và Thể thao Hà Nội",
    },
    # "Has been opened" in December 2022: the month is known, not the day, nor a closing.
    "opens_on": datetime.date(2022, 12, 1),
    "opens_precision": "month",
}
EXHIBITION_INTRODUCTION = [
    {
        "en": "The cultural event is organized by the Hanoi Department of Culture and Sports "
        "to celebrate the 50th anniversary of the victory “Hanoi – Dien Bien Phu in the Air” "
        "(December 1972- December 2022).",
        "vi": "Sự kiện văn hóa do Sở Văn hóa và Thể thao Hà Nội tổ chức nhằm kỷ niệm 50 năm "
        "Chiến thắng “Hà Nội – Điện Biên Phủ trên không” (tháng 12/1972 – tháng 12/2022).",
    },
    {
        "en": "The exhibition features over 300 images, documents, and artifacts collected by "
        "the Hanoi Museum, local archives, and individuals.",
        "vi": "Triển lãm giới thiệu hơn 300 hình ảnh, tài liệu và hiện vật do Bảo tàng Hà Nội, "
        "các cơ quan lưu trữ và cá nhân sưu tầm.",
    },
    {
        "en": "During the wintry days of late December 1972, the army and people of Hanoi shot "
        "down many US B-52 warplanes, winning a resounding victory. The Vietnamese Air Defense "
        "Force destroyed 81 aircraft, including 34 B52 bombers.",
        "vi": "Trong những ngày đông cuối tháng 12 năm 1972, quân và dân Hà Nội đã bắn rơi "
        "nhiều máy bay chiến đấu B-52 của Mỹ, làm nên chiến thắng vang dội. Lực lượng Phòng "
        "không Việt Nam đã tiêu diệt 81 máy bay, trong đó có 34 máy bay ném bom B52.",
    },
]
# Said once, where an exhibition says who made it.
EXHIBITION_CREDITS = {
    "en": "Organized by the Hanoi Department of Culture and Sports at the Hanoi Museum.\n\n"
    "About this demo: its English texts are taken from the published articles about the "
    "exhibition and the anniversary; its Vietnamese texts are the demo's own translation "
    "of them, not the museum's. Its images are placeholders, not the photographs.",
    "vi": "Sở Văn hóa và Thể thao Hà Nội tổ chức tại Bảo tàng Hà Nội.\n\n"
    "Về bản trình diễn này: phần tiếng Anh lấy từ các bài báo đã đăng về triển lãm và lễ kỷ "
    "niệm; phần tiếng Việt là bản dịch của chính bản trình diễn, không phải của Bảo tàng. "
    "Ảnh chỉ là ảnh giữ chỗ, không phải các bức ảnh gốc.",
}

# slug: (title, introduction taken from the article's description of each part)
SECTIONS = {
    "the-silence-moment": (
        {"en": "The Silence Moment", "vi": "Khoảnh khắc lặng im"},
        {
            "en": "Photographic materials about the preparations for the fight by the "
            "Hanoians, who built dugout shelters, set up artillery positions, and sent women, "
            "the elderly, and children to the safer place on the outskirts of the city.",
            "vi": "Tư liệu ảnh về việc chuẩn bị chiến đấu của người Hà Nội: đào hầm trú ẩn, "
            "lập trận địa pháo, đưa phụ nữ, người già và trẻ em đi sơ tán về nơi an toàn ở "
            "ngoại thành.",
        },
    ),
    "confront": (
        {"en": "Confront", "vi": "Đối đầu"},
        {
            "en": "The fierce battle fought from December 18 to 29, 1972.",
            "vi": "Trận chiến ác liệt diễn ra từ ngày 18 đến ngày 29 tháng 12 năm 1972.",
        },
    ),
    "peace": (
        {"en": "Peace", "vi": "Hòa bình"},
        {
            "en": "The pictures showing the efforts of the Hanoians to quickly restore "
            "production, rebuild houses, bringing the normal life back.",
            "vi": "Những bức ảnh về nỗ lực của người Hà Nội nhanh chóng khôi phục sản xuất, "
            "xây dựng lại nhà cửa, đưa cuộc sống trở lại bình thường.",
        },
    ),
}


def both(*paragraphs):
    """Paragraphs, each in both languages, as one text in each."""
    return {code: "\n\n".join(p[code] for p in paragraphs) for code in ("en", "vi")}


# Copied word for word from the articles (compared ignoring case); the events' are in
# museum/demo_events.py.
VERBATIM = [
    *(entry["caption"]["en"] for entry in PHOTOGRAPHS if entry["caption"]),
    CAPTION_PRESS_CONFERENCE["en"],
    *(paragraph["en"] for paragraph in EXHIBITION_INTRODUCTION),
    *(introduction["en"] for _, introduction in SECTIONS.values()),
]
