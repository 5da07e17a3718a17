"""Where an upload waits between upload, preview and the background write.

The files are kept in the default file storage under a private prefix
(``settings.IMPORT_STAGING_PREFIX``, never served), so that a worker on any machine can
read what a web node received; their hashes are kept on the ``ImportJob``, so the
write checks it reads what was previewed. A worker works on a local copy in a
temporary folder of its own. The files are removed when the job is done or cancelled,
and any left after a day are swept away.
"""

import contextlib
import datetime
import hashlib
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from collection.models import ImportJob
from collection.spreadsheets.image_files import images_from_zip

MAX_AGE = datetime.timedelta(days=1)


class StagedFilesChanged(Exception):
    """The stored files are gone, or are not the ones that were uploaded and checked."""


def stage(job: ImportJob, *, spreadsheet, images) -> None:
    """Store the uploaded files under the job's private prefix; save the job."""
    suffix = Path(spreadsheet.name).suffix.lower()
    job.sheet_name = default_storage.save(f"{job.staged_prefix}/sheet{suffix}", spreadsheet)
    job.hashes = {"sheet": _hash(default_storage, job.sheet_name)}
    if images:
        job.images_name = default_storage.save(f"{job.staged_prefix}/images.zip", images)
        job.hashes["images"] = _hash(default_storage, job.images_name)
    job.save()


def stage_paths(job: ImportJob, *, sheet: Path, images: Path | None) -> None:
    """The command line's files, staged for a worker like an upload."""
    with contextlib.ExitStack() as files:
        spreadsheet = File(files.enter_context(open(sheet, "rb")), name=sheet.name)
        archive = images and File(files.enter_context(open(images, "rb")), name=images.name)
        stage(job, spreadsheet=spreadsheet, images=archive)


@contextlib.contextmanager
def local_copy(job: ImportJob):
    """(the spreadsheet's local path, the images or None) in a temporary folder that is
    removed afterwards; raise StagedFilesChanged if a file is not the one uploaded."""
    folder = Path(tempfile.mkdtemp(prefix="vitrine-import-", dir=settings.IMPORT_TEMP_DIR))
    try:
        sheet = folder / Path(job.sheet_name).name
        _copy(job.sheet_name, sheet, job.hashes.get("sheet"))
        images = None
        if job.images_name:
            archive = folder / "images.zip"
            _copy(job.images_name, archive, job.hashes.get("images"))
            unpacked = folder / "images"
            unpacked.mkdir()
            with open(archive, "rb") as file:
                images = images_from_zip(
                    file, dest_dir=unpacked, max_total_bytes=settings.IMPORT_MAX_ZIP_BYTES
                )
            archive.unlink()
        yield sheet, images
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove(job: ImportJob) -> None:
    for name in (job.sheet_name, job.images_name):
        if name:
            default_storage.delete(name)


def sweep(now=None) -> int:
    """Remove the files of jobs left unconfirmed or unfinished for a day; return how
    many jobs were swept."""
    old = ImportJob.objects.filter(created_at__lt=(now or timezone.now()) - MAX_AGE).exclude(
        sheet_name=""
    )
    swept = 0
    for job in old:
        remove(job)
        state = (
            job.state if job.state in (job.State.DONE, job.State.FAILED) else job.State.CANCELLED
        )
        ImportJob.objects.filter(pk=job.pk).update(sheet_name="", images_name="", state=state)
        swept += 1
    return swept


def _copy(name, target: Path, expected_hash):
    digest = hashlib.sha256()
    try:
        source = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise StagedFilesChanged(name) from None
    with source, open(target, "xb") as out:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    if expected_hash and digest.hexdigest() != expected_hash:
        raise StagedFilesChanged(name)


def _hash(storage, name) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
