"""What a reader asks of the stored events: one ``Filters`` record and one ``Bounds`` box.

The store answers it in SQL (``Store.events``) and the dashboard in memory (``dashboard.filters.EventIndex``),
by the same rules, which one table of tests checks against both:
- ``actors``/``types``/``sources``/``articles``: keep events matching any of the values (empty: all);
- ``start``/``end``: keep dated events whose date range overlaps the window (undated ones drop out);
- a ``Bounds`` box: keep events with their location or any placed place inside it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple


class Bounds(NamedTuple):
    """A map box in degrees; ``west > east`` crosses the antimeridian, ``east - west >= 360`` is the world."""

    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class Filters:
    """What the reader chose. Empty tuples mean "all"; ``start``/``end`` None mean no date window."""

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
