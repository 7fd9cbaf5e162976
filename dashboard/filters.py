"""The dashboard's choices over stored events (no Streamlit): the date extent and opening window, the
sidebar's option lists, marker clicks, and ``EventIndex``, the rules over events already in memory (the app
itself asks the store, ``timeline.query.EventQueries``, for what each rerun shows).

The records are ``timeline.records.StoredEvent``; what a reader can ask (``Filters``, ``Bounds``) and its rules
are ``timeline.query``'s, the same the store applies in SQL (one table of tests runs against both).
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable, Sequence

from timeline.records import StoredEvent
from timeline.query import (Bounds, Filters, event_places, needs_review,  # noqa: F401  (Bounds, Filters re-exported:
                            region_code)  # the one definition)

Extent = tuple[date, date]


def date_extent(events: Iterable[StoredEvent]) -> Extent | None:
    ranges = [r for r in (se.event.day_range for se in events) if r]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


# Streamlit's date slider holds dates as float microseconds from 1970 and refuses those it cannot represent
# exactly (about 1684-07-29 to 2255-06-04); an article may well mention the 1600s.
SLIDER_MIN, SLIDER_MAX = date(1685, 1, 1), date(2255, 1, 1)


def slider_extent(extent: Extent | None) -> Extent | None:
    """``extent`` clamped to the dates Streamlit's slider can hold (events outside stay listed with no window)."""
    if extent is None:
        return None
    lo, hi = (min(max(d, SLIDER_MIN), SLIDER_MAX) for d in extent)
    return lo, hi


# At most this share of the dated events is left out of the opening window. A fifth, not a tenth: the seed's
# own background (2011) and one added article from another year (2005) are a tenth of the seed's 45 events,
# and opening on the whole 2005-2016 span then shrinks the weeks the seed reports to a sliver.
OUTLIER_SHARE = 0.2
MIN_PAD_DAYS = 31


def default_window(events: Iterable[StoredEvent], extent: Extent | None) -> Extent | None:
    """``window_of_ranges`` of the events' date ranges (each event once)."""
    counts = Counter(r for r in (se.event.day_range for se in events) if r)
    return window_of_ranges([(lo, hi, n) for (lo, hi), n in counts.items()], extent)


def window_of_ranges(ranges: Sequence[tuple[date, date, int]], extent: Extent | None) -> Extent | None:
    """The date window the app opens on: ``extent`` less the few events far from all the others.

    ``ranges``: (first day, last day, events) of the dated events' date ranges (``EventQueries.day_ranges``),
    so the window comes from a few thousand distinct ranges, not from every event.
    An article's background ("the 2011 revolution") or a misread month would otherwise stretch the window
    and the timeline's axis over years, bunching the reported weeks into a few pixels. From the quartiles
    Q1, Q3 of the events' dates (range midpoints), the window keeps [Q1 - pad, Q3 + pad] with
    pad = max(3 * (Q3 - Q1), 31 days), fitted to the dated events overlapping it (a month whole, a longer
    range only inside those bounds). When that would leave out more than a fifth of the dated events (their
    spread is then the data), or there are fewer than ten (so not one could be left out), it is ``extent``.
    The slider still reaches the whole ``extent``; None when ``extent`` is None.
    """
    if extent is None:
        return None
    total = sum(n for _, _, n in ranges)
    if total < 10:
        return extent
    q1, q3 = _quartiles(sorted(((lo.toordinal() + hi.toordinal()) / 2, n) for lo, hi, n in ranges), total)
    pad = max(3 * (q3 - q1), MIN_PAD_DAYS)
    lo_f = date.fromordinal(max(1, int(q1 - pad)))
    hi_f = date.fromordinal(min(date.max.toordinal(), int(q3 + pad) + 1))
    kept = [(lo, hi, n) for lo, hi, n in ranges if hi >= lo_f and lo <= hi_f]
    n_kept = sum(n for _, _, n in kept)
    if not kept or total - n_kept > OUTLIER_SHARE * total:
        return extent
    # a kept month is shown whole; a longer range (a year) only as far as the fences
    spans = [(lo, hi) if (hi - lo).days <= MIN_PAD_DAYS else (max(lo, lo_f), min(hi, hi_f)) for lo, hi, _ in kept]
    lo = max(min(r[0] for r in spans), extent[0])
    hi = min(max(r[1] for r in spans), extent[1])
    return (lo, hi) if lo < hi else extent


