import pytest
from django.utils import translation

from tests.collection.factories import (
    CreatorFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
)


@pytest.fixture(autouse=True)
def english():
    """The site's language is Vietnamese; these tests pin the English wording, which is
    the catalogue's source. The tests named *_in_vietnamese* check the translation."""
    with translation.override("en"):
        yield


@pytest.fixture
def collection(db):
    """Objects with everything an export writes, including text that looks like formulas."""
    item = ItemFactory(
        accession_number="BTLS.1972.10",
        title_vi="Vượt sông Thạch Hãn",
        title_en='=HYPERLINK("http://evil.example")',
        description_vi="Dòng một\r\nDòng hai",
        date_text="18/12/1972",
        medium="-40 °C print",
        inscription="@mention",
        rights="+ all rights",
        credit_line="\tTabbed",
    )
    CreatorFactory(item=item, person__name="Chu Chí Thành", role="photographer", position=0)
    CreatorFactory(item=item, person__name="Đoàn Công Tính", role="maker", position=1)
    ItemPlaceFactory(item=item, place__name_vi="Quảng Trị")
    ItemPlaceFactory(item=item, place__name_vi="Hà Nội", relation="made")
    item.subjects.add(SubjectFactory(name_vi="sông"), SubjectFactory(name_vi="bộ đội"))
    ItemFactory(accession_number="1972.10", title_vi="Chỉ có tiếng Việt", date_text="", draft=True)
    return item
