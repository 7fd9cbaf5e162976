"""Pure filtering of event dicts (no Streamlit): by actors, types, sources, articles, date window, map bounds."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from geo.records import AREA_CODES
from timeline.export import event_places  # noqa: F401  (re-exported: the map and the app use it)

Bounds = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class Filters:
    """What the reader chose. Empty tuples mean "all"; ``start``/``end`` None mean no date window."""

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


def parse_iso_date(value) -> date | None:
    """A date from ``YYYY-MM-DD`` (or a longer ISO string), else None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def event_range(event: dict) -> tuple[date, date] | None:
    """The (earliest, latest) dates the event's TIMEX spans, or None when undated."""
    t = event.get("date") or None
    if not t:
        return None
    lo = parse_iso_date(t.get("earliest")) or parse_iso_date(t.get("value"))
    hi = parse_iso_date(t.get("latest")) or lo
    if lo is None:
        return None
    return (lo, hi) if hi >= lo else (hi, lo)


def is_area(place: dict) -> bool:
    """A place larger than a town (country, region, sea: a dashed circle on the map), by the geoparser's own
    list of GeoNames feature codes (``geo.records.AREA_CODES``), so map and geoparser agree."""
    return (place.get("feature_code") or "") in AREA_CODES


def date_extent(events: Iterable[dict]) -> tuple[date, date] | None:
    ranges = [r for r in (event_range(e) for e in events) if r]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


# Streamlit's date slider holds dates as float microseconds from 1970 and refuses those it cannot represent
# exactly (about 1684-07-29 to 2255-06-04); an article may well mention the 1600s.
SLIDER_MIN, SLIDER_MAX = date(1685, 1, 1), date(2255, 1, 1)


def slider_extent(extent: tuple[date, date] | None) -> tuple[date, date] | None:
    """``extent`` clamped to the dates Streamlit's slider can hold (events outside stay listed with no window)."""
    if extent is None:
        return None
    lo, hi = (min(max(d, SLIDER_MIN), SLIDER_MAX) for d in extent)
    return lo, hi


OUTLIER_SHARE = 0.1  # at most this share of the dated events is left out of the opening window
MIN_PAD_DAYS = 31


def default_window(events: Iterable[dict], extent: tuple[date, date] | None) -> tuple[date, date] | None:
    """The date window the app opens on: ``extent`` less the few events far from all the others.

    An article's background ("the 2011 revolution") or a misread month would otherwise stretch the window
    and the timeline's axis over years, bunching the reported weeks into a few pixels. From the quartiles
    Q1, Q3 of the events' dates (range midpoints), the window keeps [Q1 - pad, Q3 + pad] with
    pad = max(3 * (Q3 - Q1), 31 days), fitted to the dated events overlapping it (a month whole, a longer
    range only inside those bounds). When that would leave out more than a tenth of the dated events (their
    spread is then the data), or there are fewer than ten (so not one could be left out), it is ``extent``.
    The slider still reaches the whole ``extent``; None when ``extent`` is None.
    """
    if extent is None:
        return None
    ranges = [r for r in (event_range(e) for e in events) if r]
    if len(ranges) < 10:
        return extent
    from statistics import quantiles

    q1, _, q3 = quantiles(sorted((r[0].toordinal() + r[1].toordinal()) / 2 for r in ranges), n=4,
                          method="inclusive")
    pad = max(3 * (q3 - q1), MIN_PAD_DAYS)
    lo_f = date.fromordinal(max(1, int(q1 - pad)))
    hi_f = date.fromordinal(min(date.max.toordinal(), int(q3 + pad) + 1))
    kept = [r for r in ranges if r[1] >= lo_f and r[0] <= hi_f]
    if not kept or len(ranges) - len(kept) > OUTLIER_SHARE * len(ranges):
        return extent
    # a kept month is shown whole; a longer range (a year) only as far as the fences
    spans = [r if (r[1] - r[0]).days <= MIN_PAD_DAYS else (max(r[0], lo_f), min(r[1], hi_f)) for r in kept]
    lo = max(min(r[0] for r in spans), extent[0])
    hi = min(max(r[1] for r in spans), extent[1])
    return (lo, hi) if lo < hi else extent


def in_window(event: dict, start: date | None, end: date | None) -> bool:
    """True when the event's date range overlaps [start, end]; undated events only pass with no window."""
    if start is None and end is None:
        return True
    r = event_range(event)
    if r is None:
        return False
    return (start is None or r[1] >= start) and (end is None or r[0] <= end)


def _lon_in(lon: float, west: float, east: float) -> bool:
    if east - west >= 360:
        return True
    lon = ((lon - west) % 360) + west  # bring lon into [west, west + 360)
    return lon <= east


def in_bounds(event: dict, bounds: Bounds | None) -> bool:
    """True when any placed place of the event lies in the (south, west, north, east) box; unplaced events fail."""
    if bounds is None:
        return True
    south, west, north, east = bounds
    return any(south <= float(p["lat"]) <= north and _lon_in(float(p["lon"]), west, east)
               for p in event_places(event))


def view_restricts(events: Sequence[dict], bounds: Bounds | None) -> Bounds | None:
    """``bounds`` if the map view leaves out some placed event, else None (the view then filters nothing,
    so events with no place stay listed)."""
    if bounds is None:
        return None
    placed = [e for e in events if event_places(e)]
    if all(in_bounds(e, bounds) for e in placed):
        return None
    return bounds