def _quartiles(values: list[tuple[float, int]], total: int) -> tuple[float, float]:
    """Q1 and Q3 of ``total`` sorted values given as (value, times), as ``statistics.quantiles(n=4,
    method="inclusive")`` gives them for the values written out."""
    from bisect import bisect_right
    from itertools import accumulate

    ends = list(accumulate(n for _, n in values))  # the value at sorted position k: first end > k

    def at(k: int) -> float:
        return values[bisect_right(ends, k)][0]

    out = []
    m = total - 1
    for i in (1, 3):
        j, delta = divmod(i * m, 4)
        out.append((at(j) * (4 - delta) + at(min(j + 1, m)) * delta) / 4)
    return out[0], out[1]


def events_at(events: Sequence[StoredEvent], lat: float, lon: float, tol: float = 1e-4) -> list[StoredEvent]:
    """Events with a placed place at (lat, lon): what clicking a marker selects."""
    return [se for se in events
            if any(abs(p.entry.lat - lat) <= tol and abs(p.entry.lon - lon) <= tol for p in event_places(se.event))]


def actor_counts(events: Iterable[StoredEvent]) -> dict[str, int]:
    """Events per actor, most frequent first, then by name."""
    c = Counter(a for se in events for a in set(se.event.actors))
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def distinct(values: Iterable[str | None]) -> list[str]:
    """Sorted (case-blind) distinct non-empty values: the options of a sidebar list."""
    return sorted({str(v) for v in values if v}, key=str.lower)


