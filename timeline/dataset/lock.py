"""One writer at a time per dataset: a build and an import take the same lock."""
from __future__ import annotations

import fcntl
from pathlib import Path

from timeline.errors import UsageError


class DatasetLock:
    """One build at a time per dataset (a lock file; the OS drops it when the process dies, even by SIGKILL)."""

    def __init__(self, root: Path) -> None:
        self.path = root / "_lock"

    def __enter__(self):
        self.fh = open(self.path, "w")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise UsageError(f"--out {self.path.parent}: another build is writing this dataset") from None
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()
