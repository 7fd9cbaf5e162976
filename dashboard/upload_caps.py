"""How much uploaded data the server holds: a cap per session and in all, freed when a session ends.

Streamlit keeps every uploaded file in memory until its session ends, however many a session sends: 300 PUTs of
1.9 MB into one session took the server from 631 to 1,175 MB. The app reads one file at a time (the article
form's uploader), so a session needs its current file and perhaps the one replacing it: past
``SESSION_BYTES`` its oldest files are dropped (they are stale: the uploader has moved on). Past ``TOTAL_BYTES``
held for all sessions together a new upload is refused with 503 and a message, rather than growing without
end. A session's files go when it ends: Streamlit frees them when a session is closed, but a browser that just
goes away leaves a disconnected session, which expires after ``server.disconnectedSessionTTL`` without its files
ever being freed (the probe's server still held 1.2 GB fifteen minutes on). So a sweep, every ``SWEEP_EVERY``
seconds and at each upload, frees the files of every session that has not been connected for that long; the
freed memory is handed back to the system (glibc keeps freed blocks of this size for reuse otherwise, and the
process stays at its peak).

``python -m dashboard`` installs ``CappedUploads`` in place of Streamlit's own manager (``install``).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import threading
import time

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

from dashboard.upload import MAX_UPLOAD_BYTES

SESSION_BYTES = 2 * MAX_UPLOAD_BYTES  # the file in use and the one replacing it
TOTAL_BYTES = 64 * MAX_UPLOAD_BYTES  # 128 MiB: 32 readers uploading at the same moment
FULL = "The server holds too many uploaded files just now; try again in a minute."
SWEEP_EVERY = 10.0  # seconds between sweeps for the files of sessions gone


def _trim_memory() -> None:
    """Hand freed heap memory back to the system (glibc only; elsewhere nothing to do)."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


class CappedUploads(MemoryUploadedFileManager):
    """Streamlit's in-memory upload store with the caps of this module."""

    def __init__(self, upload_endpoint: str) -> None:
        super().__init__(upload_endpoint)
        self._gone_since: dict[str, float] = {}  # session -> when it was first seen not connected
        self._sweeper: threading.Thread | None = None

    def sweep(self, now: float | None = None) -> None:
        """Free the files of sessions not connected for ``server.disconnectedSessionTTL`` seconds."""
        from streamlit import config
        from streamlit.runtime import Runtime

        if not Runtime.exists():
            return
        runtime = Runtime.instance()
        now = time.monotonic() if now is None else now
        ttl = config.get_option("server.disconnectedSessionTTL")
        with self._lock:
            sessions = list(self.file_storage)
        for session_id in sessions:
            if runtime.is_active_session(session_id):
                self._gone_since.pop(session_id, None)
            elif now - self._gone_since.setdefault(session_id, now) >= ttl:
                self._gone_since.pop(session_id, None)
                self.remove_session_files(session_id)

    def _sweep_forever(self) -> None:
        while True:
            time.sleep(SWEEP_EVERY)
            try:
                self.sweep()
            except Exception:  # noqa: BLE001 - a failed sweep must not end the sweeping; the next one tries again
                pass

    def add_file(self, session_id, file) -> None:
        from starlette.exceptions import HTTPException

        if self._sweeper is None:
            self._sweeper = threading.Thread(target=self._sweep_forever, name="newsmap-upload-sweep", daemon=True)
            self._sweeper.start()
        self.sweep()
        size = len(file.data)
        with self._lock:
            held = self.file_storage.get(session_id, {})
            stale = []
            session_bytes = sum(len(f.data) for k, f in held.items() if k != file.file_id)
            for file_id, rec in held.items():  # oldest first (dicts keep insertion order)
                if session_bytes + size <= SESSION_BYTES:
                    break
                if file_id != file.file_id:
                    stale.append(file_id)
                    session_bytes -= len(rec.data)
            freed = sum(len(held[k].data) for k in stale)
            replaced = len(held[file.file_id].data) if file.file_id in held else 0
            if self._total_bytes - freed - replaced + size > TOTAL_BYTES:
                raise HTTPException(status_code=503, detail=FULL)
            for file_id in stale:
                rec = held.pop(file_id)
                self._total_bytes -= len(rec.data)
                self._file_count -= 1
        super().add_file(session_id, file)

    def remove_session_files(self, session_id: str) -> None:
        super().remove_session_files(session_id)
        _trim_memory()

    def held(self) -> tuple[int, int]:
        """(files, bytes) held now, for all sessions."""
        with self._lock:
            return self._file_count, self._total_bytes


def install() -> None:
    """Make the Streamlit server this process is about to start keep its uploads in ``CappedUploads``."""
    from streamlit.web.server import server

    server.MemoryUploadedFileManager = CappedUploads