def bounds_from_folium(b: dict | None) -> Bounds | None:
    """The box of st_folium's ``bounds`` value, or None when it is missing or degenerate."""
    try:
        sw, ne = b["_southWest"], b["_northEast"]
        s, w, n, e = float(sw["lat"]), float(sw["lng"]), float(ne["lat"]), float(ne["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if n <= s or e == w:
        return None
    return Bounds(s, w, n, e)


def sort_key(se: StoredEvent):
    r = se.event.day_range
    return (r is None, r[0] if r else date.max, se.event.id)


class EventIndex:
    """A fixed list of stored events in columns, for filtering it many times fast (one per rerun of the app).

    ``select`` applies ``timeline.query``'s rules (tested against ``Store.events`` on one table of cases)
    with numpy over columns built once: date ranges as day ordinals, type/source/article codes, each
    actor's events, each country's and first-level region's events, and every placed coordinate
    (``event_places``) with its event.
    """

    def __init__(self, events: Sequence[StoredEvent]):
        import numpy as np

        self.events = list(events)
        n = len(self.events)
        ranges = [se.event.day_range for se in self.events]
        self._dated = np.array([r is not None for r in ranges], dtype=bool)
        self._lo = np.array([r[0].toordinal() if r else 0 for r in ranges], dtype=np.int64)
        self._hi = np.array([r[1].toordinal() if r else 0 for r in ranges], dtype=np.int64)
        self._cols = {"type": [se.event.type for se in self.events], "source": [se.source for se in self.events],
                      "article_id": [se.event.article_id for se in self.events],
                      "factuality": [se.event.factuality for se in self.events]}
        by_actor: dict[str, list[int]] = {}
        by_place: tuple[dict, dict] = ({}, {})  # country code, "CC.ADM1" region -> events placed there
        ev, lat, lon = [], [], []
        for i, se in enumerate(self.events):
            for a in set(se.event.actors):
                by_actor.setdefault(a, []).append(i)
            for p in event_places(se.event):
                ev.append(i)
                lat.append(p.entry.lat)
                lon.append(p.entry.lon)
                for codes, code in zip(by_place, (p.entry.country_code,
                                                  region_code(p.entry.country_code, p.entry.admin1))):
                    if code:
                        codes.setdefault(code, set()).add(i)
        self._by_actor = {a: np.array(ix, dtype=np.int64) for a, ix in by_actor.items()}
        self._by_country, self._by_region = ({c: np.array(sorted(ix), dtype=np.int64) for c, ix in codes.items()}
                                             for codes in by_place)
        self._pt_event = np.array(ev, dtype=np.int64)
        self._pt_lat = np.array(lat, dtype=float)
        self._pt_lon = np.array(lon, dtype=float)
        self._placed = np.zeros(n, dtype=bool)
        self._placed[self._pt_event] = True
        self._review = np.fromiter((needs_review(se.event) for se in self.events),
                                   dtype=bool, count=n)

    def __len__(self) -> int:
        return len(self.events)

    @staticmethod
    def _any_of(values: tuple, where: dict, n: int):
        """Boolean per event: it is in ``where``'s positions of one of ``values`` (an actor, a place code)."""
        import numpy as np

        hit = np.zeros(n, dtype=bool)
        for v in set(values):
            if v in where:
                hit[where[v]] = True
        return hit

    def _isin(self, key: str, values: tuple):
        import numpy as np

        wanted = set(values)
        return np.fromiter((v in wanted for v in self._cols[key]), dtype=bool, count=len(self.events))

    def in_bounds(self, bounds: Bounds | None):
        """Boolean per event: a placed place of it lies in the box (``timeline.query``'s rule)."""
        import numpy as np

        n = len(self.events)
        if bounds is None:
            return np.ones(n, dtype=bool)
        south, west, north, east = bounds
        hit = (self._pt_lat >= south) & (self._pt_lat <= north)
        if east < west:  # west > east crosses the antimeridian (a caller's box; Leaflet runs east past 180)
            east += 360
        if east - west < 360:
            hit &= (np.mod(self._pt_lon - west, 360.0) + west) <= east  # lon brought into [west, west + 360)
        out = np.zeros(n, dtype=bool)
        out[self._pt_event[hit]] = True
        return out

    def select(self, f: Filters, *, use_window: bool = True, bounds: Bounds | None = None,
               review_only: bool = False):
        """Positions (ascending numpy int array) of the events passing ``f`` (its date window unless
        ``use_window`` is False) and inside ``bounds``; only those that need review (``timeline.query.needs_review``)
        when ``review_only``."""
        import numpy as np

        n = len(self.events)
        keep = self._review.copy() if review_only else np.ones(n, dtype=bool)
        for values, where in ((f.actors, self._by_actor), (f.countries, self._by_country),
                              (f.regions, self._by_region)):
            if values:
                keep &= self._any_of(values, where, n)
        for key, values in (("type", f.types), ("source", f.sources), ("article_id", f.articles),
                            ("factuality", f.factualities)):
            if values:
                keep &= self._isin(key, values)
        if use_window and (f.start is not None or f.end is not None):
            keep &= self._dated
            if f.start is not None:
                keep &= self._hi >= f.start.toordinal()
            if f.end is not None:
                keep &= self._lo <= f.end.toordinal()
        if bounds is not None:
            keep &= self.in_bounds(bounds)
        return np.flatnonzero(keep)

    def view_restricts(self, bounds: Bounds | None) -> Bounds | None:
        """``bounds`` if the map view leaves out some placed event, else None (the view then filters nothing,
        so events with no place stay listed)."""
        if bounds is None:
            return None
        return bounds if bool((self._placed & ~self.in_bounds(bounds)).any()) else None

    def placed_at(self, lat: float, lon: float, tol: float = 1e-4) -> bool:
        """Whether some event has a placed place at (lat, lon): a marker's click, not a cluster's (a cluster
        sits at the mean of its markers, which is a marker's spot only when all of them share it)."""
        return bool(((abs(self._pt_lat - lat) <= tol) & (abs(self._pt_lon - lon) <= tol)).any())

    def take(self, positions) -> list[StoredEvent]:
        return [self.events[i] for i in positions]
