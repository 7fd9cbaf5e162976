"""Query parameters <-> filter state (pure, no Streamlit): validation with notices, never an exception.

URL parameters (each repeatable where it is a list):
  actor=NAME  type=TYPE  source=NAME  article=ARTICLE_ID  country=ISO2  region=CC.ADM1
  from=YYYY-MM-DD  to=YYYY-MM-DD
and the rest of a shared view (``LinkView``): brush=YYYY-MM-DD..YYYY-MM-DD  view=S,W,N,E  at=LAT,LON
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Mapping, Sequence

from articles import InputError, parse_date
from timeline.query import Bounds, Filters

from .mdtext import md_escape

LIST_PARAMS = {"actor": "actors", "type": "types", "source": "sources", "article": "articles",
               "country": "countries", "region": "regions"}
MAX_SEARCH_CHARS = 200  # the search box's text from a link: a few words, not a page
MAX_NAMED_UNKNOWN = 3  # unknown values of one parameter named one by one; the rest are counted in one notice
_LABEL = {"actor": "actor", "type": "event type", "source": "source", "article": "article", "country": "country",
          "region": "region"}


def _as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return [str(x) for x in v]


def _strict_date(s: str) -> date | None:
    """A share link's day: exactly YYYY-MM-DD (the form ``to_query`` writes), read by the one date parser."""
    if len(s) != 10:
        return None
    try:
        return parse_date(s)
    except InputError:
        return None


def parse_query(params: Mapping[str, Sequence[str] | str], *, known: Mapping[str, set[str]],
                extent: tuple[date, date] | None) -> tuple[Filters, list[str]]:
    """Filters from URL parameters, plus one Markdown-safe notice per ignored or adjusted value.

    ``known`` maps each list parameter (actor, type, source, article, country, region) to the values the
    store has.
    Unknown values and unreadable dates are ignored with a notice; a window outside ``extent`` is clamped.
    """
    notices: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for param, attr in LIST_PARAMS.items():
        ok, unknown = [], []
        for v in _as_list(params.get(param)):
            if v in known.get(param, set()):
                if v not in ok:
                    ok.append(v)
            elif v not in unknown:
                unknown.append(v)
        for v in unknown[:MAX_NAMED_UNKNOWN]:
            notices.append(f"Ignored unknown {_LABEL[param]} “{md_escape(v, 80)}” from the link.")
        if len(unknown) > MAX_NAMED_UNKNOWN:  # a link with 1,000 bad values gets one line for the rest
            notices.append(f"Ignored {len(unknown) - MAX_NAMED_UNKNOWN:,} more unknown {_LABEL[param]} values "
                           "from the link.")
        chosen[attr] = tuple(ok)
    f = Filters(**chosen)
    dates: dict[str, date | None] = {}
    for param in ("from", "to"):
        raw = _as_list(params.get(param))
        d = None
        if raw:
            d = _strict_date(raw[-1])
            if d is None:
                notices.append(f"Ignored invalid date “{md_escape(raw[-1], 40)}” for “{param}” "
                               "(expected YYYY-MM-DD).")
        dates[param] = d
    f = replace(f, text=" ".join(_as_list(params.get("q"))[-1:]).strip()[:MAX_SEARCH_CHARS])
    start, end = dates["from"], dates["to"]
    if start and end and start > end:
        notices.append("Ignored the date window from the link: its start is after its end.")
        start = end = None
    if extent and (start or end):
        lo, hi = extent
        if start and not lo <= start <= hi or end and not lo <= end <= hi:
            notices.append(f"The date window from the link was fitted to the stored events ({lo} to {hi}).")
        start = min(max(start, lo), hi) if start else None
        end = min(max(end, lo), hi) if end else None
        if start and end and start > end:
            start = end = None
    return replace(f, start=start, end=end), notices


def to_query(f: Filters, default: tuple[date, date] | None = None) -> dict[str, list[str] | str]:
    """URL parameters for ``f``; the date window is left out when it is ``default`` (or unset).

    ``default`` is the window a link without dates opens on (the app's ``filters.default_window``), so the
    link of any other window, the whole extent included, says its dates and reopens the same view.
    """
    q: dict[str, list[str] | str] = {}
    for param, attr in LIST_PARAMS.items():
        vals = list(getattr(f, attr))
        if vals:
            q[param] = vals
    if f.text.strip():
        q["q"] = f.text.strip()
    same = default is not None and f.start == default[0] and f.end == default[1]
    if not same:
        if f.start:
            q["from"] = f.start.isoformat()
        if f.end:
            q["to"] = f.end.isoformat()
    return q


def window_or_extent(f: Filters, extent: tuple[date, date] | None,
                     default: tuple[date, date] | None = None) -> tuple[date, date] | None:
    """The slider value for ``f``: its window with open ends filled from the extent; ``default`` (else the
    extent) when ``f`` has no dates at all."""
    if extent is None:
        return None
    if f.start is None and f.end is None:
        return default or extent
    return (f.start or extent[0], f.end or extent[1])


def effective_window(slider: tuple[date, date] | None, brush: tuple[date, date] | None,
                     extent: tuple[date, date] | None) -> tuple[date | None, date | None]:
    """The date window the views use: the slider's, narrowed by a timeline brush; (None, None) = no window."""
    lo, hi = slider if slider else (None, None)
    if brush:
        b0, b1 = sorted(brush)
        lo = max(lo, b0) if lo else b0
        hi = min(hi, b1) if hi else b1
        if lo > hi:
            lo = hi = b0
    if extent and lo == extent[0] and hi == extent[1]:
        return None, None
    return lo, hi


