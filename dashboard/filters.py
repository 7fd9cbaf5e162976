"""The dashboard's choices over stored events (no Streamlit): the date extent and opening window, the
sidebar's option lists, marker clicks. What each rerun shows the app asks of the store
(``timeline.query.EventQueries``), which applies the filters' rules in SQL.

The records are ``timeline.records.StoredEvent``; what a reader can ask (``Filters``, ``Bounds``) and its rules
are ``timeline.query``'s.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Iterable, Sequence

from timeline.records import StoredEvent
from timeline.query import Bounds, event_places

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


def dated_spans(ranges: Sequence[tuple[date, date, int]]) -> tuple[tuple[date, date], ...]:
    """The stretches of days that hold dated events: the events' date ranges (``EventQueries.day_ranges``)
    merged where they overlap or touch, in date order. Step and Play skip what lies between them."""
    spans: list[list[date]] = []
    for lo, hi, _ in sorted(ranges):
        if spans and lo <= spans[-1][1] + timedelta(days=1):
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return tuple((lo, hi) for lo, hi in spans)


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
