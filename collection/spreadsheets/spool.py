"""The rows an import plan will write, kept on disk past the first twenty thousand.

A plan for a million new objects holds a gigabyte of text. A Spool keeps its rows in
memory up to IN_MEMORY of them (as fast as a list: most catalogues are smaller); past
that it writes them, and each BATCH after them, to an unnamed temporary file of its
own (in ``settings.IMPORT_TEMP_DIR``; gone when the plan is), so memory stays flat
however long the file. It is read back in order, as often as needed. The file holds
what this process wrote and nothing else, so pickle is safe here.
"""

import pickle
import tempfile

from django.conf import settings

IN_MEMORY = 20_000
BATCH = 2_000


class Spool:
    def __init__(self, rows=()):
        self._batch: list = []
        self._file = None
        self._end = 0  # where the file's last batch ends
        self._count = 0
        for row in rows:
            self.append(row)

    def append(self, row) -> None:
        self._batch.append(row)
        self._count += 1
        if len(self._batch) == (BATCH if self._file else IN_MEMORY):
            self._spill()

    def _spill(self):
        if self._file is None:
            self._file = tempfile.TemporaryFile(dir=settings.IMPORT_TEMP_DIR)  # noqa: SIM115
        self._file.seek(self._end)
        for start in range(0, len(self._batch), BATCH):  # in batches: pickle's memo is small
            batch = self._batch[start : start + BATCH]
            pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._end = self._file.tell()
        self._batch = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        """The rows in the order they came; each reading keeps its own place in the file."""
        offset = 0
        while offset < self._end:
            self._file.seek(offset)
            batch = pickle.load(self._file)  # noqa: S301 (written by this process alone)
            offset = self._file.tell()
            yield from batch
        yield from list(self._batch)

    def __repr__(self):
        return f"<Spool of {self._count} rows>"