def step_window(window: tuple[date, date], extent: tuple[date, date],
                spans: Sequence[tuple[date, date]] = ()) -> tuple[date, date]:
    """Step and Play: move the window forward by its own width, wrapping to the start past the end.

    With ``spans`` (the stretches of days that hold dated events, ``filters.dated_spans``), a step that would
    land on a window with no event in it goes on to the next stretch that has one (the window starting on its
    first day), wrapping to the first past the end: a window of weeks does not walk through empty centuries."""
    lo, hi = window
    width = hi - lo
    if hi >= extent[1]:
        nxt = (extent[0], min(extent[0] + width, extent[1]))
    else:
        new_hi = min(hi + max(width, timedelta(days=1)), extent[1])
        nxt = (max(new_hi - width, extent[0]), new_hi)
    if not spans or holds_events(nxt, spans):
        return nxt
    later = [a for a, _ in spans if a > hi] if nxt[0] > lo else []  # nxt[0] <= lo: the step wrapped
    start = min(max(later[0] if later else spans[0][0], extent[0]), extent[1])
    end = min(start + width, extent[1])
    return max(end - width, extent[0]), end


def holds_events(window: tuple[date, date], spans: Sequence[tuple[date, date]]) -> bool:
    """Whether ``window`` meets one of ``spans`` (the stretches of days with dated events)."""
    return any(a <= window[1] and b >= window[0] for a, b in spans)


# ---------------------------------------------------------------- the slider's track
MIN_TRACK_PAD = timedelta(days=7)


def track_for(window: tuple[date, date], extent: tuple[date, date]) -> tuple[date, date]:
    """The date slider's ends for ``window``: the window with its own width (a week at least) on each side,
    within ``extent``. A window is then a third of the track, not a sliver between two overlapping thumbs
    (the whole extent of the seed is five years around a few weeks); "All dates" makes the track the extent."""
    lo, hi = window
    pad = max(hi - lo, MIN_TRACK_PAD)
    return max(lo - pad, extent[0]), min(hi + pad, extent[1])


def track_after(window: tuple[date, date], track: tuple[date, date] | None,
                extent: tuple[date, date]) -> tuple[date, date]:
    """The track to show ``window`` on: ``track`` while the window lies inside it without touching an end
    that is not the extent's (a drag to the end of the track moves the track on), else a new one around it."""
    if track is not None and extent[0] <= track[0] <= track[1] <= extent[1]:
        lo_ok = window[0] > track[0] or track[0] == extent[0]
        hi_ok = window[1] < track[1] or track[1] == extent[1]
        if track[0] <= window[0] and window[1] <= track[1] and lo_ok and hi_ok:
            return track
    return track_for(window, extent)


# ---------------------------------------------------------------- the rest of a shared view
@dataclass(frozen=True)
class LinkView:
    """What a share link holds beyond the filters: the timeline brush, the map view and the clicked marker.

    URL parameters: ``brush=YYYY-MM-DD..YYYY-MM-DD``, ``view=SOUTH,WEST,NORTH,EAST``, ``at=LAT,LON``."""

    brush: tuple[date, date] | None = None
    view: Bounds | None = None
    at: tuple[float, float] | None = None


MAX_VIEW_LON = 540.0  # a link's west/east: Leaflet's bounds go past +-180 when the map is panned round the world


def _floats(raw: str, n: int) -> tuple[float, ...] | None:
    parts = raw.split(",")
    if len(parts) != n:
        return None
    try:
        vals = tuple(float(p) for p in parts)
    except ValueError:
        return None
    return vals if all(math.isfinite(v) for v in vals) else None


def parse_link_view(params: Mapping[str, Sequence[str] | str]) -> tuple[LinkView, list[str]]:
    """The brush, map view and marker of a share link, plus one Markdown-safe notice per value ignored."""
    notices: list[str] = []

    def last(name: str) -> str | None:
        vals = _as_list(params.get(name))
        return vals[-1] if vals else None

    brush = None
    raw = last("brush")
    if raw is not None:
        a, _, b = raw.partition("..")
        lo, hi = _strict_date(a), _strict_date(b)
        if lo and hi and lo <= hi:
            brush = (lo, hi)
        else:
            notices.append(f"Ignored the timeline brush “{md_escape(raw, 40)}” from the link "
                           "(expected YYYY-MM-DD..YYYY-MM-DD).")
    view = None
    raw = last("view")
    if raw is not None:
        v = _floats(raw, 4)
        # a map's view spans a few turns of the world at most: 1e308 is finite but no longitude to fit
        if v and -90 <= v[0] < v[2] <= 90 and v[1] != v[3] and all(abs(x) <= MAX_VIEW_LON for x in (v[1], v[3])):
            view = Bounds(*v)
        else:
            notices.append(f"Ignored the map view “{md_escape(raw, 80)}” from the link (expected south,west,north,east).")
    at = None
    raw = last("at")
    if raw is not None:
        v = _floats(raw, 2)
        if v and -90 <= v[0] <= 90:
            at = (v[0], v[1])
        else:
            notices.append(f"Ignored the marker “{md_escape(raw, 60)}” from the link (expected lat,lon).")
    return LinkView(brush, view, at), notices


def link_view_query(lv: LinkView) -> dict[str, str]:
    """URL parameters for ``lv`` (only the parts it has); coordinates to 4 decimals (about 10 m)."""
    q: dict[str, str] = {}
    if lv.brush:
        q["brush"] = f"{lv.brush[0].isoformat()}..{lv.brush[1].isoformat()}"
    if lv.view:
        q["view"] = ",".join(f"{v:.4f}" for v in lv.view)
    if lv.at:
        q["at"] = f"{lv.at[0]:.6f},{lv.at[1]:.6f}"
    return q
