"""Batches of the items a stream has already delivered: spaCy's speed on a full pipe, no wait on a slow one.

``geo parse --jsonl`` parses lines in batches (spaCy is faster on several documents at once), but a batch
must never wait for lines that have not been written yet: a caller that sends one line and waits for its
answer would wait for ever. A thread reads the stream; each batch is the next item (waited for) plus
whatever else has already been read, up to ``max_size``.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def ready_batches(items: Iterable[T], *, max_size: int) -> Iterator[list[T]]:
    """Lists of 1 to ``max_size`` items of ``items``, in order; an exception of ``items`` is raised here."""
    q: queue.Queue = queue.Queue(maxsize=4 * max_size)  # bounded: a fast writer cannot fill the memory

    def read() -> None:
        try:
            for item in items:
                q.put((item, None))
        except BaseException as exc:  # handed to the consumer, which raises it where it can be handled
            q.put((_END, exc))
            return
        q.put((_END, None))

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    done = False
    while not done:
        batch: list[T] = []
        item, error = q.get()
        while True:
            if item is _END:
                done = True
                break
            batch.append(item)
            if len(batch) >= max_size:
                break
            try:
                item, error = q.get_nowait()
            except queue.Empty:
                break
        if batch:
            yield batch
        if error is not None:
            raise error
