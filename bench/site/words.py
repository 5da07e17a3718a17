"""The words the generated collection is written in, Vietnamese beside English."""

import unicodedata

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


def fold(text):
    """Without diacritics, as a variant name: "Khâm Thiên" -> "Kham Thien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
