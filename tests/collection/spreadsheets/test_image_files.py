"""Image folders and ZIPs: files found by name whichever way they reached us."""

import unicodedata

import pytest

from collection.spreadsheets.image_files import images_from_folder
from collection.spreadsheets.zipfiles import ArchiveError
from tests.collection.spreadsheets.helpers import extract, zip_bytes

NFD = unicodedata.normalize("NFD", "Ảnh 01.jpg")


# Matching names ------------------------------------------------------------------------


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    (folder / "roll 2").mkdir(parents=True)
    (folder / "Ảnh 01.jpg").write_bytes(b"1")
    (folder / "roll 2" / "scan.TIF").write_bytes(b"2")
    (folder / "notes.pdf").write_bytes(b"3")
    return images_from_folder(folder)


def test_extension_case_is_ignored_and_nothing_else(photos):
    assert photos.find("Ảnh 01.JPG").name == "Ảnh 01.jpg"
    assert photos.find("scan.tif").name == "scan.TIF"
    assert photos.find("anh 01.jpg") is None
    assert photos.find("ẢNH 01.jpg") is None


def test_nfd_names_match_nfc_names(photos, tmp_path):
    assert photos.find(NFD).name == "Ảnh 01.jpg"
    macos = tmp_path / "macos"
    macos.mkdir()
    (macos / NFD).write_bytes(b"1")
    assert images_from_folder(macos).find("Ảnh 01.jpg") == macos / NFD


@pytest.mark.parametrize(
    "name", ["roll 2/scan.TIF", "../Ảnh 01.jpg", "/x/Ảnh 01.jpg", "C:Ảnh 01.jpg", "a\\b.jpg", ".."]
)
def test_names_with_a_path_are_never_looked_up(photos, name):
    assert photos.find(name) is None


def test_unused_lists_files_no_row_names(photos):
    assert photos.names == ["notes.pdf", "scan.TIF", "Ảnh 01.jpg"]
    assert photos.unused(["ảnh 01.jpg", "Ảnh 01.JPG", "other.jpg"]) == ["notes.pdf", "scan.TIF"]


# Folders ---------------------------------------------------------------------------------


def test_folder_ignores_system_litter(tmp_path):
    for name in [
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "._Ảnh 01.jpg",
        "__MACOSX/x.jpg",
        ".git/y.jpg",
        "a.jpg",
    ]:
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    assert images_from_folder(tmp_path).names == ["a.jpg"]


def test_same_name_in_two_folders_is_an_error_naming_both(tmp_path):
    for folder in ("roll 1", "roll 2"):
        (tmp_path / folder).mkdir()
    (tmp_path / "roll 1" / "a.jpg").write_bytes(b"1")
    (tmp_path / "roll 2" / "a.JPG").write_bytes(b"2")
    with pytest.raises(ArchiveError, match=r'"roll 1/a.jpg" and "roll 2/a.JPG"'):
        images_from_folder(tmp_path)


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(ArchiveError, match="not a folder"):
        images_from_folder(tmp_path / "nowhere")


# ZIPs ------------------------------------------------------------------------------------


def test_zip_is_extracted_flat_and_found_by_base_name(tmp_path):
    data = zip_bytes(
        {
            "export/Ảnh 01.jpg": b"one",
            "export/roll 2/b.png": b"two",
            "export/": b"",
            "__MACOSX/export/._Ảnh 01.jpg": b"fork",
            "export/.DS_Store": b"x",
            "export/Thumbs.db": b"x",
        }
    )
    images = extract(data, tmp_path)
    assert images.names == ["b.png", "Ảnh 01.jpg"]
    assert images.find("Ảnh 01.JPG").read_bytes() == b"one"
    assert sorted(p.name for p in (tmp_path / "unpacked").rglob("*")) == ["b.png", "Ảnh 01.jpg"]


def test_password_protected_members_are_refused(tmp_path):
    data = bytearray(zip_bytes({"a.jpg": b"x"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    with pytest.raises(ArchiveError, match="password"):
        extract(bytes(data), tmp_path)


def test_same_base_name_in_two_zip_folders_is_an_error_before_writing(tmp_path):
    data = zip_bytes({"roll 1/a.jpg": b"1", "roll 2/a.jpg": b"2"})
    with pytest.raises(ArchiveError, match='"roll 1/a.jpg" and "roll 2/a.jpg"'):
        extract(data, tmp_path)
    assert not list((tmp_path / "unpacked").iterdir())


def test_nfc_and_nfd_spellings_of_one_name_are_duplicates(tmp_path):
    data = zip_bytes({"Ảnh 01.jpg": b"windows", NFD: b"macos"})
    with pytest.raises(ArchiveError, match="same name"):
        extract(data, tmp_path)


def test_not_a_zip_is_an_archive_error(tmp_path):
    with pytest.raises(ArchiveError, match="not a ZIP"):
        extract(b"plain text", tmp_path)
