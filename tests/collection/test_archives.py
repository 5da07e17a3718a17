"""Image folders and ZIPs as macOS, Windows and attackers make them."""

import io
import stat
import struct
import unicodedata
import zipfile
import zlib

import pytest

from collection.archives import (
    ArchiveError,
    ImageFiles,
    check_zip,
    images_from_folder,
    images_from_zip,
)

MB = 1024 * 1024
NFD = unicodedata.normalize("NFD", "Ảnh 01.jpg")


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_raw_name(placeholder: str, raw: bytes, data=b"jpeg") -> bytes:
    """A ZIP whose entry name is raw bytes with the UTF-8 flag unset, as macOS's Archive
    Utility and old Windows write them (zipfile itself always sets the flag)."""
    assert len(placeholder.encode("ascii")) == len(raw)
    return zip_bytes({placeholder: data}).replace(placeholder.encode("ascii"), raw)


def extract(data: bytes, tmp_path, max_total_bytes=10 * MB, **limits) -> ImageFiles:
    dest = tmp_path / "unpacked"
    dest.mkdir(exist_ok=True)
    return images_from_zip(
        io.BytesIO(data), dest_dir=dest, max_total_bytes=max_total_bytes, **limits
    )


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


def test_macos_zip_utf8_names_without_the_flag_are_decoded(tmp_path):
    raw = NFD.encode("utf-8")
    images = extract(with_raw_name("x" * len(raw), raw), tmp_path)
    assert images.names == ["Ảnh 01.jpg"]


def test_vietnamese_windows_zip_cp1258_names_are_decoded(tmp_path):
    raw = "A\u0309nh 01.jpg".encode("cp1258")  # Windows' own ZIP used the OEM code page
    images = extract(with_raw_name("x" * len(raw), raw), tmp_path)
    assert images.names == ["Ảnh 01.jpg"]


def test_info_zip_unicode_path_field_is_preferred(tmp_path):
    """7-Zip and WinRAR store an ASCII-safe name plus the real one in an extra field."""
    real = "Ảnh 01.jpg".encode()
    info = zipfile.ZipInfo("Anh 01.jpg")
    field = b"\x01" + struct.pack("<I", zlib.crc32(b"Anh 01.jpg")) + real
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, b"jpeg")
    assert extract(buffer.getvalue(), tmp_path).names == ["Ảnh 01.jpg"]


@pytest.mark.parametrize(
    "name", ["../evil.jpg", "photos/../../evil.jpg", "/etc/evil.jpg", "C:/evil.jpg", "..\\evil.jpg"]
)
def test_paths_leaving_the_folder_refuse_the_whole_zip(tmp_path, name):
    data = zip_bytes({"fine.jpg": b"ok", name: b"evil"})
    with pytest.raises(ArchiveError, match="points outside the ZIP"):
        extract(data, tmp_path)
    assert not list((tmp_path / "unpacked").iterdir())
    assert not (tmp_path / "evil.jpg").exists()


def test_symlink_entries_are_refused(tmp_path):
    info = zipfile.ZipInfo("link.jpg")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="points outside the ZIP"):
        extract(buffer.getvalue(), tmp_path)


def test_zip_bomb_ratio_is_refused_before_extracting(tmp_path):
    data = zip_bytes({"bomb.jpg": b"\0" * 5 * MB})
    with pytest.raises(ArchiveError, match="ZIP bomb"):
        extract(data, tmp_path)
    assert not list((tmp_path / "unpacked").iterdir())


def test_declared_total_over_the_limit_is_refused(tmp_path):
    data = zip_bytes({f"{i}.jpg": bytes(range(256)) * 1000 for i in range(3)}, zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match="would expand"):
        extract(data, tmp_path, max_total_bytes=500_000)


def test_headers_that_understate_the_size_are_caught_while_extracting(tmp_path):
    data = bytearray(zip_bytes({"a.jpg": b"x" * 10_000}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at : at + 4] = struct.pack("<I", 100)  # claim 100 bytes
    with pytest.raises(ArchiveError):
        extract(bytes(data), tmp_path)
    assert all(p.stat().st_size <= 100 for p in (tmp_path / "unpacked").iterdir())


def test_too_many_members_is_refused(tmp_path):
    data = zip_bytes({f"{i}.jpg": b"x" for i in range(11)})
    with pytest.raises(ArchiveError, match="more than 10 files"):
        extract(data, tmp_path, max_members=10)


def test_password_protected_members_are_refused(tmp_path):
    data = bytearray(zip_bytes({"a.jpg": b"x"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x1
    with pytest.raises(ArchiveError, match="password"):
        extract(bytes(data), tmp_path)


def test_duplicate_names_in_the_zip_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.jpg", b"1")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("a.jpg", b"2")
    with zipfile.ZipFile(buffer) as archive, pytest.raises(ArchiveError, match="same name"):
        check_zip(archive, max_total_bytes=MB, max_members=10)


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
