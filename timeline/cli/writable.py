"""The check every command writing a store makes first: can anything be stored there at all."""
from __future__ import annotations

import os
from pathlib import Path

from timeline.errors import UsageError


def check_writable(db: Path) -> None:
    """``UsageError`` when nothing could be stored in ``db``: a read-only file (or file system), or a folder
    where it cannot be created. Checked first, so a read-only store does not fail each article after its
    analysis. The store's own write-ahead log goes beside it, so the folder must be writable too."""
    if db.exists() and not os.access(db, os.W_OK):
        raise UsageError(f"--db {db}: is read-only, nothing can be stored in it")
    folder = db.absolute().parent
    while not folder.exists():  # the store creates missing folders: the first existing one must take them
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise UsageError(f"--db {db}: the folder {folder} is not a writable folder")
