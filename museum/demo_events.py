"""The demo museum's events: the opening, the 8 December tribute and exchange, the
seminar and the workshop of the 50th anniversary, as plain data, on the terms of
museum/demo.py: every fact from the articles, every text in both languages."""

import datetime

from museum.demo import EXHIBITION, both

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
VERBATIM = [CAMPAIGN_FIGURES["en"], SEMINAR_DELEGATES["en"]]
