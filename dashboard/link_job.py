""""Add by link" as a job that outlives the script run that started it.

Fetching and analysing a page takes seconds, and a Streamlit run is cut short whenever another rerun is asked
for meanwhile (the map reporting its view, a timer, a click): every ``st`` call and every read or write of
``st.session_state`` is a point where the run stops. Done inside the run, the page was stored but the run that
was to say so was cut, the form's button was no longer pressed in the next run, and the reader saw nothing
(issue #24: "the main area stays empty past 120 s").

So the work runs in a thread of its own, which no rerun stops; the job is kept in the session and every run
looks at it: while it runs, its progress; once done, its outcome, which the run turns into the page's message.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable

from dashboard import backend

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:  # made on first use: nothing starts at import
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="add-link")
        return _POOL


class LinkJob:
    """One link being fetched and added: its URL, its progress so far (written by the worker thread, read by
    the runs) and the future holding ``backend.add_link``'s summary or its error. Mutable on purpose: it is
    the channel between the worker and the runs, not a record."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.progress: tuple[float, str] = (0.0, "Fetching the page…")
        self.future: Future | None = None

    def _step(self, fraction: float, message: str) -> None:
        self.progress = (min(max(float(fraction), 0.0), 1.0), message)

    @property
    def done(self) -> bool:
        return self.future is not None and self.future.done()

    def outcome(self) -> dict:
        """The summary of the stored article; raises what the job raised (ValueError: one line for the reader)."""
        return self.future.result()


def start(store, url: str, *, on_stored: Callable[[], None]) -> LinkJob:
    """Fetch and add ``url`` in the background; ``on_stored`` runs (in the worker) once the article is stored."""
    job = LinkJob(url.strip())

    def work() -> dict:
        summary = backend.add_link(store, job.url, progress=job._step)
        on_stored()
        return summary

    job.future = _pool().submit(work)
    return job
