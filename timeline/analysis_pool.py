"""Articles analysed in worker processes ahead of the one writer that stores them, in the order given.

The analysis (spaCy, the gazetteer, the tagger) takes nearly all of an ingest's time and holds the GIL, so a
second core helps only from another process. Each worker loads the pipeline once, on its first article; the
store stays in the calling process (SQLite allows one writer, and one transaction per article keeps a failure
to that article). A pool pays for its start (about 2 s per worker to load the models) over a few articles
only, so the callers use it from ``MIN_ARTICLES`` on.

The workers are started with "spawn": a forked copy of a process that holds other threads (the fetcher's,
a store's) can inherit a lock held by one of them and hang.
"""
from __future__ import annotations

import multiprocessing
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Callable

from timeline.records import Analysis, Article

MIN_ARTICLES = 8  # fewer articles than this are analysed in the calling process
AHEAD_PER_WORKER = 2  # articles handed to the pool before the oldest is stored: each worker has its next one


class AnalysisPool:
    """``workers`` processes running ``analyse`` (a module-level function: it is sent to them by name)."""

    def __init__(self, analyse: Callable[[Article], Analysis], *, workers: int) -> None:
        if workers < 2:
            raise ValueError(f"an analysis pool needs 2 workers or more, not {workers}")
        self.workers = workers
        self._analyse = analyse
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_leave_ctrl_c_to_the_caller)

    @property
    def ahead(self) -> int:
        """How many articles may be waiting for their analysis at once."""
        return AHEAD_PER_WORKER * self.workers

    def submit(self, article: Article) -> Future:
        return self._pool.submit(self._analyse, article)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers: after the analyses under way (``cancel``: without waiting, dropping those not begun)."""
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)


def _leave_ctrl_c_to_the_caller() -> None:
    """A worker ignores SIGINT. Ctrl-C in a terminal reaches the whole process group: the caller stops, stores
    nothing more and reports; a worker that heard it would print its own traceback (an idle one) or fail the
    article it held."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pool_for(analyse: Callable[[Article], Analysis], *, workers: int, articles: int) -> AnalysisPool | None:
    """A pool of ``workers`` for ``articles`` articles, or None where the calling process should analyse them:
    one worker asked, or too few articles to pay for the pool's start."""
    if workers < 2 or articles < MIN_ARTICLES:
        return None
    return AnalysisPool(analyse, workers=min(workers, articles))
