"""The demo museum: the exhibition "Hanoi 1972 – Aspiration for Peace", Chu Chi Thanh's
photographs of December 1972 and the events of the 50th anniversary, as plain data.

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

# The images shipped are drawn by the loader; no photograph is copied.
PLACEHOLDER_CREDIT = {
    "en": "Placeholder image made for the demo – not a photograph by Chu Chi Thanh",
    "vi": "Ảnh giữ chỗ tạo cho bản trình diễn – không phải ảnh của Chu Chí Thành",
}
FILE_PHOTO_PLACEHOLDER_CREDIT = {
    "en": "Placeholder image made for the demo – not the file photo",
    "vi": "Ảnh giữ chỗ tạo cho bản trình diễn – không phải ảnh tư liệu",
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
        "placeholder_credit": PLACEHOLDER_CREDIT,
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
        "placeholder_credit": FILE_PHOTO_PLACEHOLDER_CREDIT,
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

CAMPAIGN_FIGURES = {
    "en": "During 12 days and nights from December 18-29, 1972, North Vietnam army and people "
    "conducted the Hanoi-Hai Phong air defense campaign, shooting down 81 aircraft, "
    "including 34 B-52 aircraft.",  # [workshop]
    "vi": "Trong 12 ngày đêm từ 18 đến 29 tháng 12 năm 1972, quân và dân miền Bắc Việt Nam "
    "đã tiến hành chiến dịch phòng không Hà Nội – Hải Phòng, bắn rơi 81 máy bay, trong đó "
    "có 34 máy bay B-52.",
}
SEMINAR_DELEGATES = {
    "en": "The seminar drew the participation of nearly 700 delegates including over 20 "
    "historical witnesses with direct engagement in the resounding victory. Some 130 "
    "reports were sent to the organizers.",  # [seminar]
    "vi": "Hội thảo có sự tham gia của gần 700 đại biểu, trong đó có hơn 20 nhân chứng lịch sử "
    "trực tiếp góp phần làm nên chiến thắng vang dội. Ban tổ chức đã nhận được khoảng 130 "
    "tham luận.",
}

SEMINAR_ORGANISERS = {
    "en": "Ministry of National Defense, Party Central Committee’s Commission for Information "
    "and Education, Ministry of Public Security, Hanoi Party Committee",
    "vi": "Bộ Quốc phòng, Ban Tuyên giáo Trung ương, Bộ Công an, Thành ủy Hà Nội",
}
HANOI = {"en": "Hanoi", "vi": "Hà Nội"}


def both(*paragraphs):
    """Paragraphs, each in both languages, as one text in each."""
    return {code: "\n\n".join(p[code] for p in paragraphs) for code in ("en", "vi")}


# Dates are all-day in Hanoi. Where an article names only the month, the event is dated
# to the month ("precision"), and the pages say "December 2022", not a day.
EVENTS = [
    {
        "slug": "hanoi-1972-exhibition-opening",
        "kind": "opening",
        "title": {
            "en": "Opening of the exhibition “Hanoi 1972 – Aspiration for Peace”",
            "vi": "Khai mạc triển lãm “Hà Nội 1972 – Khát vọng hòa bình”",
        },
        "venue": EXHIBITION["venue"],
        "organisers": EXHIBITION["organisers"],
        "description": {
            "en": "The exhibition “Hanoi 1972 – Aspiration for Peace” opened at the Hanoi "
            "Museum in December 2022, for the 50th anniversary of the victory “Hanoi – Dien "
            "Bien Phu in the Air”.",
            "vi": "Triển lãm “Hà Nội 1972 – Khát vọng hòa bình” khai mạc tại Bảo tàng Hà Nội "
            "vào tháng 12 năm 2022, nhân kỷ niệm 50 năm Chiến thắng “Hà Nội – Điện Biên Phủ "
            "trên không”.",
        },
        # [exhibition] gives only "December 2022".
        "day": datetime.date(2022, 12, 1),
        "precision": "month",
        "exhibition": True,
    },
    {
        "slug": "hanoi-1972-tribute-8-december",
        "kind": "commemoration",
        "title": {
            "en": "Tribute to President Ho Chi Minh and the fallen troops",
            "vi": "Dâng hương tưởng niệm Chủ tịch Hồ Chí Minh và các liệt sĩ",
        },
        "organisers": {
            "en": "The seminar's steering committee and organizing panel, led by Lieutenant "
            "General Tran Ngoc Quyen",
            "vi": "Ban Chỉ đạo và Ban Tổ chức hội thảo, do Trung tướng Trần Ngọc Quyến dẫn đầu",
        },
        "description": {
            "en": "On December 8, the steering committee and the organizing panel of the "
            "seminar offered flowers and incense in tribute to President Ho Chi Minh and "
            "other fallen troops of the Air Defense - Air Force Service who laid down their "
            "lives for national freedom and independence and national sky protection.",
            "vi": "Ngày 8 tháng 12, Ban Chỉ đạo và Ban Tổ chức hội thảo đã dâng hoa, dâng "
            "hương tưởng niệm Chủ tịch Hồ Chí Minh và các liệt sĩ Quân chủng Phòng không – "
            "Không quân đã hy sinh vì độc lập, tự do của Tổ quốc và bảo vệ vùng trời Tổ quốc.",
        },
        # [seminar]: "on December 8"; the year is that of the 50th anniversary.
        "day": datetime.date(2022, 12, 8),
        "precision": "day",
        "exhibition": False,
    },
    {
        "slug": "memory-of-50-years-exchange",
        "kind": "talk",
        "title": {
            "en": "“Memory of 50 years of Hanoi - Dien Bien Phu in the air victory”",
            "vi": "“Ký ức 50 năm Chiến thắng Hà Nội – Điện Biên Phủ trên không”",
        },
        "organisers": {
            "en": "Air Defense - Air Force Service with Hanoi University of Science and Technology",
            "vi": "Quân chủng Phòng không – Không quân, Đại học Bách khoa Hà Nội",
        },
        "description": {
            "en": "An exchange held by the Air Defense - Air Force Service in collaboration "
            "with the Hanoi University of Science and Technology.",
            "vi": "Buổi giao lưu do Quân chủng Phòng không – Không quân phối hợp với Đại học "
            "Bách khoa Hà Nội tổ chức.",
        },
        # [seminar]: "held the same day", i.e. December 8.
        "day": datetime.date(2022, 12, 8),
        "precision": "day",
        "exhibition": False,
    },
    {
        "slug": "hanoi-dien-bien-phu-in-the-air-seminar",
        "kind": "seminar",
        "title": {
            "en": "Seminar on the victory “Hanoi - Dien Bien Phu in the Air”",
            "vi": "Hội thảo về Chiến thắng “Hà Nội – Điện Biên Phủ trên không”",
        },
        "venue": HANOI,
        "organisers": SEMINAR_ORGANISERS,
        # "Nearly 700 delegates" is said in words: no participant count claims exactly 700.
        "description": both(SEMINAR_DELEGATES, CAMPAIGN_FIGURES),
        # [seminar] places the tribute "earlier, on December 8", and the series of
        # activities in December 2022; no day is given for the seminar itself.
        "day": datetime.date(2022, 12, 1),
        "precision": "month",
        "exhibition": False,
    },
    {
        "slug": "hanoi-air-defense-victory-workshop",
        "kind": "workshop",
        "title": {
            "en": "Workshop commemorates Hanoi air defense victory 1972",
            "vi": "Hội thảo kỷ niệm chiến thắng phòng không Hà Nội năm 1972",
        },
        "venue": HANOI,
        "organisers": {
            "en": "Ministry of National Defense, Party Central Committee’s Communications and "
            "Education Commission, Ministry of Public Security, Hanoi city",
            "vi": "Bộ Quốc phòng, Ban Tuyên giáo Trung ương, Bộ Công an, thành phố Hà Nội",
        },
        "description": both(
            {
                "en": "A workshop in Hanoi, held on a Friday in December 2022, analysed the "
                "reasons for the victory “Hanoi-Dien Bien Phu in the air” and its historical "
                "lessons.",
                "vi": "Hội thảo tại Hà Nội, tổ chức vào một ngày thứ Sáu của tháng 12 năm "
                "2022, đã phân tích nguyên nhân thắng lợi và những bài học lịch sử của Chiến "
                "thắng “Hà Nội – Điện Biên Phủ trên không”.",
            },
            CAMPAIGN_FIGURES,
        ),
        # [workshop] says "on Friday" in December 2022, and not which Friday.
        "day": datetime.date(2022, 12, 1),
        "precision": "month",
        "exhibition": False,
    },
]

# Copied word for word from the articles (compared ignoring case).
VERBATIM = [
    *(entry["caption"]["en"] for entry in PHOTOGRAPHS if entry["caption"]),
    CAPTION_PRESS_CONFERENCE["en"],
    *(paragraph["en"] for paragraph in EXHIBITION_INTRODUCTION),
    *(introduction["en"] for _, introduction in SECTIONS.values()),
    CAMPAIGN_FIGURES["en"],
    SEMINAR_DELEGATES["en"],
]
