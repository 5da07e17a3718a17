"""The image files that arrive with an import, from a folder or a ZIP, by file name.

``ImageFiles`` lets the spreadsheet's ``image`` column name "Ảnh 01.jpg" whichever way
the file reached us: NFC or NFD, .jpg or .JPG, in a subfolder or not. Files that
operating systems leave behind are ignored, and two files with one name are an error.
"""

import os
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from collection.spreadsheets.zipfiles import (
    ENCRYPTED_FLAG,
    ArchiveError,
    check_zip,
    extract_member,
    member_name,
    safe_parts,
)

# Files that operating systems leave in folders and ZIPs; nobody means to import them.
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
JUNK_FOLDERS = frozenset({"__macosx"})


def image_key(name: str) -> str:
    """The matching key: NFC, exact except for the extension's case (cameras write .JPG)."""
    name = unicodedata.normalize("NFC", name)
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{extension.lower()}" if dot and stem else name


def _is_junk_folder(name: str) -> bool:
    return name.casefold() in JUNK_FOLDERS or name.startswith(".")


def _is_junk(parts: list[str]) -> bool:
    """True for system litter: the names above, dot files (macOS's "._name" resource forks
    among them) and anything inside __MACOSX/ or a hidden folder."""
    *folders, name = parts
    return (
        any(_is_junk_folder(folder) for folder in folders)
        or name.casefold() in JUNK_NAMES
        or name.startswith(".")
    )


@dataclass
class ImageFiles:
    """Available image files by name. Every file counts, not only known image types, so
    that a row naming "scan.pdf" hears "not an image" rather than "not found"."""

    files: dict[str, Path] = field(default_factory=dict)  # matching key -> file on disk
    names: list[str] = field(default_factory=list)  # NFC file names, sorted

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Path, str]]) -> "ImageFiles":
        """Build from (file name, path, where it was found) triples; where names the
        duplicate in the error."""
        files: dict[str, Path] = {}
        found_at: dict[str, str] = {}
        for name, path, where in pairs:
            key = image_key(name)
            if key in files:
                raise ArchiveError(
                    _(
                        'Two image files have the same name: "%(first)s" and "%(second)s". '
                        "Rename one of them so each row names exactly one file."
                    )
                    % {"first": found_at[key], "second": where}
                )
            files[key] = path
            found_at[key] = where
        return cls(
            files=files, names=sorted(unicodedata.normalize("NFC", p.name) for p in files.values())
        )

    def find(self, name: str) -> Path | None:
        """The file a spreadsheet cell names, or None. Only plain file names match: a name
        with a folder in it ("sub/a.jpg", "../a.jpg", "C:\\a.jpg") is never looked up."""
        name = name.strip()
        if (
            name in {"", ".", ".."}
            or any(c in name for c in "/\\\x00")
            or (len(name) > 1 and name[1] == ":")  # a Windows drive letter
        ):
            return None
        return self.files.get(image_key(name))

    def unused(self, used: Iterable[str]) -> list[str]:
        """File names that no row names, sorted, for the import report."""
        used_keys = {image_key(name.strip()) for name in used}
        return sorted(
            unicodedata.normalize("NFC", path.name)
            for key, path in self.files.items()
            if key not in used_keys
        )


def images_from_folder(path) -> ImageFiles:
    """Every file under `path`, nested folders included, by base name."""
    root = Path(path)
    if not root.is_dir():
        raise ArchiveError(_('"%(folder)s" is not a folder.') % {"folder": root})

    def pairs():
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(s for s in subfolders if not _is_junk_folder(s))
            for name in sorted(names):
                file = Path(folder, name)
                if not _is_junk([name]) and file.is_file():
                    yield name, file, str(file.relative_to(root))

    return ImageFiles.from_pairs(pairs())


def images_from_zip(
    file, *, dest_dir, max_total_bytes: int, max_members: int = 50_000
) -> ImageFiles:
    """Extract the ZIP's files flat into dest_dir (which the caller creates and removes)."""
    dest = Path(dest_dir).resolve()
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(_("The file is not a ZIP archive, or it is damaged.")) from error
    with archive:
        check_zip(archive, max_total_bytes=max_total_bytes, max_members=max_members)
        wanted = []
        for info in archive.infolist():
            name = member_name(info)
            parts = safe_parts(name, info)
            if info.is_dir() or not parts or _is_junk(parts):
                continue
            if info.flag_bits & ENCRYPTED_FLAG:
                raise ArchiveError(
                    _('"%(name)s" is password-protected; zip the images without a password.')
                    % {"name": name}
                )
            wanted.append((info, parts))
        # Duplicate names fail here, before a byte is written.
        ImageFiles.from_pairs((parts[-1], dest, "/".join(parts)) for _info, parts in wanted)

        written = 0
        pairs = []
        for index, (info, parts) in enumerate(wanted):
            target = dest / parts[-1]
            if target.exists():
                # Two names that only a case- or normalisation-insensitive disk confuses
                # ("a.jpg", "A.jpg"). Dot folders never hold a member: they are litter.
                target = dest / f".{index}" / parts[-1]
                target.parent.mkdir()
            written += extract_member(archive, info, target, max_total_bytes - written)
            pairs.append((parts[-1], target, "/".join(parts)))
    return ImageFiles.from_pairs(pairs)