def matches(event: dict, f: Filters) -> bool:
    if f.actors and not set(f.actors) & set(event.get("actors") or ()):
        return False
    if f.types and event.get("type") not in f.types:
        return False
    if f.sources and event.get("source") not in f.sources:
        return False
    if f.articles and event.get("article_id") not in f.articles:
        return False
    return True


def filter_events(events: Sequence[dict], f: Filters, *, use_window: bool = True,
                  bounds: Bounds | None = None) -> list[dict]:
    """Events passing the choices in ``f`` (and its date window unless ``use_window`` is False) and in ``bounds``."""
    return [e for e in events
            if matches(e, f)
            and (not use_window or in_window(e, f.start, f.end))
            and in_bounds(e, bounds)]


def events_at(events: Sequence[dict], lat: float, lon: float, tol: float = 1e-4) -> list[dict]:
    """Events with a placed place at (lat, lon): what clicking a marker selects."""
    return [e for e in events
            if any(abs(float(p["lat"]) - lat) <= tol and abs(float(p["lon"]) - lon) <= tol for p in event_places(e))]


def actor_counts(events: Iterable[dict]) -> dict[str, int]:
    """Events per actor, most frequent first, then by name."""
    c = Counter(a for e in events for a in set(e.get("actors") or ()))
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def values(events: Iterable[dict], key: str) -> list[str]:
    """Sorted distinct non-empty values of ``key``."""
    return sorted({str(e[key]) for e in events if e.get(key)}, key=str.lower)


def bounds_from_folium(b: dict | None) -> Bounds | None:
    """(south, west, north, east) from st_folium's ``bounds`` value, or None when it is missing or degenerate."""
    try:
        sw, ne = b["_southWest"], b["_northEast"]
        s, w, n, e = float(sw["lat"]), float(sw["lng"]), float(ne["lat"]), float(ne["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if n <= s or e == w:
        return None
    return s, w, n, e


def sort_key(event: dict):
    r = event_range(event)
    return (r is None, r[0] if r else date.max, event.get("id", ""))


class EventIndex:
    """A fixed list of events in columns, for filtering it many times fast (one per rerun of the app).

    ``select`` gives the positions ``filter_events`` would keep, by the same rules (tested against it), with
    numpy over columns built once: date ranges as day ordinals, type/source/article codes, each actor's
    events, and every placed coordinate (``event_places``) with its event.
    """

    def __init__(self, events: Sequence[dict]):
        import numpy as np

        self.events = list(events)
        n = len(self.events)
        ranges = [event_range(e) for e in self.events]
        self._dated = np.array([r is not None for r in ranges], dtype=bool)
        self._lo = np.array([r[0].toordinal() if r else 0 for r in ranges], dtype=np.int64)
        self._hi = np.array([r[1].toordinal() if r else 0 for r in ranges], dtype=np.int64)
        self._cols = {key: [e.get(key) for e in self.events] for key in ("type", "source", "article_id")}
        by_actor: dict[str, list[int]] = {}
        ev, lat, lon = [], [], []
        for i, e in enumerate(self.events):
            for a in set(e.get("actors") or ()):
                by_actor.setdefault(a, []).append(i)
            for p in event_places(e):
                ev.append(i)
                lat.append(float(p["lat"]))
                lon.append(float(p["lon"]))
        self._by_actor = {a: np.array(ix, dtype=np.int64) for a, ix in by_actor.items()}
        self._pt_event = np.array(ev, dtype=np.int64)
        self._pt_lat = np.array(lat, dtype=float)
        self._pt_lon = np.array(lon, dtype=float)
        self._placed = np.zeros(n, dtype=bool)
        self._placed[self._pt_event] = True

    def __len__(self) -> int:
        return len(self.events)

    def _isin(self, key: str, values: tuple):
        import numpy as np

        wanted = set(values)
        return np.fromiter((v in wanted for v in self._cols[key]), dtype=bool, count=len(self.events))

    def in_bounds(self, bounds: Bounds | None):
        """Boolean per event: ``in_bounds(event, bounds)``."""
        import numpy as np

        n = len(self.events)
        if bounds is None:
            return np.ones(n, dtype=bool)
        south, west, north, east = bounds
        hit = (self._pt_lat >= south) & (self._pt_lat <= north)
        if east - west < 360:
            hit &= (np.mod(self._pt_lon - west, 360.0) + west) <= east
        out = np.zeros(n, dtype=bool)
        out[self._pt_event[hit]] = True
        return out

    def select(self, f: Filters, *, use_window: bool = True, bounds: Bounds | None = None):
        """Positions (ascending numpy int array) of the events ``filter_events(events, f, ...)`` keeps."""
        import numpy as np

        n = len(self.events)
        keep = np.ones(n, dtype=bool)
        if f.actors:
            hit = np.zeros(n, dtype=bool)
            for a in set(f.actors):
                if a in self._by_actor:
                    hit[self._by_actor[a]] = True
            keep &= hit
        for key, values in (("type", f.types), ("source", f.sources), ("article_id", f.articles)):
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
        """``view_restricts(events, bounds)``."""
        if bounds is None:
            return None
        return bounds if bool((self._placed & ~self.in_bounds(bounds)).any()) else None

    def take(self, positions) -> list[dict]:
        return [self.events[i] for i in positions]
