"""The Altair timeline: day-precision events as points, week/month/year dates as bars over their range.

The chart carries an x-interval selection named ``brush``; ``st.altair_chart(..., on_select="rerun")``
returns it and ``parse_brush`` turns it into a date window.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Sequence

import altair as alt
import pandas as pd

from timeline.records import StoredEvent
from timeline.query import event_places

from .labels import place_name

BRUSH = "brush"
POINT_PRECISIONS = frozenset({"day", "hour"})
SVG_MAX_ROWS = 1500


COLUMNS = ["id", "type", "kind", "start", "end", "when", "precision", "date_text", "actors", "place", "sentence",
           "in_window"]


def _row(e: StoredEvent, r: tuple[date, date]) -> dict:
    ev, t = e.event, e.event.date
    prec = t.precision or ("day" if r[0] == r[1] else "range")
    point = prec in POINT_PRECISIONS or r[0] == r[1]
    places = event_places(ev)
    return {
        "id": ev.id,
        "type": ev.type or "event",
        "kind": "point" if point else "range",
        "start": r[0].isoformat(),
        # bars end at the end of their last day
        "end": (r[0] if point else r[1] + timedelta(days=1)).isoformat(),
        "when": (r[0].isoformat() if point else f"{r[0]} to {r[1]}"),
        "precision": prec,
        "date_text": t.text or "",
        "actors": ", ".join(ev.actors),
        "place": place_name(places[0]) if places else "",
        "sentence": (ev.sentence or "")[:160],
        "last": r[1].isoformat(),
    }


def _in_window(lo: date | None, hi: date | None, first: str, last: str) -> bool:
    return bool((lo is None or last >= lo.isoformat()) and (hi is None or first <= hi.isoformat()))


def timeline_rows(events: Sequence[StoredEvent],
                  window: tuple[date | None, date | None] = (None, None)) -> list[dict]:
    """One row per dated event: ``kind`` is "point" for day (or finer) precision, "range" otherwise."""
    lo, hi = window
    rows = []
    for e in events:
        r = e.event.day_range
        if r is None:
            continue
        row = _row(e, r)
        row["in_window"] = _in_window(lo, hi, row["start"], row.pop("last"))
        rows.append(row)
    return rows


def timeline_frame(events: Sequence[StoredEvent]) -> pd.DataFrame:
    """The chart's rows for every dated event, indexed by the event's position in ``events``, plus ``last``
    (the last day of its range). Build it once per data set; ``select_rows`` takes the events shown."""
    index, rows = [], []
    for i, e in enumerate(events):
        r = e.event.day_range
        if r is not None:
            index.append(i)
            rows.append(_row(e, r))
    cols = [c for c in COLUMNS if c != "in_window"] + ["last"]
    return pd.DataFrame(rows, columns=cols, index=pd.Index(index, dtype="int64"))


def select_rows(frame: pd.DataFrame, positions: Sequence[int],
                window: tuple[date | None, date | None] = (None, None)) -> pd.DataFrame:
    """The rows of ``timeline_frame`` for the events at ``positions``, with ``in_window`` for ``window``."""
    df = frame[frame.index.isin(positions)]
    lo, hi = window
    inside = pd.Series(True, index=df.index)
    if lo is not None:
        inside &= df["last"] >= lo.isoformat()
    if hi is not None:
        inside &= df["start"] <= hi.isoformat()
    return df.assign(in_window=inside.astype(bool))[COLUMNS].reset_index(drop=True)


# The axis labels days: a tick less than a day from the last would repeat its label (a window of a few days gave
# "2016-01-27" four times), so ticks are at least a day apart (Vega's tickMinStep is in the scale's unit, ms).
DAY_MS = 86_400_000
DAY_AXIS = alt.Axis(format="%Y-%m-%d", labelAngle=0, labelOverlap=True, tickMinStep=DAY_MS)


def build_timeline(events: Sequence[StoredEvent], colors: dict[str, str],
                   window: tuple[date | None, date | None] = (None, None),
                   domain: tuple[date, date] | None = None, *, rows: pd.DataFrame | None = None,
                   brush: tuple[date, date] | None = None) -> alt.LayerChart:
    """Points for day dates, bars for ranges, coloured by type, dimmed outside the window, with a brush.

    ``domain`` (the slider's window) zooms the x axis; marks outside it are clipped. ``rows``: the chart's
    rows already selected (``select_rows``), in which case ``events`` is not read. ``brush``: a brush to
    draw from the start (a share link's); the reader's own brush is the chart's to draw.
    """
    df = rows if rows is not None else pd.DataFrame(timeline_rows(events, window), columns=COLUMNS)
    types = sorted(colors, key=str.lower) or ["event"]
    scale = alt.Scale(type="utc")
    if domain:
        lo, hi = domain[0], domain[1] + timedelta(days=1)
        scale = alt.Scale(type="utc", domain=[_dt(lo), _dt(hi)])
    x = alt.X("start:T", title=None, scale=scale, axis=DAY_AXIS)
    at_noon = alt.X(f"{NOON}:T", title=None, scale=scale, axis=DAY_AXIS)  # a day's dot in the middle of its day
    base = alt.Chart(df).encode(
        y=alt.Y("type:N", title=None, sort=types),
        color=alt.Color("type:N", scale=alt.Scale(domain=types, range=[colors.get(t, "#555") for t in types]),
                        legend=None),
        opacity=alt.condition(alt.datum.in_window, alt.value(0.95), alt.value(0.2)),
        tooltip=[alt.Tooltip("when:N", title="date"), alt.Tooltip("precision:N"), alt.Tooltip("type:N"),
                 alt.Tooltip("place:N"), alt.Tooltip("actors:N"), alt.Tooltip("sentence:N")],
    )
    initial = brush_box(brush)
    brush = alt.selection_interval(encodings=["x"], name=BRUSH, value=initial)
    clip = domain is not None
    # Each type's row is split in two: days above, weeks/months/years below, so a day inside a week of its
    # own type is a dot beside the bar, not a dot drawn over it ("(O(O(O").
    lane = alt.YOffset("kind:N", scale=alt.Scale(domain=["point", "range"]))
    # A day holding several events of one type is one larger dot with their number written inside it: written
    # beside it, the number ran into the next day's dot once days were a few pixels apart ("●2●2"). The
    # number's layer takes no clicks (Vega-Lite makes a mark without a selection non-interactive), so a click
    # on it reaches the dot under it.
    points = at_midday(base.transform_filter(alt.datum.kind == "point").transform_joinaggregate(
        n_day="count()", groupby=["start", "type", "kind"])).mark_circle(
        stroke="white", strokeWidth=1, clip=clip).encode(
        x=at_noon, yOffset=lane, size=alt.condition(alt.datum.n_day > 1, alt.value(COUNT_DOT_SIZE), alt.value(80))
    ).add_params(brush)
    bars = base.transform_filter(alt.datum.kind == "range").mark_bar(height=7, cornerRadius=2, clip=clip).encode(
        x=x, x2=alt.X2("end:T"), yOffset=lane)
    # several events of one type on one day share a dot: their number is written inside it
    counts = at_midday(alt.Chart(df).transform_filter(alt.datum.kind == "point").transform_aggregate(
        n="count()", groupby=["start", "type", "kind", "in_window"]).transform_filter(alt.datum.n > 1)).mark_text(
        align="center", baseline="middle", fontSize=9, fontWeight="bold", color="white", clip=clip).encode(
        x=at_noon, y=alt.Y("type:N", title=None, sort=types), yOffset=lane, text="n:Q",
        opacity=alt.condition(alt.datum.in_window, alt.value(0.95), alt.value(0.3)))
    n_types = max(1, len(set(df["type"]))) if len(df) else 1
    chart = alt.layer(bars, points, counts).properties(height=max(160, 44 * n_types))
    if len(df) <= SVG_MAX_ROWS:  # SVG (Streamlit switches to canvas past 2,000 marks): marks a test can find
        chart = chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
    return chart


COUNT_DOT_SIZE = 230  # area (px²) of a day's dot holding several events: room for a two-digit number inside
STRIP_MAX_ROWS = 300  # above this many dated events the timeline shows counts (a histogram) by default


def bin_days(span_days: int) -> str:
    """The histogram's bin for an axis of ``span_days``: day up to four months, week up to three years, else month."""
    return "day" if span_days <= 120 else "week" if span_days <= 1100 else "month"


def _bin(day: str, unit: str) -> tuple[str, str]:
    """The (first, next-after-last) ISO days of the ``unit`` bin holding the ISO ``day``; weeks from Monday."""
    d = date.fromisoformat(day)
    if unit == "week":
        first = d - timedelta(days=d.weekday())
        return first.isoformat(), (first + timedelta(days=7)).isoformat()
    if unit == "month":
        nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return d.replace(day=1).isoformat(), nxt.isoformat()
    return day, (d + timedelta(days=1)).isoformat()


def histogram_rows(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``select_rows``' rows counted per bin (by the first day of each event's date), type and in_window:
    columns start, end (the bin's first and next-after-last day, ISO), type, in_window, n."""
    cols = ["start", "end", "type", "in_window", "n"]
    if not len(rows):
        return pd.DataFrame(columns=cols)
    # bins of the distinct days only (a few hundred for 10,000 events), then counted in one group-by
    bins = {day: _bin(day, unit) for day in rows["start"].unique()}
    counted = rows.groupby(["start", "type", "in_window"], as_index=False).size()
    counted["end"] = counted["start"].map(lambda d: bins[d][1])
    counted["start"] = counted["start"].map(lambda d: bins[d][0])
    return counted.groupby(["start", "end", "type", "in_window"], as_index=False)["size"].sum().rename(
        columns={"size": "n"})[cols]


def build_histogram(rows: pd.DataFrame, colors: dict[str, str], domain: tuple[date, date] | None = None,
                    brush: tuple[date, date] | None = None) -> alt.Chart:
    """Events over time, counted per day, week or month (by the axis' span) and stacked by type, with the
    same ``brush`` as the strip of ``build_timeline``: the view for many events (a strip of 10,000 dots is
    a smear) and the data sent to the browser is a few hundred counts, not every event."""
    if domain:
        span = (domain[1] - domain[0]).days
    elif len(rows):
        span = (date.fromisoformat(rows["start"].max()) - date.fromisoformat(rows["start"].min())).days
    else:
        span = 0
    unit = bin_days(span)
    return histogram_chart(histogram_rows(rows, unit), unit, colors, domain, brush)


ALL_TYPES = "all types"  # the one series of bins the store counted without splitting them by type


def bins_frame(bins, unit: str, window: tuple[date | None, date | None] = (None, None)) -> pd.DataFrame:
    """``histogram_rows``' columns from the store's counts per bin (``timeline.query.TimeBin``, by type when
    it was asked ``by="types"``), ``in_window`` for the bins overlapping ``window``."""
    lo, hi = window
    rows = []
    for b in bins:
        first, nxt = _bin(b.start.isoformat(), unit) if unit != "year" else (
            b.start.isoformat(), date(b.start.year + 1, 1, 1).isoformat())
        rows.append({"start": first, "end": nxt, "type": b.type or ALL_TYPES,
                     "in_window": _in_window(lo, hi, first, (date.fromisoformat(nxt) - timedelta(days=1)).isoformat()),
                     "n": b.count})
    return pd.DataFrame(rows, columns=["start", "end", "type", "in_window", "n"])


def histogram_chart(df: pd.DataFrame, unit: str, colors: dict[str, str], domain: tuple[date, date] | None = None,
                    brush: tuple[date, date] | None = None) -> alt.Chart:
    """The bars of ``df`` (``histogram_rows``' or ``bins_frame``'s columns) stacked by type, with the brush."""
    store_counted = len(df) and ALL_TYPES in set(df["type"])
    types = [ALL_TYPES] if store_counted else sorted(colors, key=str.lower) or ["event"]
    scale = alt.Scale(type="utc")
    if domain:
        scale = alt.Scale(type="utc", domain=[_dt(domain[0]), _dt(domain[1] + timedelta(days=1))])
    initial = brush_box(brush)
    sel = alt.selection_interval(encodings=["x"], name=BRUSH, value=initial)
    chart = alt.Chart(df).mark_bar(clip=domain is not None, stroke="white", strokeWidth=0.3).encode(
        x=alt.X("start:T", title=None, scale=scale, axis=DAY_AXIS),
        x2=alt.X2("end:T"),
        # n as it is, not sum(n): an aggregate keeps only the fields it groups by, so in_window was gone and every
        # bar drew at the dimmed opacity, inside the window or not
        y=alt.Y("n:Q", title=f"events per {unit}", stack="zero"),
        color=alt.Color("type:N", scale=alt.Scale(domain=types, range=[colors.get(t, "#4c78a8") for t in types]),
                        legend=None),  # the map's legend has the type colours
        order=alt.Order("type:N"),
        opacity=alt.condition(alt.datum.in_window, alt.value(0.95), alt.value(0.25)),
        tooltip=[alt.Tooltip("start:T", title=f"{unit} from", format="%Y-%m-%d"), alt.Tooltip("type:N"),
                 alt.Tooltip("n:Q", title="events")],
    ).add_params(sel).properties(height=200)
    if len(df) <= SVG_MAX_ROWS:
        chart = chart.properties(usermeta={"embedOptions": {"renderer": "svg"}})
    return chart


# A day on the time axis is the stretch from its midnight to the next (UTC): a bar of counts covers it, a dot
# sits at its middle, and a brush holds the days whose middle it covers. So the window a brush gives is the
# days it visibly holds, on either chart, and a window drawn as a brush (a share link's) covers its days whole.
NOON = "noon"  # the field the dots are drawn at
DAY_MS = 86_400_000
HALF_DAY_MS = DAY_MS // 2


def at_midday(chart: alt.Chart) -> alt.Chart:
    """``chart`` with the field NOON: the middle of the (UTC) day of its rows' ``start``."""
    return chart.transform_calculate(**{NOON: f"toDate(datum.start) + {HALF_DAY_MS}"})


def brush_box(window: tuple[date, date] | None):
    """The brush drawn for the dates ``window`` (both ends kept): from its first midnight to the midnight after
    its last day, so the box covers what the window holds (``parse_brush`` reads it back as the same days)."""
    if not window:
        return alt.Undefined
    return {"x": [_dt(window[0]), _dt(window[1] + timedelta(days=1))]}


def _dt(d: date) -> alt.DateTime:
    return alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True)


def _to_ms(v) -> int | None:
    """A brush end as milliseconds since 1970 (UTC): Vega's numbers, ISO strings, or {year, month, date}."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return int(v)
    when = None
    if isinstance(v, str):
        try:
            when = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            return None
    elif isinstance(v, dict) and "year" in v:
        try:
            when = datetime(int(v["year"]), int(v.get("month", 1)), int(v.get("date", 1)))
        except (TypeError, ValueError):
            return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return int(when.timestamp() * 1000)


def _day(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).date()


def parse_brush(selection) -> tuple[date, date] | None:
    """The brushed (start, end) dates from a Streamlit chart selection state, or None when nothing is brushed:
    the days whose middle the box covers (a box narrower than that: the day of its middle)."""
    try:
        sel = selection.get(BRUSH) if hasattr(selection, "get") else None
    except Exception:  # noqa: BLE001 - a selection state of an unexpected shape means "no brush"
        return None
    if not sel:
        return None
    # keyed by the x field the brush was drawn on: "start" on the counts, NOON on the strip's dots
    vals = (sel.get("start") or sel.get(NOON)) if isinstance(sel, dict) else None
    if not vals or len(vals) != 2:
        return None
    a, b = _to_ms(vals[0]), _to_ms(vals[1])
    if a is None or b is None:
        return None
    a, b = min(a, b), max(a, b)
    first, last = _day(a + HALF_DAY_MS), _day(b - HALF_DAY_MS)  # a noon at an end counts as covered
    if last < first:
        middle = _day((a + b) // 2)
        return middle, middle
    return first, last
