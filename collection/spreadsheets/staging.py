"""Where an admin upload waits between the preview and the confirmation.

Each upload is kept in a private folder of its own (never MEDIA_ROOT) named by a random
token and tied to the user who sent it, with the hashes of its files, so that confirm
can check it is reading what was previewed. The folder is removed after confirm and
cancel, and any left older than a day is swept away at the next upload.
"""

import hashlib
import json
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.http import Http404

from collection.spreadsheets.image_files import images_from_folder, images_from_zip
from collection.spreadsheets.planning import plan_file

MAX_AGE_SECONDS = 24 * 60 * 60


def uploads_root() -> Path:
    return Path(settings.IMPORT_TEMP_DIR or tempfile.gettempdir()) / "vitrine-imports"


def ensure_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def sweep_old_uploads(now=None) -> None:
    """Remove uploads nobody confirmed or cancelled within a day."""
    root, now = uploads_root(), now or time.time()
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and now - folder.stat().st_mtime > MAX_AGE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Upload:
    """One import waiting between upload and confirm, in its own folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.meta_path, self.summary_path = folder / "meta.json", folder / "summary.json"

    @classmethod
    def create(cls, *, user, spreadsheet, images) -> "Upload":
        sweep_old_uploads()
        upload = cls(ensure_folder(uploads_root()) / uuid.uuid4().hex)
        upload.folder.mkdir(mode=0o700)
        suffix = Path(spreadsheet.name).suffix.lower()
        sheet = upload.folder / f"sheet{suffix}"
        _store(spreadsheet, sheet)
        meta = {"user": user.pk, "file_name": Path(spreadsheet.name).name, "sheet": sheet.name}
        meta["hashes"] = {"sheet": file_hash(sheet)}
        if images:
            _store(images, upload.folder / "images.zip")
            meta["hashes"]["images"] = file_hash(upload.folder / "images.zip")
        upload.meta_path.write_text(json.dumps(meta))
        return upload

    @classmethod
    def find(cls, token: str, user) -> "Upload":
        if not token.isalnum():
            raise Http404
        upload = cls(uploads_root() / token)
        if not upload.meta_path.is_file() or upload.meta["user"] != user.pk:
            raise Http404
        return upload

    @property
    def token(self) -> str:
        return self.folder.name

    @property
    def meta(self) -> dict:
        return json.loads(self.meta_path.read_text())

    @property
    def summary(self) -> dict:
        return json.loads(self.summary_path.read_text())

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def files_unchanged(self) -> bool:
        hashes = self.meta["hashes"]
        names = {"sheet": self.meta["sheet"], "images": "images.zip"}
        return all(file_hash(self.folder / names[key]) == value for key, value in hashes.items())

    def images(self):
        if "images" not in self.meta["hashes"]:
            return None
        unpacked = self.folder / "images"
        if not unpacked.is_dir():
            unpacked.mkdir()
            with open(self.folder / "images.zip", "rb") as file:
                return images_from_zip(
                    file, dest_dir=unpacked, max_total_bytes=settings.IMPORT_MAX_ZIP_BYTES
                )
        return images_from_folder(unpacked)

    def plan(self, user):
        meta = self.meta
        return plan_file(
            self.folder / meta["sheet"],
            file_name=meta["file_name"],
            images=self.images(),
            user=user,
        )

    def save_summary(self, plan) -> None:
        summary = plan.summary() | {"fingerprint": plan.fingerprint, "errors": plan.errors}
        self.summary_path.write_text(json.dumps(summary, default=str))


def _store(uploaded, target: Path) -> None:
    with open(target, "xb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
