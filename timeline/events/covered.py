"""Which character offsets a set of ``[start, end)`` spans covers, each asked in O(log n).

The actor finder asks, for every entity and surname of an article, whether an earlier find or a place holds
it; scanning every span each time grew with the square of a long article's mentions.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable


class Covered:
    """Spans added in order of their starts; ``covers(offset)`` is true when one of them holds the offset."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._reach: list[int] = []  # the furthest end among the spans up to and including each start
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if self._starts and start < self._starts[-1]:
            raise ValueError(f"span starting at {start} added after one starting at {self._starts[-1]}")
        self._starts.append(start)
        self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def holds(self, start: int, end: int) -> bool:
        """True when one span holds all of [start, end) (the one reaching furthest among those starting by
        ``start``)."""
        k = bisect.bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def covers(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset)  # the spans that start at or before the offset
        return k > 0 and self._reach[k - 1] > offset


def any_start_in(sorted_starts: list[int], start: int, end: int) -> bool:
    """True when one of ``sorted_starts`` lies in [start, end)."""
    k = bisect.bisect_left(sorted_starts, start)
    return k < len(sorted_starts) and sorted_starts[k] < end


def any_span_within(sorted_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when one of ``sorted_spans`` (sorted by start) lies wholly inside [start, end)."""
    k = bisect.bisect_left(sorted_spans, (start, start))
    while k < len(sorted_spans) and sorted_spans[k][0] < end:
        if sorted_spans[k][1] <= end:
            return True
        k += 1
    return False
