"""The store's answers kept between reruns (no Streamlit): a rerun asks again only what its change altered.

A rerun asks the store (``timeline.query.EventQueries``) about ten questions; a change of one widget alters a
few of them (a map-view change leaves the date bins and the facet counts as they were). ``Answers`` keeps the
latest answers per store revision, least recently used out first, and weighs a page by its events so that a
few pages of markers, not thousands, stay in memory. Shared by every session of a process: the answers depend
only on the question and the store's revision.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from timeline.query import EventPage

MAX_WEIGHT = 20_000  # a page weighs its events, any other answer 1


class Answers:
    def __init__(self, store, max_weight: int = MAX_WEIGHT) -> None:
        self.store = store
        self._max = max_weight
        self._kept: OrderedDict = OrderedDict()
        self._weight = 0
        self._rev = None
        self._lock = threading.Lock()

    def ask(self, rev, name: str, *args, **kwargs):
        """``store.<name>(*args, **kwargs)`` at store revision ``rev``, from the kept answers when asked before.
        The arguments must be hashable (``Filters``, ``Bounds``, strings, numbers)."""
        return self.remember(rev, (name, args, tuple(sorted(kwargs.items()))),
                             lambda: getattr(self.store, name)(*args, **kwargs))

    def remember(self, rev, key, compute, weight: int = 1):
        """``compute()``, kept under ``key`` at revision ``rev`` (``weight``: what it counts for, pages aside)."""
        with self._lock:
            if rev != self._rev:
                self._kept.clear()
                self._weight, self._rev = 0, rev
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key][0]
        answer = compute()
        w = max(1, len(answer.events)) if isinstance(answer, EventPage) else weight
        with self._lock:
            if rev == self._rev and w <= self._max and key not in self._kept:
                self._kept[key] = (answer, w)
                self._weight += w
                while self._weight > self._max:
                    _, (_, old) = self._kept.popitem(last=False)
                    self._weight -= old
        return answer

    def at(self, rev) -> "AskedStore":
        """The store's questions at revision ``rev``, answered through ``ask``."""
        return AskedStore(self, rev)


class AskedStore:
    """``store.name(...)`` becomes ``answers.ask(rev, "name", ...)``: the app asks it as it would the store."""

    def __init__(self, answers: Answers, rev) -> None:
        self._answers, self._rev = answers, rev

    def __getattr__(self, name: str):
        def asked(*args, **kwargs):
            return self._answers.ask(self._rev, name, *args, **kwargs)

        return asked

    def remember(self, key, compute, weight: int = 1):
        return self._answers.remember(self._rev, key, compute, weight)
